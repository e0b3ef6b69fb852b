#!/usr/bin/env node
// `npm run trace -- <orderId>`: the events one order caused, read from the JetStream stream (see trace-command.ts).
import { runAsCli } from './command-io';
import { runTraceCommand } from './trace-command';

runAsCli(runTraceCommand);
