#!/usr/bin/env node
// `npm run flow`: writes docs/event-flow.md (Mermaid) and docs/event-flow.svg (rendered in headless Chromium) from
// what the services register. Reads the services' builds: run `npm run build` first.
import { writeFile } from 'node:fs/promises';
import { generateFlowDocs, loadBuiltServices } from './generate';
import { FLOW_MARKDOWN_FILE, FLOW_SVG_FILE, repoRelative } from './repo';

async function main(): Promise<void> {
  const scan = loadBuiltServices();
  const { markdown, svg } = await generateFlowDocs(scan);
  await writeFile(FLOW_MARKDOWN_FILE, markdown);
  await writeFile(FLOW_SVG_FILE, svg);
  console.log(`wrote ${repoRelative(FLOW_MARKDOWN_FILE)} and ${repoRelative(FLOW_SVG_FILE)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
