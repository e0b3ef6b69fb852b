#!/usr/bin/env node
// `npm run trace -- <orderId>`: the events one order caused, read from the JetStream stream (see trace-command.ts).
import { runTraceCommand } from './trace-command';

runTraceCommand(process.argv.slice(2), {
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
