import path from 'node:path';

/** The repository root: tools/src (jest) and tools/dist (the CLIs) are both two levels below it. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Where the generated documents live. */
export const DOCS_DIR = path.join(REPO_ROOT, 'docs');

export const ASYNCAPI_FILE = path.join(DOCS_DIR, 'asyncapi.yaml');
export const FLOW_MARKDOWN_FILE = path.join(DOCS_DIR, 'event-flow.md');
export const FLOW_SVG_FILE = path.join(DOCS_DIR, 'event-flow.svg');

/**
 * The services the tools read, in DESIGN §5's order. A fixed list rather than a directory scan, so that a folder
 * that is not a service (client, bench) is never mistaken for one, and a missing service is reported by name.
 */
export const SERVICE_NAMES = ['auth', 'tickets', 'orders', 'expiration', 'payments', 'queue'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The shared folder beside the repo (DESIGN.md lives there); `TICKETING_SHARED_DIR` overrides it. */
export function sharedDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.TICKETING_SHARED_DIR || path.join(REPO_ROOT, '..', 'shared'));
}

/** A path relative to the repo root with forward slashes, for generated text that must not depend on the machine. */
export function repoRelative(file: string): string {
  return path.relative(REPO_ROOT, file).split(path.sep).join('/');
}
