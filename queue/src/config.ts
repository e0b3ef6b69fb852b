import { configFields, serviceConfigFields } from '@ticketing/common';
import { z } from 'zod';

/** Minutes as a positive number: whole in production, fractions in tests (a pass of 0.05 minutes is 3 s). */
const minutes = (max: number) =>
  z.coerce
    .number()
    .positive(`must be more than 0 and at most ${max} minutes`)
    .max(max, `must be at most ${max} minutes`);

/**
 * The queue service's environment (docs/CONVENTIONS.md, DESIGN §13). No database: the rooms live in Redis (append-only
 * file on). It has user routes (JWT_KEY) and signs the passes (QUEUE_PASS_KEY, never the session key).
 */
export const ConfigSchema = z.object({
  ...serviceConfigFields,
  JWT_KEY: configFields.JWT_KEY,
  QUEUE_PASS_KEY: configFields.QUEUE_PASS_KEY,
  /** How long a pass admits its buyer after admission (DESIGN §13: 10 minutes). */
  PASS_MINUTES: minutes(1440).default(10),
  /** How long before `onSaleAt` a room opens for the pre-queue (DESIGN §13: 30 minutes). */
  PREQUEUE_MINUTES: minutes(1440).default(30),
  /**
   * How often each replica runs the admission step of every open room and refreshes its live streams. The rate does
   * not depend on it (the step admits what the time since the last admission allows); a shorter tick only spreads
   * the admissions more evenly. Tests use tens of milliseconds.
   */
  QUEUE_TICK_MS: z.coerce
    .number()
    .int()
    .min(10, 'must be 10 to 60000 ms')
    .max(60_000, 'must be 10 to 60000 ms')
    .default(1_000),
  /** Open live streams one process keeps at most (common's event stream; past it, 503 and the page polls). */
  QUEUE_STREAMS_MAX: z.coerce.number().int().min(1).max(100_000).default(5_000),
});
export type Config = z.output<typeof ConfigSchema>;
