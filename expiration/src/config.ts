import { serviceConfigFields } from '@ticketing/common';
import { z } from 'zod';

/** The environment of the expiration service (docs/CONVENTIONS.md). It has no database: its jobs live in Redis. */
export const ConfigSchema = z.object(serviceConfigFields);
export type Config = z.output<typeof ConfigSchema>;
