#!/usr/bin/env node
// `npm run flow`: writes docs/event-flow.md (Mermaid) and docs/event-flow.svg (rendered in headless Chromium) from
// what the services register. Reads the services' builds: run `npm run build` first.
import { loadBuiltServices } from './generate';
import { runDocsCli, writeFlowDocs } from './write-docs';

runDocsCli(async () => writeFlowDocs(loadBuiltServices()));
