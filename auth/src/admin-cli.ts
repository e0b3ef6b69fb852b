#!/usr/bin/env node
// `npm run admin -- grant|revoke <email>` (DESIGN §12 "Roles"): the operator's command, run from an auth image by the
// Kubernetes Job `admin` and by `npm start`'s seed (through infra/local, which finds the local stores). See
// admin/admin-command.ts.
import { runAdminCommand } from './admin/admin-command';

void runAdminCommand(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => process.exit(code));
