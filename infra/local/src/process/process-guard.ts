// Makes sure no engine outlives the process that started it, whatever way that process ends:
// - a normal stop() releases the PID here (the engine is already gone);
// - process exit sends SIGTERM to what is left (exit handlers can only do synchronous work);
// - SIGINT/SIGTERM stop what is left gracefully, then let the signal take its default course;
// - SIGKILL or a crash runs none of the above, so a detached reaper process (reaper.ts) watches this PID and
//   stops the engines itself once we are gone.
// Hooks and the reaper exist only while at least one engine is guarded, so an idle process keeps its default
// signal behaviour and has no extra child.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { signalPid } from './pids';

interface Guarded {
  name: string;
  stop: () => Promise<void>;
}

const guarded = new Map<number, Guarded>();
let reaper: ChildProcess | undefined;

/** Starts tracking `pid`; `name` must appear in its command line (the reaper checks it to avoid PID reuse). */
export function guardPid(pid: number, name: string, stop: () => Promise<void>): void {
  guarded.set(pid, { name, stop });
  installHooks();
  tell(`+${pid} ${name}`);
}

/** Stops tracking `pid` (it has exited); the reaper exits when nothing is left. */
export function releasePid(pid: number): void {
  if (!guarded.delete(pid)) return;
  tell(`-${pid}`);
  if (guarded.size === 0) {
    removeHooks();
    // EOF with an empty list makes the reaper exit (see reaper.ts).
    reaper?.stdin?.end();
    reaper = undefined;
  }
}

/** The PID of the current reaper, if one is running (for tests and diagnostics). */
export function reaperPid(): number | undefined {
  return reaper?.pid;
}

function reaperScript(): string {
  // Compiled: dist/process/reaper.js sits next to this file. Run from src/ (jest via swc), use the built copy.
  const beside = path.join(__dirname, 'reaper.js');
  if (existsSync(beside)) return beside;
  const built = path.resolve(__dirname, '../../dist/process/reaper.js');
  if (existsSync(built)) return built;
  throw new Error(`reaper script not found at ${beside} or ${built}; run \`npx tsc -b infra/local\` first`);
}

function tell(line: string): void {
  if (!reaper) {
    if (guarded.size === 0) return;
    reaper = spawnReaper();
    // A fresh reaper must learn every PID still guarded, not only the newest.
    for (const [pid, { name }] of guarded) reaper.stdin?.write(`+${pid} ${name}\n`);
    return;
  }
  reaper.stdin?.write(`${line}\n`);
}

function spawnReaper(): ChildProcess {
  const child = spawn(process.execPath, [reaperScript(), String(process.pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // Neither the reaper nor its pipe may keep this process alive.
  child.unref();
  const stdin = child.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null;
  stdin?.unref?.();
  child.stdin?.on('error', () => undefined);
  child.on('exit', () => {
    // Died unexpectedly while engines are still guarded: the next tell() starts a new one with the full list.
    if (reaper === child) reaper = undefined;
  });
  return child;
}

function onExit(): void {
  for (const pid of guarded.keys()) signalPid(pid, 'SIGTERM');
}

function onSignal(signal: NodeJS.Signals): void {
  const stops = [...guarded.values()].map(({ stop }) => stop());
  void Promise.allSettled(stops).then(() => {
    // Only re-raise when nobody else handles this signal: a CLI with its own handler decides how to exit.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
  // Detach first, so that the re-raised signal (or a second Ctrl-C) gets the default behaviour. The exit hook and
  // the reaper stay until the engines have exited.
  process.removeListener('SIGINT', onSigint);
  process.removeListener('SIGTERM', onSigterm);
}

const onSigint = (): void => onSignal('SIGINT');
const onSigterm = (): void => onSignal('SIGTERM');

function installHooks(): void {
  if (!process.listeners('exit').includes(onExit)) process.on('exit', onExit);
  if (!process.listeners('SIGINT').includes(onSigint)) process.on('SIGINT', onSigint);
  if (!process.listeners('SIGTERM').includes(onSigterm)) process.on('SIGTERM', onSigterm);
}

function removeHooks(): void {
  process.removeListener('exit', onExit);
  process.removeListener('SIGINT', onSigint);
  process.removeListener('SIGTERM', onSigterm);
}
