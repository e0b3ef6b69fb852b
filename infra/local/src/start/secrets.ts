// The local system's secrets: made once per data dir and kept there (mode 0600), so that sessions survive a restart
// and nothing secret is written in the repo. Production gets them from Kubernetes Secrets instead.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';

const SecretsSchema = z.object({ jwtKey: z.string().min(32) });
export type LocalSecrets = z.output<typeof SecretsSchema> & { stripeSecretKey: string };

/** Any `sk_test_` key passes the local Stripe fake; it is not a secret, and it can never charge a real card. */
export const LOCAL_STRIPE_SECRET_KEY = 'sk_test_ticketing_local_fake';

/** Reads the secrets of this data dir, making them on first use (or when the file is unreadable). */
export async function loadOrCreateSecrets(file: string): Promise<LocalSecrets> {
  try {
    const existing = SecretsSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (existing.success) return { ...existing.data, stripeSecretKey: LOCAL_STRIPE_SECRET_KEY };
  } catch {
    // missing or unreadable: made anew below (sessions signed with a lost key were lost with it)
  }
  const secrets = { jwtKey: randomBytes(48).toString('base64url') };
  await writeFile(file, `${JSON.stringify(secrets)}\n`, { mode: 0o600 });
  return { ...secrets, stripeSecretKey: LOCAL_STRIPE_SECRET_KEY };
}
