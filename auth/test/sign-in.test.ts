import { randomBytes, scryptSync } from 'node:crypto';
import { newObjectId } from '@ticketing/common';
import { User } from '../src/models/user';
import { api, expectErrorBody, signUpUser, startAuth, uniqueEmail, uniqueIp, type TestAuth } from './support';

let auth: TestAuth;

beforeAll(async () => {
  auth = await startAuth();
});

afterAll(async () => {
  await auth?.stop();
});

describe('POST /api/users/signin', () => {
  test('When the email and password match, then 200 returns { id, email } and sets a session cookie for that user', async () => {
    const { email, password, user } = await signUpUser(auth.url);

    const res = await api(auth.url, 'POST', '/api/users/signin', { json: { email, password } });

    expect(res.status).toBe(200);
    expect(res.body).toEqual(user);
    const me = await api(auth.url, 'GET', '/api/users/currentuser', { cookie: res.sessionCookie });
    expect(me.body).toEqual({ currentUser: user });
  });

  test('When the email differs only in case and spaces, then sign-in succeeds', async () => {
    const { email, password, user } = await signUpUser(auth.url);

    const res = await api(auth.url, 'POST', '/api/users/signin', {
      json: { email: ` ${email.toUpperCase()}  `, password },
    });

    expect(res.status).toBe(200);
    expect(res.body).toEqual(user);
  });

  test('When the password is wrong, then 400 "Invalid credentials" and no cookie', async () => {
    const { email } = await signUpUser(auth.url);

    const res = await api(auth.url, 'POST', '/api/users/signin', { json: { email, password: 'wrong-password' } });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Invalid credentials' }] });
    expect(res.sessionCookie).toBeUndefined();
  });

  test('When the email is unknown, then the answer is identical to a wrong password', async () => {
    const { email } = await signUpUser(auth.url);

    const wrongPassword = await api(auth.url, 'POST', '/api/users/signin', {
      json: { email, password: 'wrong-password' },
    });
    const unknownEmail = await api(auth.url, 'POST', '/api/users/signin', {
      json: { email: uniqueEmail('nobody'), password: 'wrong-password' },
    });

    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(unknownEmail.cookies).toEqual(wrongPassword.cookies);
  });

  test('When the password of another account is used, then 400 "Invalid credentials"', async () => {
    const alice = await signUpUser(auth.url, 'alice');
    const bob = await signUpUser(auth.url, 'bob');

    const res = await api(auth.url, 'POST', '/api/users/signin', {
      json: { email: alice.email, password: bob.password },
    });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: 'Invalid credentials' }] });
  });

  test.each([
    ['an invalid email', { email: 'nope', password: 'password1' }, 'email'],
    ['a missing email', { password: 'password1' }, 'email'],
    ['an empty password', { email: 'x@test.dev', password: '' }, 'password'],
    ['a missing password', { email: 'x@test.dev' }, 'password'],
    ['a 129-character password', { email: 'x@test.dev', password: 'p'.repeat(129) }, 'password'],
  ])('When the body has %s, then 400 names the field', async (_name, json, field) => {
    const res = await api(auth.url, 'POST', '/api/users/signin', { json });

    expect(res.status).toBe(400);
    expectErrorBody(res.body);
    expect(res.body).toEqual({ errors: [expect.objectContaining({ field })] });
  });

  test('When a user fails a few times and then gives the right password, then the sign-in succeeds', async () => {
    const { email, password, user } = await signUpUser(auth.url);
    const ip = uniqueIp();
    for (let i = 0; i < 3; i++)
      await api(auth.url, 'POST', '/api/users/signin', { json: { email, password: `wrong-${i}` }, ip });

    const res = await api(auth.url, 'POST', '/api/users/signin', { json: { email, password }, ip });

    expect(res.status).toBe(200);
    expect(res.body).toEqual(user);
  });
});

describe('POST /api/users/signin with a hash made before N = 2^17', () => {
  test('When an account was hashed the old way (N = 2^14, parameters in the hash), then its password still signs in', async () => {
    const email = uniqueEmail('legacy');
    const salt = randomBytes(16);
    const key = scryptSync('legacy-password', salt, 64, { N: 16_384, r: 8, p: 1 });
    const passwordHash = ['scrypt', 16_384, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    await User.create({ _id: newObjectId(), email, passwordHash, version: 0 });

    const right = await api(auth.url, 'POST', '/api/users/signin', { json: { email, password: 'legacy-password' } });
    const wrong = await api(auth.url, 'POST', '/api/users/signin', { json: { email, password: 'legacy-passwort' } });

    expect(right.status).toBe(200);
    expect(right.body).toEqual({ id: expect.any(String), email });
    expect(wrong.status).toBe(400);
  });
});
