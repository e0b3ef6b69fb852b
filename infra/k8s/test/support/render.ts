// The rules read the overlays as kustomize renders them, the documents skaffold applies, never the raw files: a patch
// that breaks a probe or a selector is caught in what the cluster would get.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import type { KubeObject, Manifest } from '../rules/manifests';
import { kustomizeBinary } from './kustomize';
import { manifestsDir } from './paths';
import { parseYamlDocuments } from './yaml';

/** The overlays skaffold deploys: `dev` (skaffold dev) and `prod` (skaffold run -p prod). */
export const OVERLAYS = ['dev', 'prod'] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** The annotation kustomize's `buildMetadata: [originAnnotations]` puts on each document: the file it came from. */
const ORIGIN = 'config.kubernetes.io/origin';

export function overlayDir(overlay: Overlay): string {
  return path.join(manifestsDir, 'overlays', overlay);
}

/** `kustomize build <dir>` with the pinned kustomize; throws with kustomize's own message. */
export function kustomizeBuild(dir: string): string {
  try {
    return execFileSync(kustomizeBinary(), ['build', dir], { encoding: 'utf8', stdio: 'pipe', timeout: 60_000 });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`kustomize build ${path.relative(manifestsDir, dir) || dir} failed: ${stderr ?? String(error)}`, {
      cause: error,
    });
  }
}

/**
 * Renders the overlay through a throw-away kustomization that only adds origin annotations and keeps the input order,
 * so that each document can be named by its source file and its place in it (`base/auth.yaml #2`); the annotation is
 * then removed, and what is left is the overlay's own output (test/load.test.ts shows it).
 */
function renderWithOrigins(overlay: Overlay): { file: string; body: KubeObject }[] {
  const wrapper = fs.mkdtempSync(path.join(os.tmpdir(), `k8s-render-${overlay}-`));
  try {
    // Relative: kustomize refuses an absolute path to a kustomization.
    const target = path.relative(wrapper, overlayDir(overlay));
    fs.writeFileSync(
      path.join(wrapper, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        `resources: [${JSON.stringify(target)}]`,
        'buildMetadata: [originAnnotations]',
        'sortOptions: { order: fifo }',
        '',
      ].join('\n'),
    );
    return parseYamlDocuments(kustomizeBuild(wrapper), `kustomize build overlays/${overlay}`).map((body) => {
      const annotations = body.metadata?.annotations ?? {};
      const origin = parse(annotations[ORIGIN] ?? '{}') as { path?: string; configuredIn?: string };
      delete annotations[ORIGIN];
      if (body.metadata && Object.keys(annotations).length === 0) delete body.metadata.annotations;
      // A generated document (the configMapGenerator's) has no path: it is named by the kustomization that made it.
      const source = origin.path ?? origin.configuredIn;
      const file = source ? path.relative(manifestsDir, path.resolve(wrapper, source)) : '(unknown)';
      return { file, body };
    });
  } finally {
    fs.rmSync(wrapper, { recursive: true, force: true });
  }
}

const rendered = new Map<Overlay, Manifest[]>();

/**
 * Every document of the overlay as kustomize renders it, named by the file it came from (relative to infra/k8s) and
 * its index among that file's documents. Rendered once per test file; each call returns a fresh copy, so that a test
 * editing it cannot disturb another.
 *
 * @throws Error when kustomize is not installed at the pinned version, the overlay does not build, or the output is
 * not clean YAML.
 */
export function renderOverlay(overlay: Overlay): Manifest[] {
  let manifests = rendered.get(overlay);
  if (!manifests) {
    const seen = new Map<string, number>();
    manifests = renderWithOrigins(overlay).map(({ file, body }) => {
      const index = seen.get(file) ?? 0;
      seen.set(file, index + 1);
      return { file, index, body };
    });
    rendered.set(overlay, manifests);
  }
  return structuredClone(manifests);
}
