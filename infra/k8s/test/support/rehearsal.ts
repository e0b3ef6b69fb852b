// Replays a Dockerfile's plan (rules/dockerfile.ts) without Docker: each stage is a temporary folder standing for the
// stage's `/`, COPY copies from the build context (minus what the ignore file leaves out) or from an earlier stage's
// folder, RUN runs the command with `/bin/sh -c` in the stage's WORKDIR with the stage's ENV and ARGs, and the image
// is then started with its CMD from its WORKDIR. What is not reproduced: the base image's own files (this machine's
// node and npm stand in for the image's), and file ownership beyond running the CMD as the image's USER when we are
// root. A stage whose plan is identical to one already built is reused, as Docker's layer cache would reuse it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DockerfileError,
  planBuild,
  type BuildPlan,
  type CopyStep,
  type RunStep,
  type StagePlan,
} from '../rules/dockerfile';
import { createIgnoreMatcher, type IgnoreMatcher } from '../rules/dockerignore';

export interface StepTiming {
  image: string;
  step: string;
  ms: number;
}

export interface BuildOptions {
  /** For messages and timings (`ticketing/auth`). */
  image: string;
  contextDir: string;
  /** Relative to the context. */
  dockerfile: string;
  /** The Dockerfile's text, when it is not the file's (a deliberately broken copy, in a test). */
  text?: string;
  buildArgs: Readonly<Record<string, string>>;
  /** The ignore file's text (.dockerignore). */
  ignoreText: string;
  /** Each RUN is killed, and the build fails, after this long. */
  stepTimeoutMs: number;
}

/** A built image: its root folder and its configuration (ENV, WORKDIR, USER, CMD). */
export interface RehearsedImage {
  image: string;
  root: string;
  config: StagePlan;
}

/** The environment of every RUN besides the stage's own: this machine's tools, and npm's cache used offline first. */
function runBaseEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? os.homedir(),
    // The default cache (~/.npm), as filled by the repo's own `npm ci`: offline first, so a warm cache needs no network.
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

/** A path of the stage's filesystem, as a path inside the stage's folder (never outside it). */
function inStage(root: string, containerPath: string): string {
  const joined = path.join(root, path.posix.normalize(`/${containerPath}`));
  if (joined !== root && !joined.startsWith(`${root}${path.sep}`))
    throw new Error(`${containerPath} escapes the stage`);
  return joined;
}

function describeStep(step: CopyStep | RunStep, plan?: BuildPlan): string {
  const from = step.kind === 'copy' && step.fromStage !== undefined ? step.fromStage : undefined;
  const text =
    step.kind === 'run'
      ? `RUN ${step.shell ?? JSON.stringify(step.argv)}`
      : `COPY ${from !== undefined ? `--from=${plan?.stages[from]?.name ?? from} ` : ''}${step.sources.join(' ')} ${step.dest}`;
  return text.length > 110 ? `${text.slice(0, 107)}...` : text;
}

/** Copies a context folder's contents into `dest`, leaving out what the ignore file excludes. */
function copyContextTree(from: string, relative: string, dest: string, ignore: IgnoreMatcher): void {
  fs.mkdirSync(dest, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const entryRelative = relative === '.' ? entry.name : `${relative}/${entry.name}`;
    const ignored = ignore.ignores(entryRelative);
    const source = path.join(from, entry.name);
    const target = path.join(dest, entry.name);
    if (entry.isDirectory()) {
      if (!ignored || ignore.hasExceptions) copyContextTree(source, entryRelative, target, ignore);
    } else if (!ignored) {
      if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), target);
      else fs.copyFileSync(source, target);
    }
  }
}

/** Docker's COPY of one file or folder: a folder's contents go into dest; a file goes to dest, or into it if a folder. */
function copyEntry(
  source: string,
  dest: string,
  destIsDir: boolean,
  copyDir: (from: string, to: string) => void,
): void {
  if (fs.lstatSync(source).isDirectory()) {
    copyDir(source, dest);
    return;
  }
  const target = destIsDir ? path.join(dest, path.basename(source)) : dest;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(source, target, { verbatimSymlinks: true });
}

