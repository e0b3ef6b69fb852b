import { userServiceConfigFields } from '@ticketing/common';
import { z } from 'zod';

/** The tickets service's environment (docs/CONVENTIONS.md); JWT_KEY has no default, so a missing one stops the boot. */
export const ConfigSchema = z.object(userServiceConfigFields);
export type Config = z.output<typeof ConfigSchema>;
