import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/** The e-tickets' signing key (DESIGN §12) and the public key that verifies them, as config holds them. */
export interface EticketKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as GET /api/orders/eticket-key answers it: PEM, SPKI. */
  publicKeyPem: string;
}

/**
 * ETICKET_PRIVATE_KEY: an Ed25519 private key, PEM (PKCS8). Parsed at boot, so a missing, unreadable or non-Ed25519
 * key stops the start with a message saying so, instead of a door that refuses every ticket later.
 */
export const EticketPrivateKey = z
  .string()
  .min(1, 'must be an Ed25519 private key, PEM (PKCS8)')
  .transform((pem, ctx): EticketKeys => {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(pem.replace(/\\n/g, '\n'));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a readable PEM private key (PKCS8, "BEGIN PRIVATE KEY")' });
      return z.NEVER;
    }
    if (privateKey.asymmetricKeyType !== 'ed25519') {
      ctx.addIssue({
        code: 'custom',
        message: `must be an Ed25519 key, not ${privateKey.asymmetricKeyType ?? 'a secret'}`,
      });
      return z.NEVER;
    }
    const publicKey = createPublicKey(privateKey);
    return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  });
