// The rules of DESIGN §15 for .github/workflows, as lists of problems (empty when the rule holds): each service has
// a test workflow on pull requests and a deploy workflow on main, and their path filters cover every file the tests or
// the image are built from (build-inputs.ts), so that a change to any of them starts that service's CI.
import path from 'node:path';
import { Minimatch } from 'minimatch';
import { parse } from 'yaml';
import { z } from 'zod';
import { buildInputs, type BuildInputs, workspacesByName } from './build-inputs';
import type { Repo } from './repo-files';

export const WORKFLOWS_DIR = '.github/workflows';

const Job = z.object({
  uses: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
  steps: z.array(z.object({ uses: z.string().optional() })).optional(),
});
const Trigger = z.object({ branches: z.array(z.string()).optional(), paths: z.array(z.string()).optional() });
const Workflow = z.object({
  on: z.object({ pull_request: Trigger.nullish(), push: Trigger.nullish() }),
  jobs: z.record(z.string(), Job),
});
const CompositeAction = z.object({ runs: z.object({ steps: z.array(z.object({ uses: z.string().optional() })) }) });

type Workflow = z.infer<typeof Workflow>;

/**
 * Whether a push or pull request that changes `file` starts a workflow with these `paths`, as GitHub decides: the
 * last pattern that matches wins, and a `!` pattern excludes.
 */
export function pathsMatch(patterns: readonly string[], file: string): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (compiled(negated ? pattern.slice(1) : pattern).match(file)) included = !negated;
  }
  return included;
}

// Each pattern is compiled once: the checks match thousands of files against the same few dozen patterns.
const matchers = new Map<string, Minimatch>();
function compiled(pattern: string): Minimatch {
  let matcher = matchers.get(pattern);
  if (!matcher) {
    matcher = new Minimatch(pattern, { dot: true });
    matchers.set(pattern, matcher);
  }
  return matcher;
}

function readYaml(repo: Repo, file: string): unknown {
  const text = repo.read(file);
  return text === undefined ? undefined : (parse(text) as unknown);
}

/**
 * The local files a workflow runs (`uses: ./…`): the reusable workflows it calls and the composite actions they use
 * (each action's folder), followed transitively; a change to any of them changes what the workflow does.
 */
export function localFilesUsed(repo: Repo, workflowFile: string): string[] {
  const found = new Set<string>();
  const visit = (uses: string | undefined): void => {
    if (!uses?.startsWith('./')) return;
    const target = path.posix.normalize(uses);
    if (found.has(target)) return;
    found.add(target);
    if (target.endsWith('.yml') || target.endsWith('.yaml')) {
      const workflow = Workflow.safeParse(readYaml(repo, target));
      if (workflow.success) stepsAndJobUses(workflow.data).forEach(visit);
    } else {
      const action = CompositeAction.safeParse(readYaml(repo, `${target}/action.yml`));
      if (action.success) action.data.runs.steps.forEach((step) => visit(step.uses));
    }
  };
  const workflow = Workflow.safeParse(readYaml(repo, workflowFile));
  if (workflow.success) stepsAndJobUses(workflow.data).forEach(visit);
  return [...found];
}

function stepsAndJobUses(workflow: Workflow): Array<string | undefined> {
  return Object.values(workflow.jobs).flatMap((job) => [job.uses, ...(job.steps ?? []).map((step) => step.uses)]);
}

/** What a path filter must cover: folders (every tracked file in them) and single files. */
interface Required {
  folders: Iterable<string>;
  files: Iterable<string>;
}

/** The problems of one path filter: each folder with a tracked file it misses (one example named), each file. */
function coverageProblems(repo: Repo, label: string, paths: readonly string[], required: Required): string[] {
  const problems: string[] = [];
  for (const dir of required.folders) {
    const missed = repo.trackedFiles(dir).find((file) => !pathsMatch(paths, file));
    if (missed !== undefined) problems.push(`${label} misses ${dir}/ (${missed}, for one)`);
  }
  for (const file of required.files) {
    if (!pathsMatch(paths, file)) problems.push(`${label} misses ${file}`);
  }
  return problems;
}

function loadWorkflow(repo: Repo, file: string): Workflow | string {
  const yaml = readYaml(repo, file);
  if (yaml === undefined) return `${file} is missing`;
  const workflow = Workflow.safeParse(yaml);
  return workflow.success ? workflow.data : `${file} does not parse: ${z.prettifyError(workflow.error)}`;
}

/** The job that calls a reusable workflow for `name` (`with: { <key>: name }`), if any. */
function callerOf(workflow: Workflow, key: string, name: string): z.infer<typeof Job> | undefined {
  return Object.values(workflow.jobs).find((job) => job.with?.[key] === name);
}

