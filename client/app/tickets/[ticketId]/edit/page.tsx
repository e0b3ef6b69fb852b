import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Alert } from '@/components/alert';
import { EventDetails } from '@/components/event-details';
import { LoadFailed } from '@/components/load-failed';
import { SignInRequired } from '@/components/sign-in-required';
import { TicketForm } from '@/components/ticket-form';
import { getCurrentUser, getTicket } from '@/lib/api-server';
import { isObjectId } from '@/lib/format';

export const metadata: Metadata = { title: 'Edit ticket' };

type EditTicketPageProps = { params: Promise<{ ticketId: string }> };

export default async function EditTicketPage({ params }: EditTicketPageProps) {
  const { ticketId } = await params;
  if (!isObjectId(ticketId)) notFound();
  const [result, currentUser] = await Promise.all([getTicket(ticketId), getCurrentUser()]);
  if (!result.ok && result.status === 404) notFound();

  return (
    <div className="narrow">
      <h1>Edit ticket</h1>
      {!result.ok ? (
        <LoadFailed failure={result} title="Could not load this ticket" testId="ticket-error" />
      ) : !currentUser ? (
        <SignInRequired action="edit your tickets" />
      ) : currentUser.id !== result.data.userId ? (
        <Alert messages={['Only the seller can edit this ticket.']} title="Not your ticket" testId="not-owner" />
      ) : (
        <>
          {result.data.status !== 'available' && (
            // The API refuses the edit with 409 while an order holds the ticket or once it is sold; say so first.
            <p className="notice" data-testid="ticket-locked">
              This ticket is {result.data.status} and cannot be edited right now.
            </p>
          )}
          {result.data.event && <EventDetails event={result.data.event} link />}
          <TicketForm ticket={result.data} forEvent={result.data.event !== undefined} />
        </>
      )}
      <p className="aside">
        <Link href={`/tickets/${ticketId}`}>Back to the ticket</Link>
      </p>
    </div>
  );
}
