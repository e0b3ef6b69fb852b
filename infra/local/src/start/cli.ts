#!/usr/bin/env node
// `npm start` (scripts/start.sh installs and builds, then execs this): runs the local system until SIGINT or SIGTERM.
//
// Two processes, so that a shutdown happens in order. A Ctrl-C in a terminal is sent by the kernel to the whole
// foreground process group: started directly, every service and engine would get it at the same moment as we do,
// and the engines would be gone while the services still drain their requests and events. So this process (the
// one npm and the terminal see) runs the system in a child of its own session (`detached`), which no terminal signal
// reaches, and turns SIGINT/SIGTERM/SIGHUP into a "stop" message to it; the child then stops the gateway, the client,
// the services and, last, the engines. If this process dies (even by SIGKILL), the child sees its IPC channel close
// and stops the same way. Progress goes to stderr; stdout gets the one line "Ticketing is ready at …".
import { spawn } from 'node:child_process';
import { liveParentPid, signalPid } from '../process/pids';
import { secretFreeLog } from '../secret-free-log';
import { AlreadyRunningError } from './run-lock';
import { readStartConfig, StartConfigError, USAGE, type StartConfig } from './config';
import { NotBuiltError, PortInUseError, startSystem, type TicketingSystem } from './start-system';

const SUPERVISED_ENV = 'TICKETING_START_SUPERVISED';
// One Ctrl-C can arrive twice (from the terminal, and forwarded by npm when its script execs us): only a signal later
// than this counts as a second one ("stop now").
const REPEAT_WINDOW_MS = 1_500;

type StopMessage = { type: 'stop'; force: boolean };

// Error messages too may quote a URL with its password (MONGO_URI, the Redis URL): every line goes through the filter.
const log = secretFreeLog((line: string): void => {
  process.stderr.write(`${line}\n`);
});

function configOrExit(): StartConfig {
  try {
    const config = readStartConfig(process.env, process.argv.slice(2));
    if (config === 'help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    return config;
  } catch (error) {
    if (!(error instanceof StartConfigError)) throw error;
    log(error.message);
    process.exit(2);
  }
}

/** The front process: forwards stop requests to the system's process and exits with its exit code. */
function runFront(): void {
  configOrExit(); // a bad variable or argument is reported here, before anything starts
  const child = spawn(process.execPath, process.argv.slice(1), {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [SUPERVISED_ENV]: '1' },
  });
  let lastSignal = 0;
  const forward = (signal: NodeJS.Signals): void => {
    const now = Date.now();
    if (lastSignal && now - lastSignal < REPEAT_WINDOW_MS) return;
    const force = lastSignal !== 0;
    lastSignal = now;
    try {
      if (child.connected) child.send({ type: 'stop', force } satisfies StopMessage);
      else if (child.pid) process.kill(child.pid, signal);
    } catch {
      // it has just exited; its exit handler ends this process
    }
    if (!force) log(`${signal}: stopping Ticketing (again to stop at once)`);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => forward(signal));
  // npm forwards a SIGINT or SIGTERM it gets to its script's `sh -c`, which passes neither on to us: it dies of the
  // SIGTERM (leaving us orphaned, and the system running) and holds the SIGINT until we exit. Being orphaned is the
  // one trace of a SIGTERM sent to npm, so it stops the system too. (A terminal's Ctrl-C reaches us directly.)
  const parentAtStart = liveParentPid();
  const orphanWatch = setInterval(() => {
    const parent = liveParentPid();
    if (parent === undefined || parent === parentAtStart) return;
    clearInterval(orphanWatch);
    log('npm start was stopped (this process lost its parent)');
    forward('SIGHUP');
  }, 1_000);
  orphanWatch.unref();
  child.on('error', (error) => {
    log(`npm start could not run ${process.execPath}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** The system's process. */
async function runSystem(): Promise<void> {
  delete process.env[SUPERVISED_ENV]; // not for the parts
  const config = configOrExit();
  const abort = new AbortController();
  let system: TicketingSystem | undefined;
  let stopRequested = false;

  const requestStop = (force: boolean): void => {
    if (force && system) {
      log('stopping at once (SIGKILL)');
      for (const part of system.parts) signalPid(part.pid, 'SIGKILL');
      process.exit(130);
    }
    if (stopRequested) return;
    stopRequested = true;
    abort.abort();
    if (system) void system.stop();
  };
  process.on('message', (message: StopMessage) => requestStop(message.type === 'stop' && message.force));
  // The front process is gone (it crashed or was killed): stop in order all the same.
  process.on('disconnect', () => requestStop(false));
  // Signalled directly (kill <pid>): same as a stop message.
  process.on('SIGINT', () => requestStop(false));
  process.on('SIGTERM', () => requestStop(false));

  try {
    system = await startSystem({
      dataDir: config.dataDir,
      gatewayPort: config.gatewayPort,
      portBase: config.portBase,
      expirationWindowSeconds: config.expirationWindowSeconds,
      eventsMinLeadSeconds: config.eventsMinLeadSeconds,
      fresh: config.fresh,
      mongoUri: config.mongoUri,
      logLevel: config.logLevel,
      adminPassword: config.adminPassword,
      payoutDelaySeconds: config.payoutDelaySeconds,
      platformFeeBps: config.platformFeeBps,
      ownStripe: config.ownStripe,
      observe: config.observe,
      log,
      signal: abort.signal,
    });
  } catch (error) {
    if (stopRequested) {
      log('Ticketing stopped before it was ready');
      process.exit(0);
    }
    const known = [AlreadyRunningError, PortInUseError, NotBuiltError].some((type) => error instanceof type);
    log(
      known && error instanceof Error
        ? error.message
        : `npm start failed: ${error instanceof Error ? error.stack : String(error)}`,
    );
    process.exit(1);
  }

  if (system.seed === 'already-seeded') {
    const { email, password } = system.demoSeller;
    log(`demo tickets: added on an earlier start (seller ${email}, password ${password})`);
  }
  log(`logs of every part: ${system.logDir}/<part>.log`);
  if (system.prometheusUrl) log(`Prometheus (--observe) is at ${system.prometheusUrl}`);
  process.stdout.write(`Ticketing is ready at ${system.url}\n`);
  log('Press Ctrl-C to stop.');

  const { reason } = await system.stopped;
  if (reason) {
    log(`Ticketing stopped: ${reason}`);
    process.exit(1);
  }
  log('Ticketing stopped');
  process.exit(0);
}

if (process.env[SUPERVISED_ENV]) {
  void runSystem();
} else {
  runFront();
}
