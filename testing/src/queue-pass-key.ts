/**
 * The waiting room's pass key (QUEUE_PASS_KEY, DESIGN §13) of the test kit: given to every service it starts (only
 * queue and orders read it), so a test signs passes with `signQueuePass(…, TEST_QUEUE_PASS_KEY)` as queue would. Not
 * the session key: a session is never a pass.
 */
export const TEST_QUEUE_PASS_KEY = 'test-queue-pass-key-0123456789abcdefghijklmnopqrstuvwxyz';
