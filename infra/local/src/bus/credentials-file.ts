import { z } from 'zod';
import { keptSecret } from '../engines/kept-secret';
import { BUS_USERS, type BusUser } from './bus-permissions';
import { newBusCredentials, type BusCredentials } from './nats-config';

const secret = z.string().min(16);
/** The shape of a credentials file or of TEST_BUS_CREDENTIALS: every bus user's password and the route password. */
export const BusCredentialsSchema = z.object({
  passwords: z.object(Object.fromEntries(BUS_USERS.map((user) => [user, secret])) as Record<BusUser, typeof secret>),
  routePassword: secret,
});

/** The bus credentials kept in `file`, made on first use (see keptSecret). */
export function loadOrCreateBusCredentials(file: string): Promise<BusCredentials> {
  return keptSecret(file, BusCredentialsSchema, newBusCredentials);
}

/** Where a jest run hands its bus credentials to test files and their helpers (set by the harness's global setup). */
export const TEST_BUS_CREDENTIALS = 'TEST_BUS_CREDENTIALS';

/**
 * The jest run's bus credentials (every NATS server a test starts accepts the same users, so a helper that starts a
 * service knows its password), or undefined outside the harness. Throws when the variable is set but malformed.
 */
export function busCredentialsFromEnv(env: NodeJS.ProcessEnv = process.env): BusCredentials | undefined {
  const raw = env[TEST_BUS_CREDENTIALS];
  return raw ? BusCredentialsSchema.parse(JSON.parse(raw)) : undefined;
}
