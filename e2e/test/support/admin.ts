import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { TestSystem } from './system';

/**
 * Makes an existing account an admin the way `npm run admin -- grant` does it (DESIGN §12 "Roles"): `roles` on the
 * account in auth's database, which auth puts in the session token at the next sign-in (so the user then signs in
 * again). Straight into the database rather than through the command, so that the browser tests need nothing but
 * the running system's engines.
 */
export async function grantAdmin(system: TestSystem, email: string): Promise<void> {
  const { mongoUri } = JSON.parse(await readFile(path.join(system.system.dataDir, 'engines.json'), 'utf8')) as {
    mongoUri: string;
  };
  const mongo = await MongoClient.connect(mongoUri);
  try {
    const granted = await mongo
      .db('auth')
      .collection('users')
      .updateOne({ email }, { $set: { roles: ['admin'] } });
    if (granted.matchedCount !== 1) throw new Error(`no account ${email} in auth's database`);
  } finally {
    await mongo.close();
  }
}
