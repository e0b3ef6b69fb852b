import { request as httpRequest } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from '@ticketing/common';
import { startTestService, type TestRedis, type TestService } from '@ticketing/testing';
import { ConfigSchema } from '../src/config';
import { authService } from '../src/service';

/**
 * The auth service of one test file, on its own database, NATS and Redis (its throttle counters are the test file's
 * own, and a test may stop it), with a test bus connection.
 */
export type TestAuth = TestService & { redis: TestRedis };

/** Starts auth in this process (one per test file: mongoose is a process singleton), with `overrides` on the env. */
export function startAuth(overrides: Record<string, string> = {}): Promise<TestAuth> {
  return startTestService((env) => authService(loadConfig(ConfigSchema, env)), {
    database: 'auth',
    redis: 'private',
    env: overrides,
  });
}

/** A unique email for one test (tests never share users). */
export function uniqueEmail(tag = 'user'): string {
  return `${tag}-${randomUUID().slice(0, 13)}@test.dev`;
}

/** A unique client address (sent as X-Forwarded-For) so that one test's failed sign-ins never throttle another's. */
export function uniqueIp(): string {
  const [a = 0, b = 0, c = 0] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

/** A unique IPv6 /64 (in 2001:db8::/32, the documentation range): `${prefix}<interface id>` is one of its addresses. */
export function uniqueIpv6Prefix(): string {
  const [a = 0, b = 0, c = 0, d = 0] = randomBytes(4);
  return `2001:db8:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}:`;
}

/** One Set-Cookie header, parsed: attribute names lower-cased, flags (HttpOnly, Secure) as `true`. */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair = '', ...parts] = header.split(';').map((p) => p.trim());
  const eq = pair.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const part of parts) {
    const i = part.indexOf('=');
    if (i === -1) attributes[part.toLowerCase()] = true;
    else attributes[part.slice(0, i).toLowerCase()] = part.slice(i + 1);
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
  /** The Set-Cookie headers, parsed. */
  cookies: SetCookie[];
  /** `name=value` of the session cookie set by this response, to send back as a Cookie header. */
  sessionCookie: string | undefined;
}

export interface ApiRequest {
  /** A value sent as JSON. */
  json?: unknown;
  /** A raw body (malformed JSON…), sent with `contentType` (default application/json). */
  raw?: string;
  contentType?: string;
  cookie?: string;
  /** X-Forwarded-For; a fresh address when omitted. */
  ip?: string;
  /** Send X-Forwarded-Proto: https, as the TLS ingress does (default true; Secure cookies need it). */
  https?: boolean;
}

/**
 * One HTTP request through node:http (not fetch, so a GET may carry a malformed body too), never throwing on a
 * status (STYLE, Tests).
 */
export function api(baseUrl: string, method: string, path: string, options: ApiRequest = {}): Promise<ApiResponse> {
  const body = options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  const headers: Record<string, string | number> = { 'x-forwarded-for': options.ip ?? uniqueIp() };
  if (options.https ?? true) headers['x-forwarded-proto'] = 'https';
  if (options.cookie) headers.cookie = options.cookie;
  if (body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, baseUrl), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text, the assertion will show it
        }
        const setCookie = res.headers['set-cookie'] ?? [];
        const cookies = setCookie.map(parseSetCookie);
        const session = cookies.find((c) => c.name === 'session' && c.value !== '');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: parsed,
          cookies,
          sessionCookie: session ? `session=${session.value}` : undefined,
        });
      });
    });
    // The server may answer (413) and close before reading a large body; the response is what the test checks.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    req.end(body);
  });
}

/** Asserts DESIGN §3's error body: `{ errors: [{ message: string, field?: string }] }` and nothing else. */
export function expectErrorBody(body: unknown): void {
  expect(body).toEqual({
    errors: expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]),
  });
  const errors = (body as { errors: Array<Record<string, unknown>> }).errors;
  expect(errors.length).toBeGreaterThan(0);
  for (const item of errors) {
    expect(Object.keys(item).every((k) => k === 'message' || k === 'field')).toBe(true);
    if ('field' in item) expect(typeof item.field).toBe('string');
  }
}

/** Signs up a fresh user and returns its credentials, the user and its session cookie. */
export async function signUpUser(baseUrl: string, tag = 'user') {
  const email = uniqueEmail(tag);
  const password = `pw-${randomUUID()}`;
  const res = await api(baseUrl, 'POST', '/api/users/signup', { json: { email, password } });
  if (res.status !== 201 || !res.sessionCookie)
    throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, password, user: res.body as { id: string; email: string }, cookie: res.sessionCookie };
}
