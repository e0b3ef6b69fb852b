import fs from 'node:fs';
import path from 'node:path';
import { readmeSecretProblems, secretsCreatedIn } from './rules/readme-secrets';
import { CLUSTER_SECRET_KEYS } from './support/cluster-secrets';
import { manifestsDir } from './support/load';

const readme = fs.readFileSync(path.join(manifestsDir, 'README.md'), 'utf8');

describe('rule: the README creates the Secrets the manifests read', () => {
  test('When the README is read, then its kubectl commands create every Secret and key the checks stand in for', () => {
    expect(readmeSecretProblems(secretsCreatedIn(readme), CLUSTER_SECRET_KEYS)).toEqual([]);
  });

  test('When the README is read, then the Redis Secret holds the password and the URL, over two lines', () => {
    expect(secretsCreatedIn(readme)['redis-secret']).toEqual(['REDIS_PASSWORD', 'REDIS_URL']);
  });

  test('When the README loses the TLS command and a key of the Redis one, then the rule reports both', () => {
    const broken = readme
      .replace(/kubectl create secret tls ticketing-tls[^\n]*/g, '')
      .replace('--from-literal=REDIS_URL=', '--from-literal=REDIS_URI=');

    expect(readmeSecretProblems(secretsCreatedIn(broken), CLUSTER_SECRET_KEYS)).toEqual([
      'the README creates redis-secret without REDIS_URL',
      'the README does not create the Secret ticketing-tls',
    ]);
  });
});
