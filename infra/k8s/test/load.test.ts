import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadManifests, readYamlDocuments } from './support/load';

describe('loading the manifests', () => {
  test('When infra/k8s is loaded, then every manifest file contributes documents', () => {
    const files = new Set(loadManifests().map((m) => m.file));

    expect([...files]).toEqual([
      'auth.yaml',
      'client.yaml',
      'config.yaml',
      'expiration.yaml',
      'ingress.yaml',
      'nats.yaml',
      'network-policies.yaml',
      'orders.yaml',
      'payments.yaml',
      'redis.yaml',
      'tickets.yaml',
    ]);
  });

  test('When a file repeats a key, then loading fails and names the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-load-'));
    const file = path.join(dir, 'twice.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\n');

    try {
      expect(() => readYamlDocuments(file)).toThrow(/twice\.yaml: .*unique/i);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
