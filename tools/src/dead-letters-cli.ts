#!/usr/bin/env node
// `npm run dead-letters [-- --replay <id|all>]`: lists or replays the dead letters (see dead-letters-command.ts).
import { runAsCli } from './command-io';
import { runDeadLettersCommand } from './dead-letters-command';

runAsCli(runDeadLettersCommand);
