/** What a command reads and writes, so that tests drive it without a terminal. */
export interface CommandIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The process entry of a command: runs it on the real terminal and exits with its code. */
export function runAsCli(command: (argv: readonly string[], io: CommandIo) => Promise<number>): void {
  command(process.argv.slice(2), {
    env: process.env,
    // npm runs root scripts in the repo root, where `npm start` keeps its data directory too.
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
