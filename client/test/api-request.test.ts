import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { apiRequest } from '../src/lib/api-request';

// A stand-in for the ingress controller: https on 127.0.0.1 with a self-signed certificate for ticketing.dev only
// (as the README makes it with openssl), answering with the Host and the TLS server name it was reached by.
let dir: string;
let cert: Buffer;
let secure: https.Server;
let plain: http.Server;
const echo: http.RequestListener = (req, res) => {
  const servername = (req.socket as TLSSocket).servername ?? null;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ host: req.headers.host, servername, path: req.url }));
};
const listen = (server: http.Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(String((server.address() as AddressInfo).port))),
  );

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'api-request-'));
  // prettier-ignore
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-keyout', path.join(dir, 'tls.key'), '-out', path.join(dir, 'tls.crt'),
    '-subj', '/CN=ticketing.dev', '-addext', 'subjectAltName=DNS:ticketing.dev',
  ], { stdio: 'ignore' });
  cert = readFileSync(path.join(dir, 'tls.crt'));
  // What NODE_EXTRA_CA_CERTS does for the client's pods: trust this certificate.
  https.globalAgent.options.ca = cert;
  secure = https.createServer({ cert, key: readFileSync(path.join(dir, 'tls.key')) }, echo);
  plain = http.createServer(echo);
  await Promise.all([listen(secure), listen(plain)]);
});

afterAll(async () => {
  delete https.globalAgent.options.ca;
  await Promise.all([secure, plain].map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

const urlOf = (server: http.Server, scheme: string, p: string) =>
  new URL(`${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}${p}`);

describe('apiRequest (server-side rendering → the API)', () => {
  test('When the API is reached over https by address with a Host header, then the Host is the TLS server name and its certificate is accepted', async () => {
    const res = await apiRequest(urlOf(secure, 'https', '/api/tickets?limit=50'), { host: 'ticketing.dev' });

    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({
      host: 'ticketing.dev',
      servername: 'ticketing.dev',
      path: '/api/tickets?limit=50',
    });
  });

  test('When no Host header names the certificate, then the connection is refused rather than trusted by address', async () => {
    await expect(apiRequest(urlOf(secure, 'https', '/api/tickets'), {})).rejects.toThrow(/altnames|certificate/i);
  });

  test('When the API is plain http (the local gateway), then the Host header is sent as given', async () => {
    const res = await apiRequest(urlOf(plain, 'http', '/api/users/currentuser'), { host: 'ticketing.dev' });

    expect(JSON.parse(res.text)).toEqual({ host: 'ticketing.dev', servername: null, path: '/api/users/currentuser' });
  });
});
