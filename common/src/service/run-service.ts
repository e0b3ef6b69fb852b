import { stopTracing } from '../tracing';
import { createLogger } from './logger';
import { ConfigError } from './config';
import { startService, type RunningService, type ServiceDefinition } from './start-service';

/** The default shutdown deadline: shorter than the pods' grace period (20 s in infra/k8s), as STYLE asks. */
const SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * The process entry of every service (`src/index.ts` calls it): builds the definition (loading config; a bad config
 * prints every bad variable and exits 1), starts the service, and on SIGTERM/SIGINT runs the ordered shutdown and
 * exits 0, or exits 1 if it takes longer than its deadline (10 s unless the definition says otherwise). An uncaught exception or unhandled rejection is a bug: logged
 * at fatal level, exit 1, and the orchestrator restarts the process.
 */
export function runService(define: () => ServiceDefinition): void {
  let definition: ServiceDefinition;
  try {
    definition = define();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(definition.name, definition.config.LOG_LEVEL);
  let service: RunningService | undefined;
  let shuttingDown = false;

  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown took longer than the deadline; exiting');
      process.exit(1);
    }, definition.shutdownDeadlineMs ?? SHUTDOWN_DEADLINE_MS).unref();
    // The spans still batched are sent before the exit (a no-op when the process exports no traces).
    void (service?.stop() ?? Promise.resolve())
      .then(() => stopTracing().catch((err: unknown) => log.warn({ err }, 'traces not flushed')))
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    log.fatal({ err: reason }, 'unhandled rejection');
    process.exit(1);
  });

  startService(definition).then(
    (started) => {
      service = started;
      if (shuttingDown) void started.stop().then(() => process.exit(0));
    },
    (error: unknown) => {
      log.fatal({ err: error }, 'service failed to start');
      process.exit(1);
    },
  );
}
