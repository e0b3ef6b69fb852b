import pino, { type Logger } from 'pino';
import { activeTraceIds } from '../tracing/trace-context';

export type { Logger } from 'pino';

/**
 * The one structured logger of a process: JSON lines on stdout, `service` on every line, and secrets redacted
 * (passwords, cookies, card fields) so that no request log can leak them. A line written inside a traced span
 * carries its `trace_id` and `span_id` (DESIGN §14), to go from a trace to its logs and back.
 */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: activeTraceIds,
    redact: {
      paths: [
        'password',
        '*.password',
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'paymentMethod',
        '*.paymentMethod',
        'card',
        '*.card',
      ],
      censor: '[redacted]',
    },
  });
}