/** What the filter of workflow `file` must cover: the build's inputs, `extraFiles`, and the workflow's own files. */
function requiredOf(repo: Repo, file: string, inputs: BuildInputs, extraFiles: string[] = []): Required {
  const local = localFilesUsed(repo, file);
  const isWorkflow = (used: string): boolean => /\.ya?ml$/.test(used);
  return {
    folders: [...inputs.workspaces, ...local.filter((used) => !isWorkflow(used))],
    files: [...inputs.files, ...extraFiles, file, ...local.filter(isWorkflow)],
  };
}

/**
 * `<service>.yml`: on pull requests whose paths cover every file the service's tests are built from (its workspace
 * and those it imports, the root manifests and configs, the workflow and what it runs), calling the service tests
 * with `service: <service>`.
 */
export function testWorkflowProblems(repo: Repo, service: string): string[] {
  const file = `${WORKFLOWS_DIR}/${service}.yml`;
  const workflow = loadWorkflow(repo, file);
  if (typeof workflow === 'string') return [workflow];
  const problems: string[] = [];
  if (!callerOf(workflow, 'service', service)) problems.push(`${file} has no job with \`service: ${service}\``);
  const paths = workflow.on.pull_request?.paths;
  if (!paths) return [...problems, `${file} does not run on pull requests with a paths filter`];
  const required = requiredOf(repo, file, buildInputs(repo, service, 'tests'));
  return [...problems, ...coverageProblems(repo, `${file} pull_request.paths`, paths, required)];
}

/**
 * `deploy-<name>.yml`: on pushes to main whose paths cover every file the image is built from (the workspace and
 * its production dependencies, the Dockerfile it names, the root manifests), calling the deploy with `name: <name>`.
 */
export function deployWorkflowProblems(repo: Repo, name: string): string[] {
  const file = `${WORKFLOWS_DIR}/deploy-${name}.yml`;
  const workflow = loadWorkflow(repo, file);
  if (typeof workflow === 'string') return [workflow];
  const problems: string[] = [];
  const caller = callerOf(workflow, 'name', name);
  if (!caller) problems.push(`${file} has no job with \`name: ${name}\``);
  const dockerfile = caller?.with?.dockerfile;
  if (typeof dockerfile !== 'string') problems.push(`${file} names no dockerfile`);
  else if (repo.read(dockerfile) === undefined) problems.push(`${file} names ${dockerfile}, which does not exist`);
  const push = workflow.on.push;
  if (!push?.branches?.includes('main')) problems.push(`${file} does not run on pushes to main`);
  if (!push?.paths) return [...problems, `${file} has no push paths filter`];
  const dockerfiles = typeof dockerfile === 'string' ? [dockerfile] : [];
  const required = requiredOf(repo, file, buildInputs(repo, name, 'image'), dockerfiles);
  return [...problems, ...coverageProblems(repo, `${file} push.paths`, push.paths, required)];
}

/**
 * The workspaces with tests (a jest.config.js) that no workflow runs: a workflow names each by its package
 * (`npm test -w @ticketing/k8s`), its jest config (`-c e2e/jest.config.js`) or, for a service, `service: <folder>`.
 */
export function untestedWorkspaces(repo: Repo): string[] {
  const workflowTexts = repo
    .trackedFiles(WORKFLOWS_DIR)
    .map((file) => repo.read(file) ?? '')
    .join('\n');
  return [...workspacesByName(repo)]
    .filter(([, dir]) => repo.read(`${dir}/jest.config.js`) !== undefined)
    .filter(
      ([name, dir]) =>
        !workflowTexts.includes(name) &&
        !workflowTexts.includes(`-c ${dir}/jest.config.js`) &&
        !new RegExp(`^\\s*service: ${dir}$`, 'm').test(workflowTexts),
    )
    .map(([, dir]) => dir);
}

// `uses: owner/repo@<40 hex digits> # v1.2.3`: a tag can be moved to other code, a commit cannot.
const PINNED_USE = /^\s*(?:-\s+)?uses:\s+[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s+v\d+(?:\.\d+)*\s*$/;
const ANY_USE = /^\s*(?:-\s+)?uses:\s+(\S+)/;

/** The `uses:` lines of the workflows and local actions that name a third-party action without a commit and its tag. */
export function unpinnedActions(repo: Repo): string[] {
  const files = repo.trackedFiles('.github').filter((file) => /\.ya?ml$/.test(file));
  return files.flatMap((file) =>
    (repo.read(file) ?? '').split('\n').flatMap((line, index) => {
      const used = ANY_USE.exec(line)?.[1];
      if (used === undefined || used.startsWith('./') || PINNED_USE.test(line)) return [];
      return [`${file}:${index + 1}: ${line.trim()}`];
    }),
  );
}
