// What `npm run docs` and `npm run flow` share: writing the event-flow map, and how a docs CLI ends when it fails.
import { writeFile } from 'node:fs/promises';
import { generateFlowDocs } from './generate';
import { FLOW_MARKDOWN_FILE, FLOW_SVG_FILE, repoRelative } from './repo';
import type { ServiceScan } from './service-registry';

/** Writes docs/event-flow.md and docs/event-flow.svg from `scan`, and says so on stdout. */
export async function writeFlowDocs(scan: ServiceScan): Promise<void> {
  const { markdown, svg } = await generateFlowDocs(scan);
  await writeFile(FLOW_MARKDOWN_FILE, markdown);
  await writeFile(FLOW_SVG_FILE, svg);
  console.log(`wrote ${repoRelative(FLOW_MARKDOWN_FILE)} and ${repoRelative(FLOW_SVG_FILE)}`);
}

/** The process entry of a docs CLI: runs `main` (async, so that what it throws rejects); on failure prints the error's message and exits 1. */
export function runDocsCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
