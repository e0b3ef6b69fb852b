import { runToExit, type CommandResult } from '@ticketing/local';

export type { CommandResult } from '@ticketing/local';

/**
 * Runs a built Node script (a CLI's `dist/…-cli.js`) as its operator runs it, in a process of its own with `env` only
 * (and PATH; a variable set to undefined is left out), and resolves its exit code and output, whatever the code.
 */
export function runNodeScript(
  entry: string,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<CommandResult> {
  const defined = Object.entries({ PATH: process.env.PATH, ...env }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return runToExit(process.execPath, [entry, ...args], { env: Object.fromEntries(defined), timeoutMs: 60_000 });
}
