// What a workspace's tests or its image are built from, read from the repo the way npm, tsc and jest read it: the
// workspaces its package.json depends on, its tsconfig's references and `extends`, and the files and workspaces its
// jest config loads (the preset, and through it infra/local's global setup), transitively. The CI workflows' path
// filters must cover all of it (ci-workflows.ts), so that a new dependency cannot escape its CI.
import path from 'node:path';
import ts from 'typescript';
import { z } from 'zod';
import type { Repo } from './repo-files';

/** Tests also build and run with devDependencies and the jest config; an image takes only the dependencies. */
export type BuildKind = 'tests' | 'image';

/** Repo-relative folders (workspaces) and files (root manifests, shared configs) a build reads. */
export interface BuildInputs {
  workspaces: Set<string>;
  files: Set<string>;
}

const PackageJson = z.object({
  name: z.string().optional(),
  workspaces: z.array(z.string()).optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  devDependencies: z.record(z.string(), z.string()).optional(),
});

const TsConfig = z.object({
  extends: z.string().optional(),
  references: z.array(z.object({ path: z.string() })).optional(),
});

/** Every install reads the root manifest and the one lockfile of all workspaces. */
const INSTALL_FILES = ['package.json', 'package-lock.json'];

function readPackageJson(repo: Repo, dir: string): z.infer<typeof PackageJson> {
  const text = repo.read(path.posix.join(dir, 'package.json'));
  if (text === undefined) throw new Error(`${dir}/package.json is missing`);
  return PackageJson.parse(JSON.parse(text));
}

/** The workspaces of the root package.json, by package name: `@ticketing/local` → `infra/local`. */
export function workspacesByName(repo: Repo): Map<string, string> {
  const dirs = readPackageJson(repo, '.').workspaces ?? [];
  return new Map(dirs.map((dir) => [readPackageJson(repo, dir).name ?? dir, dir]));
}

/** A repo-relative path from one relative to `fromDir`, or undefined when it leaves the repo. */
function resolveIn(fromDir: string, relative: string): string | undefined {
  const resolved = path.posix.normalize(path.posix.join(fromDir, relative));
  return resolved.startsWith('..') ? undefined : resolved;
}

/** The workspace folder holding `file`, if any (the longest match: `infra/local` rather than `infra`). */
function workspaceOf(file: string, workspaceDirs: readonly string[]): string | undefined {
  return workspaceDirs
    .filter((dir) => file === dir || file.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/** tsconfig.json (with comments, as tsc reads it): its references and the file it extends, repo-relative. */
function tsconfigInputs(repo: Repo, dir: string): { references: string[]; extends: string[] } {
  const file = path.posix.join(dir, 'tsconfig.json');
  const text = repo.read(file);
  if (text === undefined) return { references: [], extends: [] };
  const parsed = ts.parseConfigFileTextToJson(file, text);
  if (parsed.error) throw new Error(`${file} does not parse: ${String(parsed.error.messageText)}`);
  const config = TsConfig.parse(parsed.config);
  const references = (config.references ?? []).flatMap((ref) => resolveIn(dir, ref.path) ?? []);
  const base = config.extends === undefined ? undefined : resolveIn(dir, config.extends);
  return { references, extends: base === undefined ? [] : [base] };
}

// `require('../jest.preset.js')` and `path.join(__dirname, 'infra/local/dist/jest/global-setup.js')`: the two ways our
// jest configs name another file. Anything else a config loads by path would be missed, so keep to these two.
const REQUIRE = /require\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
const DIRNAME_JOIN = /path\.join\(\s*__dirname\s*,\s*['"]([^'"]+)['"]\s*\)/g;

/**
 * The files a jest config names, repo-relative, and those the shared JavaScript configs among them name in turn (the
 * preset, outside any workspace: `isShared`); a file inside a workspace stands for its workspace and is not read.
 */
function jestConfigFiles(
  repo: Repo,
  config: string,
  isShared: (file: string) => boolean,
  seen = new Set<string>(),
): string[] {
  const text = repo.read(config);
  if (text === undefined || seen.has(config)) return [];
  seen.add(config);
  const dir = path.posix.dirname(config);
  const named = [...text.matchAll(REQUIRE), ...text.matchAll(DIRNAME_JOIN)].flatMap(([, relative]) =>
    relative === undefined ? [] : (resolveIn(dir, relative) ?? []),
  );
  return named.flatMap((file) => [
    file,
    ...(file.endsWith('.js') && isShared(file) ? jestConfigFiles(repo, file, isShared, seen) : []),
  ]);
}

/**
 * The workspaces and files that `workspace`'s tests (or its image) are built from, `workspace` included: its
 * workspace dependencies (and devDependencies, for tests), its tsconfig references and `extends`, and for tests the
 * files its jest config loads; each workspace reached is followed the same way.
 */
export function buildInputs(repo: Repo, workspace: string, kind: BuildKind): BuildInputs {
  const byName = workspacesByName(repo);
  const workspaceDirs = [...byName.values()];
  const inputs: BuildInputs = { workspaces: new Set(), files: new Set(INSTALL_FILES) };
  const pending = [workspace];

  // A file inside a workspace stands for the workspace (its dist/ is built from its sources); others are files.
  const addPath = (file: string): void => {
    const owner = workspaceOf(file, workspaceDirs);
    if (owner) pending.push(owner);
    else inputs.files.add(file);
  };

  while (pending.length > 0) {
    const dir = pending.pop() as string;
    if (inputs.workspaces.has(dir)) continue;
    inputs.workspaces.add(dir);

    const manifest = readPackageJson(repo, dir);
    const names = Object.keys({ ...manifest.dependencies, ...(kind === 'tests' && manifest.devDependencies) });
    for (const name of names) {
      const dependency = byName.get(name);
      if (dependency) pending.push(dependency);
    }
    const tsconfig = tsconfigInputs(repo, dir);
    tsconfig.references.forEach(addPath);
    tsconfig.extends.forEach(addPath);
    if (kind === 'tests') {
      const isShared = (file: string): boolean => workspaceOf(file, workspaceDirs) === undefined;
      jestConfigFiles(repo, path.posix.join(dir, 'jest.config.js'), isShared).forEach(addPath);
    }
  }
  return inputs;
}