function run(step: RunStep, stageRoot: string, timeoutMs: number): Promise<void> {
  const argv = step.argv ?? ['/bin/sh', '-c', step.shell ?? ''];
  return new Promise((resolve, reject) => {
    // Its own process group, so that a step past its deadline is killed with everything it started (npm's children).
    const child = spawn(argv[0] as string, argv.slice(1), {
      cwd: inStage(stageRoot, step.workdir),
      env: { ...runBaseEnv(), ...step.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-6000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const why = timedOut ? `was killed after ${timeoutMs} ms` : `exited with ${code ?? signal}`;
      reject(new Error(`line ${step.line}: ${describeStep(step)} ${why}:\n${output}`));
    });
  });
}

/**
 * RUN lines run in a folder that stands for WORKDIR, so an absolute path in one (`cd /app`, `/app/dist`) would point
 * at this machine's `/app`: refuse it rather than run it somewhere else.
 */
function refuseAbsoluteWorkdirs(plan: BuildPlan): void {
  const workdirs = new Set(
    plan.stages.flatMap((s) =>
      s.steps.flatMap((step) => (step.kind === 'workdir' && step.path !== '/' ? [step.path] : [])),
    ),
  );
  for (const stage of plan.stages) {
    for (const step of stage.steps) {
      if (step.kind !== 'run') continue;
      const text = step.shell ?? (step.argv ?? []).join(' ');
      for (const dir of workdirs) {
        const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        if (new RegExp(`(^|[\\s'"=:])${escaped}(/|[\\s'";]|$)`).test(text)) {
          throw new DockerfileError(
            `line ${step.line}: RUN refers to ${dir}, which the rehearsal cannot map: use paths relative to WORKDIR`,
          );
        }
      }
    }
  }
}

/** Builds images as their Dockerfiles say, in one temporary folder, sharing identical stages between images. */
export class Rehearsal {
  readonly timings: StepTiming[] = [];
  private readonly built = new Map<string, Promise<string>>();

  private constructor(readonly workRoot: string) {}

  static create(): Rehearsal {
    const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'image-rehearsal-'));
    // Readable by the image's USER (the CMD runs as `node` when we are root), as / is in an image.
    fs.chmodSync(workRoot, 0o755);
    return new Rehearsal(workRoot);
  }

  async build(options: BuildOptions): Promise<RehearsedImage> {
    const file = path.join(options.contextDir, options.dockerfile);
    if (options.text === undefined && !fs.existsSync(file)) throw new Error(`${options.dockerfile}: missing`);
    const text = options.text ?? fs.readFileSync(file, 'utf8');
    const plan = planBuild(text, options.buildArgs);
    refuseAbsoluteWorkdirs(plan);
    const ignore = createIgnoreMatcher(options.ignoreText);
    const contextKey = createHash('sha256').update(`${options.contextDir}\n${options.ignoreText}`).digest('hex');
    const keys = new Map<number, string>();
    const keyOf = (index: number): string => {
      const known = keys.get(index);
      if (known !== undefined) return known;
      const stage = plan.stages[index] as StagePlan;
      const key = createHash('sha256')
        .update(
          JSON.stringify({
            context: contextKey,
            base: 'stage' in stage.base ? keyOf(stage.base.stage) : stage.base.image,
            steps: stage.steps.map((s) =>
              s.kind === 'copy' && s.fromStage !== undefined
                ? { ...s, fromStage: keyOf(s.fromStage), line: 0 }
                : { ...s, line: 0 },
            ),
          }),
        )
        .digest('hex');
      keys.set(index, key);
      return key;
    };

    const realize = (index: number): Promise<string> => {
      const key = keyOf(index);
      let root = this.built.get(key);
      if (!root) {
        root = this.buildStage(plan, index, options, ignore, realize);
        this.built.set(key, root);
      } else {
        const stage = plan.stages[index] as StagePlan;
        this.timings.push({ image: options.image, step: `stage ${stage.name ?? index}: reused (same plan)`, ms: 0 });
      }
      return root;
    };

    const root = await realize(plan.target.index);
    return { image: options.image, root, config: plan.target };
  }

  private async buildStage(
    plan: BuildPlan,
    index: number,
    options: BuildOptions,
    ignore: IgnoreMatcher,
    realize: (index: number) => Promise<string>,
  ): Promise<string> {
    const stage = plan.stages[index] as StagePlan;
    const root = fs.mkdtempSync(path.join(this.workRoot, `stage-${stage.name ?? index}-`));
    fs.chmodSync(root, 0o755);
    if ('stage' in stage.base)
      fs.cpSync(await realize(stage.base.stage), root, { recursive: true, verbatimSymlinks: true });
    for (const step of stage.steps) {
      if (step.kind === 'workdir') {
        fs.mkdirSync(inStage(root, step.path), { recursive: true });
        continue;
      }
      // A COPY --from builds its stage first (or reuses it): that time is the other stage's, not this step's.
      const fromRoot = step.kind === 'copy' && step.fromStage !== undefined ? await realize(step.fromStage) : undefined;
      const started = Date.now();
      const where = `${options.dockerfile} line ${step.line}`;
      if (step.kind === 'run') {
        await run(step, root, options.stepTimeoutMs).catch((error: Error) => {
          throw new Error(`${options.image}: ${options.dockerfile} ${error.message}`);
        });
      } else if (fromRoot !== undefined) {
        for (const source of step.sources) {
          const from = inStage(fromRoot, source);
          if (!fs.existsSync(from)) {
            throw new Error(`${options.image}: ${where}: COPY --from: ${source} does not exist in that stage`);
          }
          copyEntry(from, inStage(root, step.dest), step.destIsDir, (dir, to) =>
            fs.cpSync(dir, to, { recursive: true, verbatimSymlinks: true }),
          );
        }
      } else {
        for (const source of step.sources) {
          const relative = path.posix.normalize(source.replace(/^\/+/, ''));
          const from = path.join(options.contextDir, relative);
          if (relative.startsWith('..') || (relative !== '.' && ignore.ignores(relative)) || !fs.existsSync(from)) {
            throw new Error(`${options.image}: ${where}: COPY ${source}: not found in the build context`);
          }
          copyEntry(from, inStage(root, step.dest), step.destIsDir, (dir, to) =>
            copyContextTree(dir, relative, to, ignore),
          );
        }
      }
      this.timings.push({
        image: options.image,
        step: `${where}: ${describeStep(step, plan)}`,
        ms: Date.now() - started,
      });
    }
    return root;
  }

  /**
   * Removes every stage folder (about 75,000 files for the five services). The removal runs as a detached `rm -rf`
   * that outlives the test process, because on this machine's disk it takes 30 to 60 s, and nothing waits for it.
   */
  cleanup(): void {
    spawn('rm', ['-rf', '--', this.workRoot], { detached: true, stdio: 'ignore' }).unref();
  }
}

