import type { EticketKeyJson } from '@ticketing/common';
import { Router } from 'express';
import type { EticketKeys } from '../eticket/signing-key';

/** GET /api/orders/eticket-key (public, no session): 200 the key that verifies e-ticket codes (DESIGN §12). */
export function eticketKeyRouter(keys: EticketKeys): Router {
  const body: EticketKeyJson = { publicKey: keys.publicKeyPem, algorithm: 'Ed25519' };
  return Router().get('/api/orders/eticket-key', (_req, res) => {
    res.json(body);
  });
}
