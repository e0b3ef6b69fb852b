import { UserCreated } from '@ticketing/common';
import { eventsInStream, eventually } from '@ticketing/testing';
import { User } from '../src/models/user';
import { api, expectErrorBody, startAuth, uniqueEmail, type TestAuth } from './support';

let auth: TestAuth;

beforeAll(async () => {
  auth = await startAuth();
});

afterAll(async () => {
  await auth?.stop();
});

/** Waits until the outbox has published every event stored for `email`, then returns the UserCreated events seen. */
async function publishedUserCreated(email: string) {
  await eventually(
    async () => (await User.countDocuments({ email, 'outbox.0': { $exists: true } })) === 0,
    `outbox flushed for ${email}`,
  );
  return eventsInStream(auth.bus, UserCreated, (data) => data.email === email);
}

describe('POST /api/users/signup', () => {
  test('When the body is valid, then 201 returns { id, email } and sets a session cookie for that user', async () => {
    const email = uniqueEmail();

    const res = await api(auth.url, 'POST', '/api/users/signup', { json: { email, password: 'correct horse' } });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), email });
    expect(res.sessionCookie).toBeDefined();
    const me = await api(auth.url, 'GET', '/api/users/currentuser', { cookie: res.sessionCookie });
    expect(me.body).toEqual({ currentUser: res.body });
  });

  test('When the email has spaces and capitals, then it is stored trimmed and lower-cased', async () => {
    const email = uniqueEmail('MiXeD');

    const res = await api(auth.url, 'POST', '/api/users/signup', {
      json: { email: `  ${email.toUpperCase()} `, password: 'password1' },
    });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), email: email.toLowerCase() });
  });

  test('When the body asks for roles or isAdmin, then they are dropped: nobody gains a role by signing up', async () => {
    const email = uniqueEmail();

    const res = await api(auth.url, 'POST', '/api/users/signup', {
      json: { email, password: 'correct horse', roles: ['admin'], isAdmin: true, role: 'admin' },
    });
    const me = await api(auth.url, 'GET', '/api/users/currentuser', { cookie: res.sessionCookie });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), email });
    expect(me.body).toEqual({ currentUser: { id: (res.body as { id: string }).id, email } });
    const stored = await User.findOne({ email }).lean();
    expect(stored?.roles).toBeUndefined();
    expect(Object.keys(stored ?? {})).not.toContain('isAdmin');
  });

  test('When the response is sent, then it never contains the password or its hash', async () => {
    const email = uniqueEmail();

    const res = await api(auth.url, 'POST', '/api/users/signup', { json: { email, password: 'secret-password' } });

    expect(Object.keys(res.body as object).sort()).toEqual(['email', 'id']);
    expect(JSON.stringify(res.body)).not.toMatch(/secret-password|scrypt/);
  });

  test('When the password is stored, then it is an scrypt hash with its own salt, not the password', async () => {
    const [a, b] = [uniqueEmail(), uniqueEmail()];
    await api(auth.url, 'POST', '/api/users/signup', { json: { email: a, password: 'same-password' } });
    await api(auth.url, 'POST', '/api/users/signup', { json: { email: b, password: 'same-password' } });

    const hashOf = async (email: string) => (await User.findOne({ email }).lean())?.passwordHash;
    const [hashA, hashB] = [await hashOf(a), await hashOf(b)];

    expect(hashA).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hashA).not.toContain('same-password');
    expect(hashA?.split('$')[4]).not.toBe(hashB?.split('$')[4]);
  });

  test('When the email already has an account (in any case), then 400 "Email in use" on the email field', async () => {
    const email = uniqueEmail();
    await api(auth.url, 'POST', '/api/users/signup', { json: { email, password: 'password1' } });

    const res = await api(auth.url, 'POST', '/api/users/signup', {
      json: { email: email.toUpperCase(), password: 'password2' },
    });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Email in use', field: 'email' }] });
    expect(res.sessionCookie).toBeUndefined();
  });

  test.each([
    ['an invalid email', { email: 'not-an-email', password: 'password1' }, 'email'],
    ['a missing email', { password: 'password1' }, 'email'],
    ['a 7-character password', { email: 'x@test.dev', password: '1234567' }, 'password'],
    ['a 129-character password', { email: 'x@test.dev', password: 'p'.repeat(129) }, 'password'],
    ['a missing password', { email: 'x@test.dev' }, 'password'],
  ])('When the body has %s, then 400 names the field', async (_name, json, field) => {
    const res = await api(auth.url, 'POST', '/api/users/signup', { json });

    expect(res.status).toBe(400);
    expectErrorBody(res.body);
    expect(res.body).toEqual({ errors: [expect.objectContaining({ field })] });
  });

  test('When the password has exactly 8 or 128 characters, then the account is created', async () => {
    const shortest = await api(auth.url, 'POST', '/api/users/signup', {
      json: { email: uniqueEmail(), password: '12345678' },
    });
    const longest = await api(auth.url, 'POST', '/api/users/signup', {
      json: { email: uniqueEmail(), password: 'p'.repeat(128) },
    });

    expect([shortest.status, longest.status]).toEqual([201, 201]);
  });

  test('When 20 signups with one email arrive at once, then exactly one gets 201 and the rest 400 "Email in use"', async () => {
    const email = uniqueEmail('race');

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api(auth.url, 'POST', '/api/users/signup', { json: { email, password: `password-${i}` } }),
      ),
    );

    const created = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 400);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const r of refused) expect(r.body).toEqual({ errors: [{ message: 'Email in use', field: 'email' }] });
    expect(await User.countDocuments({ email })).toBe(1);
    const events = await publishedUserCreated(email);
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toEqual({ id: (created[0]?.body as { id: string }).id, email, version: 0 });
  });

  test('When a user signs up, then UserCreated { id, email, version: 0 } is published once', async () => {
    const email = uniqueEmail('event');

    const res = await api(auth.url, 'POST', '/api/users/signup', { json: { email, password: 'password1' } });

    const events = await publishedUserCreated(email);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.data).toEqual({ id: (res.body as { id: string }).id, email, version: 0 });
    expect(event?.subject).toBe('user.created');
    expect(() => UserCreated.parse(event)).not.toThrow();
  });

  test('When a signup is refused, then no UserCreated is published for it', async () => {
    const email = uniqueEmail('refused');
    await api(auth.url, 'POST', '/api/users/signup', { json: { email, password: 'short' } });

    const events = await eventsInStream(auth.bus, UserCreated, (data) => data.email === email);

    expect(await User.countDocuments({ email })).toBe(0);
    expect(events).toHaveLength(0);
  });
});
