/**
 * Runs `attempt` until it resolves, waiting 250 ms, 500 ms, … up to 5 s between tries, and gives up only when
 * `shouldStop()` turns true (shutdown). Used to connect to the database and the bus at boot.
 */
export async function retryUntil<T>(
  what: string,
  attempt: () => Promise<T>,
  options: { shouldStop: () => boolean; onFailure: (error: unknown, tries: number) => void },
): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (options.shouldStop()) throw new Error(`${what}: gave up (shutting down)`, { cause: error });
      options.onFailure(error, tries);
      await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** (tries - 1), 5_000)));
    }
  }
}
