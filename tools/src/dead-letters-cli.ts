#!/usr/bin/env node
// `npm run dead-letters [-- --replay <id|all>]`: lists or replays the dead letters (see dead-letters-command.ts).
import { runDeadLettersCommand } from './dead-letters-command';

runDeadLettersCommand(process.argv.slice(2), {
  env: process.env,
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
