// Reads a Dockerfile the way `docker build` does, for the small set of instructions our images use, and turns it into
// a plan: the stages, and for each its steps (WORKDIR, COPY, RUN) with every variable already substituted, as Docker
// substitutes them. The image rehearsal replays that plan outside Docker; the static rules read it too. An instruction
// or flag outside the subset is an error, never skipped: a rehearsal that silently ignored one would prove nothing.
import path from 'node:path';

export interface Instruction {
  keyword: string;
  args: string;
  /** 1-based line where the instruction starts, for messages. */
  line: number;
}

export class DockerfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerfileError';
  }
}

/**
 * The instructions of a Dockerfile, in order. As in Docker: lines starting with `#` are comments (parser directives
 * such as `# syntax=` included), a trailing `\` continues the instruction on the next line, and comment lines inside a
 * continuation are dropped.
 */
export function parseDockerfile(text: string): Instruction[] {
  const found: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && !pending)) return;
    const continues = /\\[ \t]*$/.test(raw);
    const content = continues ? raw.replace(/\\[ \t]*$/, '') : raw;
    pending = pending ? { ...pending, text: pending.text + content } : { text: content, line: index + 1 };
    if (continues) return;
    const match = /^\s*(\S+)\s*([\s\S]*?)\s*$/.exec(pending.text);
    if (match) found.push({ keyword: (match[1] ?? '').toUpperCase(), args: match[2] ?? '', line: pending.line });
    pending = undefined;
  });
  if (pending) throw new DockerfileError(`line ${pending.line}: the last instruction ends with a continuation`);
  return found;
}

export interface WorkdirStep {
  kind: 'workdir';
  line: number;
  /** Absolute path in the stage's filesystem. */
  path: string;
}

export interface CopyStep {
  kind: 'copy';
  line: number;
  /** Index of the stage to copy from (`--from`); undefined: the build context. */
  fromStage?: number;
  /** As written (variables substituted): relative to the context, or absolute paths in the `--from` stage. */
  sources: string[];
  /** Absolute destination, resolved against the WORKDIR of the moment. */
  dest: string;
  /** Docker's rule: a destination ending in `/`, or one taking several sources, is a folder. */
  destIsDir: boolean;
}

export interface RunStep {
  kind: 'run';
  line: number;
  /** Shell form (run by `/bin/sh -c`), or exec form. */
  shell?: string;
  argv?: string[];
  /** The stage's ENV plus its ARGs with a value: what Docker puts in the environment of a RUN. */
  env: Record<string, string>;
  workdir: string;
}

export type Step = WorkdirStep | CopyStep | RunStep;

export interface StagePlan {
  index: number;
  name?: string;
  /** A base image (not modelled: the rehearsal uses this machine's node and npm), or an earlier stage. */
  base: { image: string } | { stage: number };
  steps: Step[];
  /** The image configuration at the end of the stage. */
  env: Record<string, string>;
  workdir: string;
  user?: string;
  cmd?: { argv: string[] } | { shell: string };
  exposed: string[];
}

export interface BuildPlan {
  stages: StagePlan[];
  /** The last stage: what `docker build` without `--target` produces. */
  target: StagePlan;
  /** Every ARG the Dockerfile declares, and whether it has a default there (global or in the stage). */
  declaredArgs: Map<string, { hasDefault: boolean; line: number }>;
}

type Vars = ReadonlyMap<string, string>;

/** Docker's substitution: `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME:+word}`, `\$` for a literal `$`; unset is empty. */
export function substitute(text: string, vars: Vars): string {
  return text.replace(
    /\\\$|\$\{(\w+)(?::([-+])([^}]*))?\}|\$(\w+)/g,
    (whole, braced?: string, op?: string, word?: string, bare?: string) => {
      if (whole === '\\$') return '$';
      const value = vars.get((braced ?? bare) as string);
      if (op === '-') return value ? value : (word ?? '');
      if (op === '+') return value ? (word ?? '') : '';
      return value ?? '';
    },
  );
}

function unquote(value: string): string {
  return /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value;
}

