import type { ChargeJson, PendingChargeJson } from '@ticketing/common';
import type { ApiResult } from '../src/lib/api-result';
import { runPayment } from '../src/lib/payment-flow';

const charge: ChargeJson = { id: 'c1', orderId: 'o1', status: 'completed', amount: 20, stripeId: 'pi_1' };
const needs3ds: PendingChargeJson = {
  ...charge,
  status: 'created',
  requiresAction: true,
  clientSecret: 'pi_1_secret_x',
};
type Answer = ApiResult<ChargeJson | PendingChargeJson>;
const ok = (status: number, data: ChargeJson | PendingChargeJson): Answer => ({ ok: true, status, data });
const failed = (status: number, message: string): Answer => ({ ok: false, status, errors: [{ message }] });

/** Steps that answer in turn and record what was called. */
function steps(answers: { pay: Answer; confirm?: Answer }, nextAction?: { error?: { type: string; message: string } }) {
  const calls: string[] = [];
  return {
    calls,
    steps: {
      pay: async () => (calls.push('pay'), answers.pay),
      confirm: async () => (calls.push('confirm'), answers.confirm ?? failed(500, 'unexpected')),
      ...(nextAction && {
        handleNextAction: async (secret: string) => (calls.push(`handleNextAction:${secret}`), nextAction),
      }),
    },
  };
}

describe('runPayment', () => {
  test('When the charge completes at once, then success, and no next action or confirmation is asked for', async () => {
    const run = steps({ pay: ok(201, charge) }, {});

    const outcome = await runPayment(run.steps);

    expect(outcome).toEqual({ kind: 'success', messages: ['Payment received — order complete'] });
    expect(run.calls).toEqual(['pay']);
  });

  test('When the card needs 3-D Secure, then Stripe.js handles it with the client secret and payments confirms it', async () => {
    const run = steps({ pay: ok(202, needs3ds), confirm: ok(201, charge) }, {});

    const outcome = await runPayment(run.steps);

    expect(outcome.kind).toBe('success');
    expect(run.calls).toEqual(['pay', 'handleNextAction:pi_1_secret_x', 'confirm']);
  });

  test('When the challenge fails, then the server still settles it and the decline is told in the buyer’s words', async () => {
    const stripe =
      'We are unable to authenticate your payment method. Please choose a different payment method and try again.';
    const run = steps(
      { pay: ok(202, needs3ds), confirm: failed(402, stripe) },
      { error: { type: 'invalid_request_error', message: stripe } },
    );

    const outcome = await runPayment(run.steps);

    expect(outcome).toEqual({
      kind: 'declined',
      messages: ['Your bank did not confirm this payment, so nothing was charged.', 'The order has been cancelled.'],
    });
    expect(run.calls).toContain('confirm');
  });

  test('When a card is declined, then declined with the reason and the cancellation', async () => {
    const outcome = await runPayment(steps({ pay: failed(402, 'Your card was declined.') }).steps);

    expect(outcome).toEqual({
      kind: 'declined',
      messages: ['Your card was declined.', 'The order has been cancelled.'],
    });
  });

  test('When 3-D Secure is asked for where Stripe.js is not loaded, then an error, and no confirmation', async () => {
    const run = steps({ pay: ok(202, needs3ds) });

    const outcome = await runPayment(run.steps);

    expect(outcome.kind).toBe('error');
    expect(run.calls).toEqual(['pay']);
  });

  test('When Stripe is still processing, then pending, not success', async () => {
    const processing: PendingChargeJson = { ...charge, status: 'created', requiresAction: false };

    const outcome = await runPayment(steps({ pay: ok(202, processing) }).steps);

    expect(outcome.kind).toBe('pending');
  });

  test('When the API refuses the payment (409), then its message is shown as an error', async () => {
    const outcome = await runPayment(steps({ pay: failed(409, 'Order is cancelled') }).steps);

    expect(outcome).toEqual({ kind: 'error', messages: ['Order is cancelled'] });
  });
});
