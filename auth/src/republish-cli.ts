#!/usr/bin/env node
// `npm run republish -- users` (DESIGN §16): auth publishes every account as UserCreated again, for a consumer added
// later (orders' users replica, DESIGN §12); run through infra/local, which finds the local stores and bus login.
// See republish/republish-command.ts.
import { runRepublishCommand } from './republish/republish-command';

void runRepublishCommand(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => process.exit(code));
