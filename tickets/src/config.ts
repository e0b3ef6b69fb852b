import { configFields, userServiceConfigFields } from '@ticketing/common';
import { z } from 'zod';

/** The tickets service's environment (docs/CONVENTIONS.md); JWT_KEY has no default, so a missing one stops the boot. */
export const ConfigSchema = z.object({
  ...userServiceConfigFields,
  IDEMPOTENCY_KEY_SWEEP_SECONDS: configFields.IDEMPOTENCY_KEY_SWEEP_SECONDS,
  EVENTS_MIN_LEAD_SECONDS: configFields.EVENTS_MIN_LEAD_SECONDS,
});
export type Config = z.output<typeof ConfigSchema>;
