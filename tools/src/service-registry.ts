import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { eventForSubject, type EventContract } from '@ticketing/common';
import { z } from 'zod';
import { REPO_ROOT, SERVICE_NAMES, type ServiceName } from './repo';

/** What one service registers in `<service>/src/events/index.ts`: the contracts it publishes and those it consumes. */
export interface ServiceEvents {
  name: ServiceName;
  publishes: readonly EventContract[];
  /** The contract of each listener (`listener.event`), in registration order. */
  consumes: readonly EventContract[];
}

/** The services found, and those of the fixed list that are not there (yet). */
export interface ServiceScan {
  present: ServiceEvents[];
  absent: ServiceName[];
}

/**
 * Where to read the registrations from: `dist` is the build (what the CLIs use, as plain node); `src` is the
 * TypeScript source, which only a transforming loader (jest's) can load: tests read what the code says now.
 */
export type LoadFrom = 'dist' | 'src';

export function eventsModulePath(service: ServiceName, from: LoadFrom, root = REPO_ROOT): string {
  return path.join(root, service, from, 'events', from === 'src' ? 'index.ts' : 'index.js');
}

/** A contract as named in a registration; resolved against common's catalogue by subject. */
const ContractRef = z.object({ name: z.string(), subject: z.string() });

/** The agreed exports of `<service>/src/events/index.ts`, reduced to names and subjects. */
const Registration = z.object({
  publishes: z.array(ContractRef),
  listeners: z.array(z.object({ event: ContractRef })),
});
export type Registration = z.infer<typeof Registration>;

/** Loads one events module and returns its exports (at least `publishes` and `listeners`). */
export type ModuleLoader = (file: string) => unknown;

const MARKER = '@@registration@@';

// Runs in a child process: requires the module and prints its registrations as JSON after a marker line, so that
// anything the module prints while loading is not mistaken for them.
const CHILD_SCRIPT = `
const m = require(process.argv[1]);
const ref = (c) => (c && typeof c === 'object' ? { name: c.name, subject: c.subject } : c);
const out = {
  publishes: Array.isArray(m.publishes) ? m.publishes.map(ref) : m.publishes,
  listeners: Array.isArray(m.listeners) ? m.listeners.map((l) => ({ event: ref(l && l.event) })) : m.listeners,
};
process.stdout.write('\\n${MARKER}' + JSON.stringify(out) + '\\n');
process.exit(0);
`;

/**
 * Loads a built events module in its own node process: a service's modules assume they are alone in theirs
 * (mongoose models, BullMQ queues are per-process singletons), so two services are never loaded side by side.
 */
export const loadInChildProcess: ModuleLoader = (file) => {
  const stdout = execFileSync(process.execPath, ['-e', CHILD_SCRIPT, file], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
  if (!line) throw new Error(`${file}: printed no registration`);
  return JSON.parse(line.slice(MARKER.length)) as unknown;
};

/** The catalogue's contract for a registered one. @throws when the catalogue has no such event. */
function fromCatalogue(ref: z.infer<typeof ContractRef>, where: string): EventContract {
  const contract = eventForSubject(ref.subject);
  if (!contract || contract.name !== ref.name) {
    throw new Error(`${where}: ${ref.name} (${ref.subject}) is not an event of common's catalogue (allEvents)`);
  }
  return contract;
}

/**
 * Reads `publishes` and `listeners` of every service of {@link SERVICE_NAMES} whose events module exists, each
 * with `load` (default: the build, each service in its own process; tests pass a loader of the TypeScript source
 * with isolated modules). Contracts are resolved to common's catalogue by subject.
 * @throws Error naming the module when its exports do not have the agreed shape or name an unknown event.
 */
export function loadServices(options: { from: LoadFrom; root?: string; load?: ModuleLoader }): ServiceScan {
  const load = options.load ?? loadInChildProcess;
  const present: ServiceEvents[] = [];
  const absent: ServiceName[] = [];
  for (const name of SERVICE_NAMES) {
    const file = eventsModulePath(name, options.from, options.root);
    if (!existsSync(file)) {
      absent.push(name);
      continue;
    }
    const where = path.relative(options.root ?? REPO_ROOT, file);
    const parsed = Registration.safeParse(load(file));
    if (!parsed.success) {
      throw new Error(
        `${where}: expected \`publishes\` (contracts) and \`listeners\` (each with \`event\`):\n${z.prettifyError(parsed.error)}`,
      );
    }
    present.push({
      name,
      publishes: parsed.data.publishes.map((c) => fromCatalogue(c, where)),
      consumes: parsed.data.listeners.map((l) => fromCatalogue(l.event, where)),
    });
  }
  return { present, absent };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The present services whose source changed after their last build (`dist/.tsbuildinfo` older than a file of
 * `src/`): the CLIs read the build, so they refuse to document code that is not what the build holds.
 */
export function staleBuilds(services: readonly ServiceName[], root = REPO_ROOT): ServiceName[] {
  return services.filter((name) => {
    const buildInfo = path.join(root, name, 'dist', '.tsbuildinfo');
    if (!existsSync(buildInfo)) return true;
    return newestMtime(path.join(root, name, 'src')) > statSync(buildInfo).mtimeMs;
  });
}