/** `KEY=value KEY2="two words"` (or the legacy `KEY value`), values substituted with the variables before the line. */
function parseAssignments(args: string, vars: Vars, line: number): [string, string][] {
  const first = /^(\w+)(\s+|=|$)/.exec(args);
  if (!first) throw new DockerfileError(`line ${line}: cannot read "${args}"`);
  if (first[2] !== '=') return [[first[1] as string, substitute(args.slice(first[0].length), vars)]];
  const pairs: [string, string][] = [];
  const pattern = /(\w+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)\s*/y;
  for (let position = 0; position < args.length; position = pattern.lastIndex) {
    pattern.lastIndex = position;
    const match = pattern.exec(args);
    if (!match) throw new DockerfileError(`line ${line}: cannot read "${args}"`);
    pairs.push([match[1] as string, substitute(unquote(match[2] ?? ''), vars)]);
  }
  return pairs;
}

/** Leading `--name=value` flags, and the rest. */
function takeFlags(args: string): { flags: Map<string, string>; rest: string } {
  const flags = new Map<string, string>();
  let rest = args;
  for (let match = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest); match; match = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest)) {
    flags.set(match[1] as string, match[2] ?? 'true');
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

/** The exec form `["a", "b"]`, or undefined for anything else. */
function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function refuseFlags(keyword: string, flags: Map<string, string>, allowed: readonly string[], line: number): void {
  const other = [...flags.keys()].filter((flag) => !allowed.includes(flag));
  if (other.length > 0) {
    throw new DockerfileError(`line ${line}: ${keyword} --${other.join(', --')} is not interpreted by the rehearsal`);
  }
}

interface StageState {
  plan: StagePlan;
  args: Map<string, string>;
}

function varsOf(state: StageState): Map<string, string> {
  // Docker: an ENV always overrides an ARG of the same name.
  return new Map([...state.args, ...Object.entries(state.plan.env)]);
}

/**
 * The plan of `docker build --build-arg K=V …` for this Dockerfile. Interprets FROM [AS], ARG (global ones only in
 * FROM, stage ones as Docker scopes them), ENV, WORKDIR, COPY [--from=stage] [--link], RUN, USER, EXPOSE and CMD.
 * Throws {@link DockerfileError} on anything else (ADD, ENTRYPOINT, SHELL, RUN --mount, COPY --chown, wildcards…).
 */
export function planBuild(text: string, buildArgs: Readonly<Record<string, string>> = {}): BuildPlan {
  const globalArgs = new Map<string, string>();
  const declaredArgs = new Map<string, { hasDefault: boolean; line: number }>();
  const stages: StagePlan[] = [];
  let current: StageState | undefined;

  const stageIndex = (reference: string): number | undefined => {
    const byName = stages.findIndex((s) => s.name?.toLowerCase() === reference.toLowerCase());
    if (byName >= 0) return byName;
    return /^\d+$/.test(reference) && Number(reference) < stages.length ? Number(reference) : undefined;
  };

  for (const { keyword, args, line } of parseDockerfile(text)) {
    if (keyword === 'ARG') {
      for (const token of args.split(/\s+/).filter(Boolean)) {
        const [name = '', ...value] = token.split('=');
        const raw = value.length > 0 ? unquote(value.join('=')) : undefined;
        const known = declaredArgs.get(name);
        declaredArgs.set(name, { hasDefault: (known?.hasDefault ?? false) || raw !== undefined, line });
        if (!current) {
          const resolved = buildArgs[name] ?? (raw === undefined ? undefined : substitute(raw, globalArgs));
          if (resolved !== undefined) globalArgs.set(name, resolved);
        } else {
          // In a stage, an ARG without a value takes the build arg, else the global ARG's default.
          const resolved =
            buildArgs[name] ?? (raw === undefined ? globalArgs.get(name) : substitute(raw, varsOf(current)));
          if (resolved !== undefined) current.args.set(name, resolved);
        }
      }
      continue;
    }

    if (keyword === 'FROM') {
      const { flags, rest } = takeFlags(args);
      refuseFlags('FROM', flags, ['platform'], line);
      const [image = '', as, name, ...extra] = rest.split(/\s+/);
      if (extra.length > 0 || (as !== undefined && (as.toUpperCase() !== 'AS' || !name))) {
        throw new DockerfileError(`line ${line}: cannot read FROM ${args}`);
      }
      const resolved = substitute(image, globalArgs);
      const parent = stageIndex(resolved);
      const inherited = parent === undefined ? undefined : stages[parent];
      const plan: StagePlan = {
        index: stages.length,
        ...(name !== undefined && { name }),
        base: parent === undefined ? { image: resolved } : { stage: parent },
        steps: [],
        env: { ...inherited?.env },
        workdir: inherited?.workdir ?? '/',
        ...(inherited?.user !== undefined && { user: inherited.user }),
        ...(inherited?.cmd !== undefined && { cmd: inherited.cmd }),
        exposed: [...(inherited?.exposed ?? [])],
      };
      stages.push(plan);
      current = { plan, args: new Map() };
      continue;
    }

    if (!current) throw new DockerfileError(`line ${line}: ${keyword} before the first FROM`);
    const { plan } = current;
    const vars = varsOf(current);

    switch (keyword) {
      case 'ENV':
        for (const [name, value] of parseAssignments(args, vars, line)) plan.env[name] = value;
        break;
      case 'WORKDIR':
        plan.workdir = path.posix.resolve(plan.workdir, substitute(args, vars));
        plan.steps.push({ kind: 'workdir', line, path: plan.workdir });
        break;
      case 'USER':
        plan.user = substitute(args, vars);
        break;
      case 'EXPOSE':
        plan.exposed.push(...substitute(args, vars).split(/\s+/));
        break;
      case 'CMD': {
        const argv = execForm(args);
        plan.cmd = argv ? { argv } : { shell: args };
        break;
      }
      case 'RUN': {
        const { flags, rest } = takeFlags(args);
        refuseFlags('RUN', flags, [], line);
        const argv = execForm(rest);
        const env = Object.fromEntries(varsOf(current));
        plan.steps.push({ kind: 'run', line, ...(argv ? { argv } : { shell: rest }), env, workdir: plan.workdir });
        break;
      }
      case 'COPY': {
        const { flags, rest } = takeFlags(args);
        refuseFlags('COPY', flags, ['from', 'link'], line);
        const words = (execForm(rest) ?? rest.split(/\s+/)).map((word) => substitute(word, vars));
        const dest = words.pop();
        if (!dest || words.length === 0)
          throw new DockerfileError(`line ${line}: COPY needs a source and a destination`);
        const wild = words.find((source) => /[*?[]/.test(source));
        if (wild)
          throw new DockerfileError(`line ${line}: COPY ${wild}: wildcards are not interpreted by the rehearsal`);
        let fromStage: number | undefined;
        const from = flags.get('from');
        if (from !== undefined) {
          fromStage = stageIndex(substitute(from, vars));
          if (fromStage === undefined) {
            throw new DockerfileError(
              `line ${line}: COPY --from=${from} names no earlier stage (images are not interpreted)`,
            );
          }
        }
        plan.steps.push({
          kind: 'copy',
          line,
          ...(fromStage !== undefined && { fromStage }),
          sources: words,
          dest: path.posix.resolve(plan.workdir, dest),
          destIsDir: dest.endsWith('/') || dest === '.' || words.length > 1,
        });
        break;
      }
      default:
        throw new DockerfileError(`line ${line}: ${keyword} is not interpreted by the rehearsal`);
    }
  }

  const target = stages[stages.length - 1];
  if (!target) throw new DockerfileError('no FROM: not a Dockerfile');
  return { stages, target, declaredArgs };
}

/** The stages `docker build` (BuildKit) runs for the target: the target, its base stages and the stages it copies from. */
export function neededStages(plan: BuildPlan): number[] {
  const needed = new Set<number>();
  const visit = (index: number): void => {
    if (needed.has(index)) return;
    needed.add(index);
    const stage = plan.stages[index];
    if (!stage) return;
    if ('stage' in stage.base) visit(stage.base.stage);
    for (const step of stage.steps) if (step.kind === 'copy' && step.fromStage !== undefined) visit(step.fromStage);
  };
  visit(plan.target.index);
  return [...needed].sort((a, b) => a - b);
}
