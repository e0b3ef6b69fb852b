// Next.js calls register() once when the server starts (never during `next build`): the configuration is checked
// there, so that a missing or wrong STRIPE_PUBLISHABLE_KEY stops the client at start, with its reason, instead of
// breaking the Pay page of every buyer. The Node-only check is imported here only, as Next.js asks for Node APIs.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkConfigAtStart } = await import('./src/lib/check-config-at-start');
  checkConfigAtStart();
}