export interface RunningImage {
  readonly pid: number;
  output(): string;
  /** Resolves when the process exits, with its code (or the signal that ended it). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, as Kubernetes stops a pod; resolves with how it exited, SIGKILLing it after `graceMs`. */
  stop(graceMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The user the CMD runs as: the image's USER when we are root (`node` is uid 1000 in the node images), else us. */
function userOf(config: StagePlan): { uid: number; gid: number } | undefined {
  if (!config.user || process.getuid?.() !== 0) return undefined;
  const [user = '', group] = config.user.split(':');
  const uid = user === 'node' ? 1000 : /^\d+$/.test(user) ? Number(user) : undefined;
  if (uid === undefined) throw new DockerfileError(`USER ${config.user}: only node or a numeric uid is interpreted`);
  return { uid, gid: group !== undefined && /^\d+$/.test(group) ? Number(group) : uid };
}

/**
 * Starts the image's CMD (or a container's `command`, which replaces it as in Kubernetes) from its WORKDIR, with its
 * ENV plus `env`, as its USER (see {@link userOf}). An argument of `command` that is an absolute path to a file of the
 * image (`/app/common/dist/bus/streams-cli.js`) is taken inside the stage.
 */
export function startImage(
  image: RehearsedImage,
  env: Readonly<Record<string, string>>,
  command?: readonly string[],
): RunningImage {
  const { cmd, workdir } = image.config;
  if (!cmd && !command) throw new DockerfileError(`${image.image}: the final stage has no CMD`);
  const inImage = (arg: string): string => {
    if (!arg.startsWith('/')) return arg;
    const staged = inStage(image.root, arg);
    return fs.existsSync(staged) ? staged : arg;
  };
  const argv = command
    ? [command[0] ?? '', ...command.slice(1).map(inImage)]
    : cmd && 'argv' in cmd
      ? cmd.argv
      : ['/bin/sh', '-c', cmd?.shell ?? ''];
  let output = '';
  const child: ChildProcess = spawn(argv[0] as string, argv.slice(1), {
    cwd: inStage(image.root, workdir),
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...image.config.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...userOf(image.config),
  });
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => {
      output += `\n${String(error)}`;
      resolve({ code: null, signal: null });
    });
  });
  return {
    pid: child.pid ?? -1,
    output: () => output,
    exited,
    async stop(graceMs) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
