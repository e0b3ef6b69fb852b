import { generateKeyPairSync } from 'node:crypto';

/**
 * The e-tickets' signing key (orders' ETICKET_PRIVATE_KEY, DESIGN §12) of this test process: Ed25519, PEM (PKCS8),
 * made once per process, given to every service the test kit starts (only orders reads it). A test verifies codes
 * with the public key orders answers at GET /api/orders/eticket-key, as a door would.
 */
export const TEST_ETICKET_PRIVATE_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
