import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ArtifactBuild, BuildContext } from '../rules/build-context';
import { createIgnoreMatcher } from '../rules/dockerignore';
import type { KubeObject, Manifest } from '../rules/manifests';
import { repoRoot } from './paths';
import { OVERLAYS, renderOverlay, type Overlay } from './render';
import { parseYamlDocuments } from './yaml';

export { manifestsDir, repoRoot } from './paths';

/** Every document of a YAML file; any YAML error or warning throws, naming the file (support/yaml.ts). */
export function readYamlDocuments(file: string): KubeObject[] {
  return parseYamlDocuments(fs.readFileSync(file, 'utf8'), path.relative(repoRoot, file));
}

/** Every document of an overlay (`dev` or `prod`) as kustomize renders it (support/render.ts). */
export function loadManifests(overlay: Overlay): Manifest[] {
  return renderOverlay(overlay);
}

/** Both overlays, rendered: the "as committed" checks run on each. */
export function loadOverlays(): Record<Overlay, Manifest[]> {
  return Object.fromEntries(OVERLAYS.map((overlay) => [overlay, renderOverlay(overlay)])) as Record<
    Overlay,
    Manifest[]
  >;
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
  manifests: z.object({ kustomize: z.object({ paths: z.array(z.string()) }) }).optional(),
  profiles: z
    .array(
      z.object({
        name: z.string(),
        manifests: z.object({ kustomize: z.object({ paths: z.array(z.string()) }) }).optional(),
      }),
    )
    .optional(),
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
