// The reaper: a tiny detached process that outlives its parent by design. The parent (the process that started the
// engines) tells it over stdin which PIDs it owns ("+<pid> <name>" / "-<pid>"). When the parent is gone, whether it
// exited, crashed or was SIGKILLed (which runs no handler at all), the reaper stops every PID still listed, then exits.
// When the parent ends stdin with nothing listed (a normal stop), the reaper just exits.
// Run as `node reaper.js <parentPid>`; it must stay dependency-free (Node's built-ins and pids.ts) because it runs from dist/ without the workspace.
import { readFileSync } from 'node:fs';
import { liveParentPid, pidExists, procStat, signalPid } from './pids';

const POLL_MS = 300;
const GRACE_MS = 5_000;

const parentPid = Number(process.argv[2]);
const targets = new Map<number, string>();
let reaping = false;

function isAlive(pid: number): boolean {
  if (!pidExists(pid)) return false;
  // A zombie answers kill(0) but is already dead; its reaping is up to its (new) parent.
  return procStat(pid)?.[0] !== 'Z';
}

function parentGone(): boolean {
  const ppid = liveParentPid();
  if (ppid !== undefined && ppid !== parentPid) return true;
  return !isAlive(parentPid);
}

// Guards against PID reuse: only a process whose command line still names the engine is signalled.
function stillOurs(pid: number, name: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(name);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT' ? true : isAlive(pid);
  }
}

async function reap(): Promise<never> {
  reaping = true;
  const victims = [...targets].filter(([pid, name]) => isAlive(pid) && stillOurs(pid, name)).map(([pid]) => pid);
  for (const pid of victims) signalPid(pid, 'SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  while (Date.now() < deadline && victims.some(isAlive)) await new Promise((r) => setTimeout(r, 100));
  for (const pid of victims) if (isAlive(pid)) signalPid(pid, 'SIGKILL');
  process.exit(0);
}

function onLine(line: string): void {
  const match = /^([+-])(\d+)(?: (.*))?$/.exec(line.trim());
  if (!match) return;
  const pid = Number(match[2]);
  if (match[1] === '+') targets.set(pid, match[3] ?? '');
  else targets.delete(pid);
}

if (!Number.isInteger(parentPid) || parentPid <= 0) process.exit(2);

// Detached, so no terminal signal reaches it; ignore SIGINT/SIGHUP anyway so that only the parent's fate decides.
process.on('SIGINT', () => undefined);
process.on('SIGHUP', () => undefined);

let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  const lines = buffered.split('\n');
  buffered = lines.pop() ?? '';
  lines.forEach(onLine);
});
// EOF: the parent closed the pipe on purpose (nothing left to guard) or died (the kernel closed it).
process.stdin.on('end', () => {
  if (buffered) onLine(buffered);
  if (targets.size === 0) process.exit(0);
  if (!reaping) void reap();
});
process.stdin.on('error', () => {
  if (!reaping) void reap();
});

setInterval(() => {
  if (!reaping && parentGone()) void reap();
}, POLL_MS);
