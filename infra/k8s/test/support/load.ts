import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import type { ArtifactBuild, BuildContext } from '../rules/build-context';
import { createIgnoreMatcher } from '../rules/dockerignore';
import type { KubeObject, Manifest } from '../rules/manifests';

export const repoRoot = path.resolve(__dirname, '../../../..');
export const manifestsDir = path.join(repoRoot, 'infra/k8s');

/**
 * Every document of a YAML file. Any YAML error or warning (a duplicate key, a bad indent) throws, naming the file:
 * kubectl would reject or, worse, silently merge such a file.
 */
export function readYamlDocuments(file: string): KubeObject[] {
  const text = fs.readFileSync(file, 'utf8');
  return parseAllDocuments(text, { prettyErrors: true }).flatMap((document) => {
    const problems = [...document.errors, ...document.warnings];
    if (problems.length > 0) {
      throw new Error(`${path.relative(repoRoot, file)}: ${problems.map((p) => p.message).join('; ')}`);
    }
    const value: unknown = document.toJS();
    // An empty document (a trailing `---`) is skipped by kubectl too.
    if (value === null || value === undefined) return [];
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`${path.relative(repoRoot, file)}: a document that is not a mapping`);
    }
    return [value as KubeObject];
  });
}

/** Every document of infra/k8s/*.yaml: the same files skaffold.yaml's rawYaml applies. */
export function loadManifests(dir: string = manifestsDir): Manifest[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .flatMap((file) => readYamlDocuments(path.join(dir, file)).map((body, index) => ({ file, index, body })));
}

// Only what the rules read from skaffold.yaml; the schema test checks the whole file against Skaffold's own schema.
export const SkaffoldConfig = z.object({
  build: z.object({
    artifacts: z.array(
      z.object({
        image: z.string(),
        context: z.string().optional(),
        docker: z
          .object({ dockerfile: z.string().optional(), buildArgs: z.record(z.string(), z.string()).optional() })
          .optional(),
      }),
    ),
  }),
  manifests: z.object({ rawYaml: z.array(z.string()) }).optional(),
});
export type SkaffoldConfig = z.infer<typeof SkaffoldConfig>;

export function loadSkaffoldDocument(): KubeObject {
  const documents = readYamlDocuments(path.join(repoRoot, 'skaffold.yaml'));
  if (documents.length !== 1 || !documents[0]) throw new Error('skaffold.yaml: expected exactly one document');
  return documents[0];
}

export function loadSkaffold(): SkaffoldConfig {
  return SkaffoldConfig.parse(loadSkaffoldDocument());
}

export const RouteTable = z.object({
  host: z.string(),
  routes: z.array(z.object({ path: z.string(), service: z.string() })),
});
export type RouteTable = z.infer<typeof RouteTable>;

export function loadRoutes(): RouteTable {
  return RouteTable.parse(JSON.parse(fs.readFileSync(path.join(repoRoot, 'infra/routes.json'), 'utf8')));
}

export interface Dockerfile {
  path: string;
  text: string | undefined;
}

function readIfExists(absolute: string): string | undefined {
  return fs.existsSync(absolute) ? fs.readFileSync(absolute, 'utf8') : undefined;
}

/** Where an artifact's Dockerfile is, relative to the repo root. */
function dockerfilePathOf(artifact: SkaffoldConfig['build']['artifacts'][number]): string {
  return path.join(artifact.context ?? '.', artifact.docker?.dockerfile ?? 'Dockerfile');
}

/**
 * Each Dockerfile skaffold builds, once (five artifacts share the services' one), read from the artifact's context
 * (undefined text: the file is missing).
 */
export function loadDockerfiles(skaffold: SkaffoldConfig): Dockerfile[] {
  const paths = [...new Set(skaffold.build.artifacts.map(dockerfilePathOf))];
  return paths.map((relative) => ({ path: relative, text: readIfExists(path.join(repoRoot, relative)) }));
}

/** Each artifact with its Dockerfile and the build args skaffold passes to it. */
export function loadArtifactBuilds(skaffold: SkaffoldConfig): ArtifactBuild[] {
  return skaffold.build.artifacts.map((artifact) => {
    const dockerfile = dockerfilePathOf(artifact);
    return {
      image: artifact.image,
      dockerfile,
      text: readIfExists(path.join(repoRoot, dockerfile)),
      buildArgs: artifact.docker?.buildArgs ?? {},
    };
  });
}

/**
 * The ignore file Docker (BuildKit) applies to a build: `<Dockerfile>.dockerignore` beside the Dockerfile when there is
 * one, else the context's `.dockerignore`.
 */
export function dockerignoreFor(dockerfile: string, contextDir: string = repoRoot): string {
  return (
    readIfExists(path.join(contextDir, `${dockerfile}.dockerignore`)) ??
    readIfExists(path.join(contextDir, '.dockerignore')) ??
    ''
  );
}

/** The repo root as a build context, for the static COPY rule. */
export function repoBuildContext(dockerfile: string): BuildContext {
  return {
    exists: (relative) => fs.existsSync(path.join(repoRoot, relative)),
    ignore: createIgnoreMatcher(dockerignoreFor(dockerfile)),
  };
}
