#!/usr/bin/env node
// `npm run docs`: writes the event catalogue docs/asyncapi.yaml (AsyncAPI 3.0) and, with it, the event-flow map
// (docs/event-flow.md and .svg, as `npm run flow` does; DESIGN §5). Reads the services' builds: run `npm run build` first.
import { writeFile } from 'node:fs/promises';
import { generateAsyncApi, generateFlowDocs, loadBuiltServices } from './generate';
import { ASYNCAPI_FILE, FLOW_MARKDOWN_FILE, FLOW_SVG_FILE, repoRelative } from './repo';

async function main(): Promise<void> {
  const scan = loadBuiltServices();
  await writeFile(ASYNCAPI_FILE, generateAsyncApi(scan));
  console.log(`wrote ${repoRelative(ASYNCAPI_FILE)}`);
  const { markdown, svg } = await generateFlowDocs(scan);
  await writeFile(FLOW_MARKDOWN_FILE, markdown);
  await writeFile(FLOW_SVG_FILE, svg);
  console.log(`wrote ${repoRelative(FLOW_MARKDOWN_FILE)} and ${repoRelative(FLOW_SVG_FILE)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
