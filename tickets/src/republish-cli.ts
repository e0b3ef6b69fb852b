#!/usr/bin/env node
// `npm run republish -- events` (DESIGN §16): tickets publishes every scheduled event as EventCreated again, for a
// consumer added later (queue's rooms, DESIGN §13); run through infra/local, which finds the local stores and bus
// login. See republish/republish-command.ts.
import { runRepublishCommand } from './republish/republish-command';

void runRepublishCommand(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => process.exit(code));
