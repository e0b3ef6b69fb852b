import { parseDockerfile } from './dockerfile';
import { containers, type Manifest } from './manifests';

export interface ImageReference {
  name: string;
  tag?: string;
  digest?: string;
}

/** `registry:5000/team/app:1.2.3@sha256:...` → name, tag, digest (a registry port is not a tag). */
export function parseImageReference(reference: string): ImageReference {
  const [withoutDigest = '', digest] = reference.split('@', 2);
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  return {
    name: hasTag ? withoutDigest.slice(0, colon) : withoutDigest,
    ...(hasTag && { tag: withoutDigest.slice(colon + 1) }),
    ...(digest !== undefined && { digest }),
  };
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
// A full version (major.minor.patch, optionally with a variant: `7.4.2-alpine`); `7`, `alpine` or `latest` float.
const VERSION = /^v?\d+\.\d+\.\d+([-.+][0-9A-Za-z.-]+)?$/;

/** Why a reference is not pinned, or undefined when it is pinned by digest or by a full version tag. */
export function unpinnedBecause(reference: string): string | undefined {
  const { tag, digest } = parseImageReference(reference);
  if (digest !== undefined) return DIGEST.test(digest) ? undefined : `malformed digest ${digest}`;
  if (tag === undefined) return 'untagged (that means latest)';
  if (tag === 'latest') return 'tagged latest';
  return VERSION.test(tag) ? undefined : `tag ${tag} is not a full version`;
}

/**
 * Images and skaffold agree: every image skaffold builds runs somewhere, and every image a manifest runs is either
 * built by skaffold (written untagged: skaffold substitutes the tag it built) or pinned by full version or digest, so
 * that what runs is what was checked.
 */
export function imageProblems(manifests: readonly Manifest[], built: readonly string[]): string[] {
  const used = containers(manifests);
  const unused = built
    .filter((image) => !used.some(({ container }) => container.image === image))
    .map((image) => `skaffold builds ${image} but no manifest runs it`);
  const wrong = used.flatMap(({ container, where }) => {
    const image = container.image;
    if (!image) return [`${where}: no image`];
    if (built.includes(parseImageReference(image).name)) {
      return built.includes(image) ? [] : [`${where}: ${image} is built by skaffold and must be written untagged`];
    }
    const because = unpinnedBecause(image);
    return because ? [`${where}: ${image} is not built by skaffold and is ${because}`] : [];
  });
  return [...unused, ...wrong];
}

export interface DockerfileText {
  path: string;
  text: string | undefined;
}

/** The program of an exec-form CMD (`["node", "x.js"]` → node); undefined for the shell form. */
function execFormProgram(cmd: string | undefined): string | undefined {
  try {
    const parsed: unknown = JSON.parse(cmd ?? '');
    return Array.isArray(parsed) && typeof parsed[0] === 'string' ? parsed[0] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Dockerfiles skaffold builds: each exists; its base images are pinned (ARG defaults resolved); all of them use
 * one and the same Node image, of the major the code is built and tested with; the final stage runs as a non-root
 * USER and starts `node` itself (exec form), so that SIGTERM reaches the service rather than npm or a shell.
 */
export function dockerfileProblems(dockerfiles: readonly DockerfileText[], nodeMajor: number): string[] {
  const nodeImages = new Set<string>();
  const problems = dockerfiles.flatMap(({ path, text }) => {
    if (text === undefined) return [`${path}: missing`];
    const found: string[] = [];
    const args = new Map<string, string>();
    const stages = new Set<string>();
    let user: string | undefined;
    let cmd: string | undefined;
    for (const { keyword, args: rest } of parseDockerfile(text)) {
      if (keyword === 'ARG') {
        const equals = rest.indexOf('=');
        if (equals > 0 && !args.has(rest.slice(0, equals))) args.set(rest.slice(0, equals), rest.slice(equals + 1));
      } else if (keyword === 'FROM') {
        const [rawImage = '', as, stage] = rest.replace(/--platform=\S+\s+/, '').split(/\s+/);
        const image = rawImage.replace(/\$\{?(\w+)\}?/g, (_, name: string) => args.get(name) ?? `$${name}`);
        [user, cmd] = [undefined, undefined];
        const fromStage = stages.has(image);
        if (as?.toUpperCase() === 'AS' && stage) stages.add(stage);
        if (fromStage) continue;
        const because = unpinnedBecause(image);
        if (because) found.push(`${path}: base image ${image} is ${because}`);
        const { name, tag } = parseImageReference(image);
        if (name === 'node' || name.endsWith('/node')) {
          nodeImages.add(image);
          if (!tag?.startsWith(`${nodeMajor}.`)) found.push(`${path}: ${image} is not Node ${nodeMajor}`);
        }
      } else if (keyword === 'USER') {
        user = rest;
      } else if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
        cmd = rest;
      }
    }
    if (user === undefined || /^(root|0)(:|$)/.test(user))
      found.push(`${path}: the final stage does not set a non-root USER`);
    if (execFormProgram(cmd) !== 'node')
      found.push(`${path}: the final stage does not start node in exec form (CMD ["node", ...])`);
    return found;
  });
  if (nodeImages.size > 1) problems.push(`the Dockerfiles use different Node images: ${[...nodeImages].join(', ')}`);
  return problems;
}
