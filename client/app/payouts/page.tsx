import type { PayoutAccountStatus, PayoutJson, PayoutTotals } from '@ticketing/common';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Fragment } from 'react';
import { EventDate } from '@/components/event-date';
import { LoadFailed } from '@/components/load-failed';
import { PagerLinks } from '@/components/pager';
import { PayoutsOnboardingButton } from '@/components/payouts-onboarding';
import { StatusBadge } from '@/components/status-badge';
import { Table } from '@/components/table';
import { getPayouts } from '@/lib/api-server';
import { formatPrice, payoutStateLabel } from '@/lib/format';
import { pageCursor } from '@/lib/page';

export const metadata: Metadata = { title: 'Payouts' };

/** The seller's payout account: what it lets them do, and the way to Stripe while it is not set up. */
function AccountSection({ status }: { status: PayoutAccountStatus }) {
  return (
    <section
      className="card"
      aria-labelledby="payout-account-heading"
      data-testid="payout-account"
      data-status={status}
    >
      <h2 id="payout-account-heading">Payout account</h2>
      {status === 'none' && (
        <>
          <p>
            To be paid for the tickets you sell, set up a payout account with Stripe, our payment provider: it asks who
            you are and where to send the money. Until then, what your sales earn is held for you.
          </p>
          <PayoutsOnboardingButton label="Set up payouts" />
        </>
      )}
      {status === 'pending' && (
        <>
          <p>Stripe still needs some details before it can pay you. What your sales earn is held until then.</p>
          <PayoutsOnboardingButton label="Finish setting up" />
        </>
      )}
      {status === 'enabled' && (
        <p data-testid="payout-account-enabled">
          Your payout account is set up: each sale is paid to you after its event has taken place, less our fee.
        </p>
      )}
    </section>
  );
}

/** What each state means for the seller, beside its badge. */
function PayoutWhen({ payout, account }: { payout: PayoutJson; account: PayoutAccountStatus }) {
  switch (payout.state) {
    case 'held':
      return (
        <span data-testid="payout-held-reason">
          {account === 'enabled' ? 'Released soon' : 'Held until your payout account is set up'}
          {payout.scheduledFor && (
            <>
              {'; due '}
              <EventDate iso={payout.scheduledFor} />
            </>
          )}
        </span>
      );
    case 'scheduled':
      return payout.scheduledFor ? (
        <span>
          {'On '}
          <EventDate iso={payout.scheduledFor} testId="payout-scheduled-for" />
        </span>
      ) : null;
    case 'paid':
      return payout.paidAt ? (
        <span>
          {'On '}
          <EventDate iso={payout.paidAt} testId="payout-paid-at" />
        </span>
      ) : null;
    case 'reversed':
      return <span>Given back to the buyer (a refund or a dispute)</span>;
    case 'lost':
      return <span>Not paid: the buyer’s bank disputed the payment</span>;
  }
}

/** The sums by state, for the states that hold any money. */
function Totals({ totals }: { totals: PayoutTotals }) {
  const shown = (Object.keys(payoutStateLabel) as Array<keyof PayoutTotals>).filter((state) => totals[state] !== 0);
  if (shown.length === 0) return null;
  return (
    <dl className="details" data-testid="payout-totals">
      {shown.map((state) => (
        <Fragment key={state}>
          <dt>{payoutStateLabel[state]}</dt>
          <dd data-testid={`payout-total-${state}`}>{formatPrice(totals[state])}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

type PayoutsProps = { searchParams: Promise<{ before?: string | string[] }> };

/**
 * A seller's payouts (DESIGN §12 "Seller payouts"): their Stripe account (set it up, finish it, or done), the totals,
 * and each sale's payout: held and why, scheduled and when, paid (when, what the buyer paid, our fee, what they got),
 * reversed or lost.
 */
export default async function PayoutsPage({ searchParams }: PayoutsProps) {
  const cursor = pageCursor((await searchParams).before);
  const result = await getPayouts(cursor);
  return (
    <>
      <h1>Payouts</h1>
      {!result.ok ? (
        <LoadFailed
          failure={result}
          signInTo="see your payouts"
          title="Could not load your payouts"
          testId="payouts-error"
        />
      ) : (
        <>
          <AccountSection status={result.data.account.status} />
          <h2>Your sales</h2>
          <Totals totals={result.data.totals} />
          {result.data.payouts.length === 0 ? (
            <p className="empty" data-testid="payouts-empty">
              {cursor ? 'No older payouts.' : 'Nothing sold yet.'} <Link href="/tickets/new">Sell a ticket</Link>
            </p>
          ) : (
            <Table testId="payouts-table" columns={['Order', 'Sold for', 'Our fee', 'You receive', 'Status', 'When']}>
              {result.data.payouts.map((payout) => (
                <tr key={payout.orderId} data-testid="payout-row" data-order-id={payout.orderId}>
                  <td>
                    <code>{payout.orderId}</code>
                  </td>
                  <td data-testid="payout-gross">{formatPrice(payout.gross)}</td>
                  <td data-testid="payout-fee">{formatPrice(payout.fee)}</td>
                  <td data-testid="payout-amount">{formatPrice(payout.amount)}</td>
                  <td>
                    <StatusBadge
                      status={`payout-${payout.state}`}
                      label={payoutStateLabel[payout.state]}
                      testId="payout-state"
                    />
                  </td>
                  <td>
                    <PayoutWhen payout={payout} account={result.data.account.status} />
                  </td>
                </tr>
              ))}
            </Table>
          )}
          <PagerLinks
            first={cursor ? { href: '/payouts', label: 'Newest payouts' } : undefined}
            next={
              result.data.next
                ? { href: `/payouts?before=${result.data.next}`, label: 'Older payouts', testId: 'payouts-older' }
                : undefined
            }
          />
        </>
      )}
    </>
  );
}
