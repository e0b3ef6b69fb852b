import { api, expectErrorBody, startAuth, uniqueEmail, type ApiResponse, type TestAuth } from './support';

let auth: TestAuth;

beforeAll(async () => {
  auth = await startAuth();
});

afterAll(async () => {
  await auth?.stop();
});

const routes = [
  ['POST', '/api/users/signup'],
  ['POST', '/api/users/signin'],
  ['POST', '/api/users/signout'],
  ['GET', '/api/users/currentuser'],
] as const;

// Values that are wrong for both fields: NoSQL operators, wrong types, empty and oversized strings, control characters.
const badValues: Array<[string, unknown]> = [
  ['{ $gt: "" }', { $gt: '' }],
  ['{ $ne: null }', { $ne: null }],
  ['{ $regex: ".*" }', { $regex: '.*' }],
  ['{ $where: "sleep(1000)" }', { $where: 'sleep(1000)' }],
  ['{ $in: [...] }', { $in: ['a@test.dev'] }],
  ['{}', {}],
  ['null', null],
  ['true', true],
  ['false', false],
  ['0', 0],
  ['-1', -1],
  ['1.5', 1.5],
  ['1e308', 1e308],
  ['[]', []],
  ['["a@test.dev"]', ['a@test.dev']],
  ['[{ $gt: "" }]', [{ $gt: '' }]],
  ['""', ''],
  ['" "', ' '],
  ['"\\u0000"', '\u0000'],
  ['300 characters', 'a'.repeat(300)],
  ['a long string', 'x'.repeat(5_000)],
];

// Values that are wrong for one field only (a valid-looking value for the other field is kept).
const badEmails: Array<[string, unknown]> = [
  ['no @', 'not-an-email'],
  ['no domain', 'a@'],
  ['no local part', '@test.dev'],
  ['two @', 'a@b@test.dev'],
  ['spaces inside', 'a b@test.dev'],
  ['a 255-character address', `${'a'.repeat(246)}@test.dev`],
  ['a script tag', '<script>@test.dev'],
];
const badPasswords: Array<[string, unknown]> = [
  ['7 characters (signup) / empty (signin)', ''],
  ['129 characters', 'p'.repeat(129)],
];

const validEmail = uniqueEmail('malformed');
const validPassword = 'valid-password-1';

/** Bodies sent as JSON: each field with each bad value, fields missing, and bad top-level values. */
function jsonBodies(): Array<[string, unknown]> {
  const bodies: Array<[string, unknown]> = [];
  for (const [name, value] of [...badValues, ...badEmails])
    bodies.push([`email = ${name}`, { email: value, password: validPassword }]);
  for (const [name, value] of [...badValues, ...badPasswords])
    bodies.push([`password = ${name}`, { email: validEmail, password: value }]);
  for (const [name, value] of badValues) bodies.push([`both = ${name}`, { email: value, password: value }]);
  bodies.push(['no fields', {}], ['email only', { email: validEmail }], ['password only', { password: validPassword }]);
  bodies.push(['extra $where key', { $where: '1', email: { $gt: '' }, password: validPassword }]);
  return bodies;
}

/** Raw bodies that are not JSON objects: malformed JSON and top-level scalars. */
const rawBodies: Array<[string, string]> = [
  ['an opening brace', '{'],
  ['an unterminated string', '{"email": "a@test.dev'],
  ['single quotes', "{'email': 'a@test.dev'}"],
  ['a trailing comma', `{"email": "${validEmail}", "password": "${validPassword}",}`],
  ['undefined', 'undefined'],
  ['NaN', `{"email": NaN}`],
  ['a bare word', 'hello'],
  ['top-level null', 'null'],
  ['top-level string', '"a@test.dev"'],
  ['top-level number', '42'],
  ['top-level true', 'true'],
  ['top-level array', `[{"email": "${validEmail}", "password": "${validPassword}"}]`],
  ['an empty array', '[]'],
  ['deep nesting', `${'['.repeat(2_000)}${']'.repeat(2_000)}`],
  ['a byte-order mark', `\uFEFF{"email": 1}`],
];

function expectClientError(res: ApiResponse, what: string): void {
  if (res.status >= 500) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  if (res.status >= 400) expectErrorBody(res.body);
}

describe('malformed request bodies', () => {
  test('When any of 200+ malformed bodies is sent to any auth route, then the answer is 4xx (or 200 where the body is ignored), never 5xx', async () => {
    const cases: Array<{ method: string; path: string; what: string; json?: unknown; raw?: string }> = [];
    for (const [method, path] of routes) {
      for (const [what, json] of jsonBodies()) cases.push({ method, path, what, json });
      for (const [what, raw] of rawBodies) cases.push({ method, path, what, raw });
    }
    expect(cases.length).toBeGreaterThanOrEqual(200);

    const statuses: number[] = [];
    for (const c of cases) {
      const res = await api(auth.url, c.method, c.path, { json: c.json, raw: c.raw });
      expectClientError(res, `${c.method} ${c.path} with ${c.what}`);
      statuses.push(res.status);
    }

    // The routes that read a body refused every one of these (none is a valid signup or signin).
    const bodyRoutes = cases
      .map((c, i) => ({ ...c, status: statuses[i] }))
      .filter((c) => c.path.endsWith('/signup') || c.path.endsWith('/signin'));
    expect(bodyRoutes.filter((c) => c.status !== 400)).toEqual([]);
  });

  test('When a NoSQL operator is given as the email of an existing account, then sign-in is refused with 400 naming the field', async () => {
    const email = uniqueEmail('victim');
    await api(auth.url, 'POST', '/api/users/signup', { json: { email, password: validPassword } });

    const res = await api(auth.url, 'POST', '/api/users/signin', {
      json: { email: { $gt: '' }, password: validPassword },
    });
    const regex = await api(auth.url, 'POST', '/api/users/signin', {
      json: { email: { $regex: '.*' }, password: { $ne: null } },
    });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [expect.objectContaining({ field: 'email' })] });
    expect(regex.status).toBe(400);
    expect(res.sessionCookie ?? regex.sessionCookie).toBeUndefined();
  });

  test.each(routes)('When a 1 MB body is sent to %s %s, then 413', async (method, path) => {
    const res = await api(auth.url, method, path, {
      json: { email: 'a'.repeat(1024 * 1024), password: validPassword },
    });

    expect(res.status).toBe(413);
    expect(res.body).toEqual({ errors: [{ message: 'Request body too large' }] });
  });

  test.each([
    ['text/plain', `{"email": "${validEmail}", "password": "${validPassword}"}`],
    ['application/x-www-form-urlencoded', `email=${validEmail}&password=${validPassword}`],
  ])('When the body is sent as %s, then it is not read and signup answers 400', async (contentType, raw) => {
    const res = await api(auth.url, 'POST', '/api/users/signup', { raw, contentType });

    expect(res.status).toBe(400);
    expectErrorBody(res.body);
  });
});
