import 'server-only';
import http from 'node:http';
import https from 'node:https';

const TIMEOUT_MS = 5_000;

/** A server-side API answer, before it is parsed. */
export type RawResponse = { status: number; text: string };

/**
 * One GET from the server to the API. node:http rather than fetch: fetch (undici) silently drops a Host header, and
 * in Kubernetes the ingress routes on Host `ticketing.dev` while we connect to the controller's Service address.
 * Over https, Node's agent takes the TLS server name from that Host: the controller picks ticketing.dev's certificate
 * by it (SNI), and the certificate is checked against it, not against the Service address it was reached by. The Ingress
 * redirects plain http to https, so server-side rendering in the cluster must speak https (DESIGN §10); a certificate
 * no public CA signed is trusted through NODE_EXTRA_CA_CERTS (infra/k8s: the Secret `ticketing-ca`).
 */
export function apiRequest(url: URL, headers: Record<string, string>): Promise<RawResponse> {
  const secure = url.protocol === 'https:';
  const options: https.RequestOptions = { method: 'GET', headers, timeout: TIMEOUT_MS };
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`API request timed out after ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}
