import { existsSync } from 'node:fs';
import path from 'node:path';
import { renderAsyncApi } from './asyncapi';
import { buildFlow } from './flow-model';
import { mermaidSource, renderFlowMarkdown } from './flow-markdown';
import { findPublishCauses } from './publish-causes';
import { renderMermaidSvg } from './render-svg';
import { REPO_ROOT, SERVICE_NAMES } from './repo';
import { loadServices, staleBuilds, type ServiceScan } from './service-registry';

/**
 * The services' registrations from their builds, as the CLIs read them.
 * @throws when a service's source changed after its build (the documents would describe old code).
 */
export function loadBuiltServices(root = REPO_ROOT): ServiceScan {
  const withSource = SERVICE_NAMES.filter((s) => existsSync(path.join(root, s, 'src', 'events', 'index.ts')));
  const stale = staleBuilds(withSource, root);
  if (stale.length) {
    throw new Error(
      `Not built since its source changed: ${stale.join(', ')}. Run \`npm run build\` (or npx tsc -b ${stale.join(' ')}) first.`,
    );
  }
  return loadServices({ from: 'dist', root });
}

/** docs/asyncapi.yaml's text. */
export function generateAsyncApi(scan: ServiceScan): string {
  return renderAsyncApi(scan);
}

/** docs/event-flow.md's text, without rendering (what the staleness test compares). */
export function generateFlowMarkdown(scan: ServiceScan, root = REPO_ROOT): string {
  return renderFlowMarkdown(
    buildFlow(
      scan,
      findPublishCauses(
        scan.present.map((s) => s.name),
        root,
      ),
    ),
  );
}

/** docs/event-flow.md's text and the SVG of its diagram. */
export async function generateFlowDocs(
  scan: ServiceScan,
  root = REPO_ROOT,
): Promise<{ markdown: string; svg: string }> {
  const flow = buildFlow(
    scan,
    findPublishCauses(
      scan.present.map((s) => s.name),
      root,
    ),
  );
  return { markdown: renderFlowMarkdown(flow), svg: `${await renderMermaidSvg(mermaidSource(flow))}\n` };
}
