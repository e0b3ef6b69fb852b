// The fake's 3-D Secure challenge page, the stand-in for the issuer's page that Stripe.js shows in a frame when a
// PaymentIntent is `requires_action` (its URL is in next_action). It is outside /v1 and takes no API key, as Stripe's
// hosted pages do: holding the intent's client_secret is what allows answering. Test mode's own page offers the same
// two buttons (https://docs.stripe.com/testing#regulatory-cards).
//   GET  /3d_secure_2/:id?client_secret=...   the page
//   POST /3d_secure_2/:id                      client_secret, answer=complete|fail (form-encoded)
// A browser's form POST gets a page that tells the parent window (postMessage) that the challenge is over; a caller
// asking for JSON (tests, Accept: application/json) gets the PaymentIntent as it now is.
import type { Request, RequestHandler, Response } from 'express';
import { formatAmount } from '../currencies';
import { StripeApiError } from '../errors';
import type { PaymentIntent } from '../objects/payment-intent';
import { escapeHtml, htmlPage as page } from '../http/html-page';
import { answerChallenge } from '../operations/answer-challenge';
import type { StripeState } from '../state';

/** What the page posts to its parent window when the challenge is answered. */
export const CHALLENGE_DONE_MESSAGE = 'stripe-fake:3ds-challenge-done';

/** The intent the request names, if the client_secret it carries is that intent's. */
function intentFor(state: StripeState, req: Request, clientSecret: unknown): PaymentIntent | undefined {
  const intent = state.paymentIntents.get(String(req.params['id']));
  return intent !== undefined && clientSecret === intent.client_secret ? intent : undefined;
}

function notFound(res: Response): void {
  res.status(404).type('html').send(page('Not found', '<h1>Not found</h1><p>No challenge is waiting here.</p>'));
}

export function challengePage(state: StripeState): RequestHandler {
  return (req, res) => {
    const intent = intentFor(state, req, req.query['client_secret']);
    if (intent === undefined) return notFound(res);
    const amount = formatAmount(intent.currency, intent.amount);
    const secret = escapeHtml(intent.client_secret);
    const form = (answer: string, label: string) =>
      `<form method="post" action="/3d_secure_2/${escapeHtml(intent.id)}" style="display:inline">` +
      `<input type="hidden" name="client_secret" value="${secret}">` +
      `<input type="hidden" name="answer" value="${answer}"><button type="submit">${label}</button></form>`;
    res
      .type('html')
      .send(
        page(
          '3D Secure 2 Test Page',
          `<h1>3D Secure 2 Test Page</h1><p>A test payment of ${escapeHtml(amount)} asks you to confirm it is you.</p>` +
            (intent.status === 'requires_action'
              ? form('complete', 'Complete authentication') + form('fail', 'Fail authentication')
              : `<p>This payment is no longer waiting for authentication.</p>`),
        ),
      );
  };
}

export function answerChallengeRoute(state: StripeState): RequestHandler {
  return (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const intent = intentFor(state, req, body['client_secret']);
    if (intent === undefined) return notFound(res);
    const answer = body['answer'] === 'fail' ? 'fail' : body['answer'] === 'complete' ? 'complete' : undefined;
    const wantsJson = req.accepts(['html', 'json']) === 'json';
    if (answer === undefined) {
      res
        .status(400)
        .type('html')
        .send(page('Bad request', '<h1>Bad request</h1><p>answer must be complete or fail.</p>'));
      return;
    }
    try {
      answerChallenge(state, intent, answer, Math.floor(Date.now() / 1000));
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      // Answered already (a second click): JSON callers get Stripe's error; a browser is told the challenge is over.
      if (wantsJson) {
        res.status(error.status).json(error.toBody());
        return;
      }
    }
    if (wantsJson) {
      res.json(intent);
      return;
    }
    const message = JSON.stringify({ type: CHALLENGE_DONE_MESSAGE, paymentIntent: intent.id });
    res
      .type('html')
      .send(
        page(
          'Authentication finished',
          `<h1>Authentication finished</h1><p>You can return to the payment.</p>` +
            `<script>window.parent.postMessage(${message.replace(/</g, '\\u003c')}, '*')</script>`,
        ),
      );
  };
}
