// The buyer's side of a 3-D Secure challenge at the Stripe fake: what the challenge page's buttons send, as the
// browser's frame would.
import type { Reply } from './payments-harness';

/** Where the challenge page of the intent behind a 202 (POST /api/payments) posts its answer. */
export function challengeAnswerUrl(fakeUrl: string, reply: Reply): string {
  const page = new URL(`${fakeUrl}/3d_secure_2/${reply.body.stripeId}`);
  return `${page.origin}${page.pathname}`;
}

/** The page's form post: the answer, as its buttons send it. */
export function challengeAnswer(reply: Reply, answer: 'complete' | 'fail'): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ client_secret: reply.body.clientSecret, answer }),
  };
}

/** Answers the challenge of the intent behind a 202, as the challenge page's buttons do. */
export async function answerChallenge(fakeUrl: string, reply: Reply, answer: 'complete' | 'fail'): Promise<void> {
  const res = await fetch(challengeAnswerUrl(fakeUrl, reply), challengeAnswer(reply, answer));
  expect(res.status).toBe(200);
}
