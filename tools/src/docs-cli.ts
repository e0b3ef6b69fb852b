#!/usr/bin/env node
// `npm run docs`: writes the event catalogue docs/asyncapi.yaml (AsyncAPI 3.0) and, with it, the event-flow map
// (docs/event-flow.md and .svg, as `npm run flow` does; DESIGN §5). Reads the services' builds: run `npm run build` first.
import { writeFile } from 'node:fs/promises';
import { generateAsyncApi, loadBuiltServices } from './generate';
import { ASYNCAPI_FILE, repoRelative } from './repo';
import { runDocsCli, writeFlowDocs } from './write-docs';

runDocsCli(async () => {
  const scan = loadBuiltServices();
  await writeFile(ASYNCAPI_FILE, generateAsyncApi(scan));
  console.log(`wrote ${repoRelative(ASYNCAPI_FILE)}`);
  await writeFlowDocs(scan);
});
