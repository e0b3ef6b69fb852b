import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KUSTOMIZE_VERSION, isKustomizeAtVersion, kustomizeBinary } from './support/kustomize';
import { loadManifests, manifestsDir, readYamlDocuments } from './support/load';
import { kustomizeBuild, overlayDir, OVERLAYS } from './support/render';
import { parseYamlDocuments } from './support/yaml';

/** The YAML files of a folder of infra/k8s, kustomization.yaml aside, relative to infra/k8s. */
function yamlFilesOf(folder: string): string[] {
  return fs
    .readdirSync(path.join(manifestsDir, folder))
    .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
    .map((name) => `${folder}/${name}`)
    .sort();
}

/** A document as comparable text: keys sorted at every level, so that only content counts. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

describe('rendering the overlays', () => {
  test(`When the tests run, then kustomize is the pinned ${KUSTOMIZE_VERSION}, from the cache the test run fills`, () => {
    expect(isKustomizeAtVersion(kustomizeBinary())).toBe(true);
  });

  test('When the dev overlay is rendered, then every file of base/ contributes documents, and nothing else does', () => {
    const files = new Set(loadManifests('dev').map((m) => m.file));

    expect([...files].sort()).toEqual(yamlFilesOf('base'));
  });

  test.each(OVERLAYS)('When overlays/%s is read, then its kustomization names every file beside it', (overlay) => {
    const kustomization = readYamlDocuments(path.join(overlayDir(overlay), 'kustomization.yaml'))[0] as {
      resources?: string[];
      patches?: { path?: string }[];
      configMapGenerator?: { files?: string[] }[];
    };
    const named = [
      ...(kustomization.resources ?? []),
      ...(kustomization.patches ?? []).map((p) => p.path ?? ''),
      ...(kustomization.configMapGenerator ?? []).flatMap((g) => g.files ?? []),
    ];

    const beside = fs.readdirSync(overlayDir(overlay)).filter((name) => name !== 'kustomization.yaml');

    expect(beside.filter((name) => !named.includes(name))).toEqual([]);
  });

  test.each(OVERLAYS)(
    "When the %s overlay is rendered for the checks, then it is the overlay's own kustomize build, in another order",
    (overlay) => {
      const deployed = parseYamlDocuments(kustomizeBuild(overlayDir(overlay)), overlay)
        .map(canonical)
        .sort();

      const checked = loadManifests(overlay)
        .map((m) => canonical(m.body))
        .sort();

      expect(checked).toEqual(deployed);
    },
  );

  test("When a kustomization names a file that does not exist, then rendering fails with kustomize's message", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-render-'));
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');

    try {
      expect(() => kustomizeBuild(dir)).toThrow(/kustomize build .* failed: .*missing\.yaml/s);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('When a file repeats a key, then loading fails and names the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-load-'));
    const file = path.join(dir, 'twice.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\n');

    try {
      expect(() => readYamlDocuments(file)).toThrow(/twice\.yaml: .*unique/i);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
