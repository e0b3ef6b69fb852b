// The local system's secrets: made once per data dir and kept there (mode 0600), so that sessions survive a restart
// and nothing secret is written in the repo: the JWT key, the NATS users' passwords and Redis' password (DESIGN §10),
// the key orders signs e-tickets with (DESIGN §12), and the key queue signs the waiting room's passes with (DESIGN §13).
// Production gets them from Kubernetes Secrets instead.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BusCredentialsSchema } from '../bus/credentials-file';
import { newBusCredentials } from '../bus/nats-config';
import { keptSecret } from '../engines/kept-secret';
import { newRedisPassword } from '../engines/redis';

const SecretsSchema = z.object({
  jwtKey: z.string().min(32),
  bus: BusCredentialsSchema,
  redisPassword: z.string().min(16),
  /** Orders' ETICKET_PRIVATE_KEY: Ed25519, PEM (PKCS8). Kept, so the e-tickets issued stay valid across restarts. */
  eticketPrivateKey: z.string().includes('PRIVATE KEY'),
  /** QUEUE_PASS_KEY: queue signs passes with it, orders verifies them (DESIGN §13); never the JWT key. */
  queuePassKey: z.string().min(32),
});
export type LocalSecrets = z.output<typeof SecretsSchema> & { stripeSecretKey: string };

/** Any `sk_test_` key passes the local Stripe fake; it is not a secret, and it can never charge a real card. */
export const LOCAL_STRIPE_SECRET_KEY = 'sk_test_ticketing_local_fake';

/**
 * Reads the secrets of this data dir, making them on first use (or when the file is unreadable or from an older
 * version without the bus and Redis passwords, the e-ticket key or the pass key: sessions signed with the old key end then, once).
 */
export async function loadOrCreateSecrets(file: string): Promise<LocalSecrets> {
  const secrets = await keptSecret(file, SecretsSchema, () => ({
    jwtKey: randomBytes(48).toString('base64url'),
    bus: newBusCredentials(),
    redisPassword: newRedisPassword(),
    eticketPrivateKey: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    queuePassKey: randomBytes(48).toString('base64url'),
  }));
  return { ...secrets, stripeSecretKey: LOCAL_STRIPE_SECRET_KEY };
}
