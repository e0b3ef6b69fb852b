// The Ingress' own errors (DESIGN §3 at the edge): the rule on the rendered overlays, and the error backend's
// nginx.conf, as the ConfigMap holds it, run under Debian's nginx and asked what ingress-nginx would ask it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { EDGE_ERRORS, ERROR_BACKEND_PORT, ensureNginx } from '@ticketing/local';
import { eventually, freePort } from '@ticketing/testing';
import { edgeErrorProblems, errorBackendConfOf } from './rules/edge-errors';
import { bodyOf, copyOf } from './support/edit';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

interface Reply {
  status: number;
  contentType: string | undefined;
  nosniff: string | undefined;
  text: string;
}

/** GET without keep-alive (no socket outlives the test file). */
function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            nosniff: res.headers['x-content-type-options'] as string | undefined,
            text,
          }),
        );
      })
      .on('error', reject);
  });
}

const jsonOf = (reply: Reply) => ({ status: reply.status, body: JSON.parse(reply.text) as unknown });

const overlays = loadOverlays();
const manifests = overlays.dev;

describe('rule: the Ingress answers its own errors under /api in the error shape', () => {
  test.each(OVERLAYS)('When the %s overlay is rendered, then the Ingress and its error backend agree', (overlay) => {
    expect(edgeErrorProblems(overlays[overlay])).toEqual([]);
  });

  test("When the Ingress loses a code, intercepts services' errors and gains a snippet, then each is reported", () => {
    const broken = copyOf(manifests);
    const annotations = bodyOf(broken, 'Ingress', 'ticketing').metadata!.annotations!;
    annotations['nginx.ingress.kubernetes.io/custom-http-errors'] = '404,502,503,504';
    delete annotations['nginx.ingress.kubernetes.io/disable-proxy-intercept-errors'];
    annotations['nginx.ingress.kubernetes.io/configuration-snippet'] = 'error_page 413 /x;';

    expect(edgeErrorProblems(broken)).toEqual([
      'Ingress/ticketing (base/ingress.yaml #1): nginx.ingress.kubernetes.io/custom-http-errors is not "400,404,413,414,494,500,502,503,504"',
      'Ingress/ticketing (base/ingress.yaml #1): nginx.ingress.kubernetes.io/disable-proxy-intercept-errors is not "true"',
      'Ingress/ticketing (base/ingress.yaml #1): nginx.ingress.kubernetes.io/configuration-snippet is a snippet, which ingress-nginx refuses by default',
    ]);
  });

  test("When the ConfigMap's nginx.conf is edited by hand, then the rule reports it", () => {
    const broken = copyOf(manifests);
    const data = bodyOf(broken, 'ConfigMap', 'edge-errors').data as Record<string, string>;
    data['nginx.conf'] = data['nginx.conf']!.replace('Request body too large', 'Too big');

    expect(edgeErrorProblems(broken)).toEqual([expect.stringMatching(/^ConfigMap\/edge-errors: nginx.conf is not/)]);
  });
});

describe("the error backend's nginx.conf, run", () => {
  let nginx: ChildProcess;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    const bin = await ensureNginx();
    const port = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-edge-errors-'));
    // The ConfigMap's text as it is, but for the port: 8080 may be taken here.
    const conf = errorBackendConfOf(manifests)!.replace(`listen ${ERROR_BACKEND_PORT};`, `listen 127.0.0.1:${port};`);
    fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
    // As the Deployment runs it: prefix (pid file, temp folders) a writable folder, errors on stderr.
    nginx = spawn(bin, ['-p', `${dir}/`, '-e', 'stderr', '-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
    url = `http://127.0.0.1:${port}`;
    await eventually(async () => (await get(`${url}/healthz`)).status === 200, 'the error backend answers /healthz');
  });
  afterAll(async () => {
    if (nginx?.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** What ingress-nginx sends for an error it made itself in a location of the Ingress (its @custom_ location). */
  const errorOf = (code: number, originalUri: string) =>
    get(`${url}/`, { 'X-Code': String(code), 'X-Original-URI': originalUri, 'X-Service-Name': 'tickets' });

  test.each(EDGE_ERRORS.map((error) => [error.code, error.status, error.message.replace('{service}', 'tickets')]))(
    'When ingress-nginx sends its error %i for a request under /api, then the answer is %i with that message as JSON',
    async (code, status, message) => {
      const reply = await errorOf(code, '/api/tickets/abc?x=1');

      expect(jsonOf(reply)).toEqual({ status, body: { errors: [{ message }] } });
      expect(reply.contentType).toBe('application/json');
      expect(reply.nosniff).toBe('nosniff');
    },
  );

  test.each(EDGE_ERRORS.map((error) => [error.code, error.status]))(
    "When ingress-nginx sends its error %i for a page, then the answer is nginx's HTML page with status %i",
    async (code, status) => {
      const reply = await errorOf(code, '/tickets/new');

      expect(reply.status).toBe(status);
      expect(reply.contentType).toBe('text/html');
      expect(reply.text).toContain('<html>');
    },
  );

  test('When a path under /api that no route takes comes through the Ingress, then it is a 404 in the error shape', async () => {
    const reply = await get(`${url}/api/nothing-here`);

    expect(jsonOf(reply)).toEqual({
      status: 404,
      body: { errors: [{ message: 'Not found' }] },
    });
  });

  test('When a service has no ready pod, then its request comes as it was with X-Code 503, and the answer says which', async () => {
    const reply = await get(`${url}/api/orders`, { 'X-Code': '503', 'X-Service-Name': 'orders' });

    expect(jsonOf(reply)).toEqual({
      status: 503,
      body: { errors: [{ message: 'The orders service is unavailable' }] },
    });
  });

  test('When a caller sends its own X-Code and X-Service-Name to /api, then they only pick among our answers', async () => {
    const [unknownCode, forgedName] = await Promise.all([
      get(`${url}/api/x`, { 'X-Code': '200' }),
      get(`${url}/api/x`, { 'X-Code': '502', 'X-Service-Name': '"}]}<b>' }),
    ]);

    expect(jsonOf(unknownCode)).toEqual({
      status: 404,
      body: { errors: [{ message: 'Not found' }] },
    });
    expect(JSON.parse(forgedName.text)).toEqual({ errors: [{ message: 'The API service is unavailable' }] });
  });
});
