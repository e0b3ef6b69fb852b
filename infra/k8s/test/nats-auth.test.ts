import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureEngines, passwordVariable } from '@ticketing/local';
import { CLUSTER_BUS_USERS, expectedNatsConf, natsAuthProblems, natsConfOf } from './rules/nats-auth';
import { bodyOf, containerOf, copyOf } from './support/edit';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

const overlays = loadOverlays();
const manifests = overlays.dev;

describe('rule: NATS has a user per service, with the permissions of the code', () => {
  test.each(OVERLAYS)(
    "When the %s overlay is rendered, then nats.conf is infra/local's table and every service logs in as itself",
    (overlay) => {
      expect(natsAuthProblems(overlays[overlay])).toEqual([]);
    },
  );

  test("When nats-server checks the ConfigMap's nats.conf with the Secrets' variables set, then it is valid", async () => {
    const { natsServer } = await ensureEngines({ only: ['nats'] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-nats-conf-'));
    const file = path.join(dir, 'nats.conf');
    fs.writeFileSync(file, natsConfOf(manifests) ?? '');
    const env = Object.fromEntries(CLUSTER_BUS_USERS.map((user) => [passwordVariable(user), 'x'.repeat(48)]));

    try {
      // -t: parse the config and exit; nats-server reports on stderr.
      const check = spawnSync(natsServer, ['-c', file, '-t'], { env, encoding: 'utf8' });

      expect({ status: check.status, output: check.stderr }).toEqual({
        status: 0,
        output: expect.stringMatching(/is valid/),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('When nats.conf lets auth publish charge.created, then the rule reports that it differs from the table', () => {
    const broken = copyOf(manifests);
    const data = bodyOf(broken, 'ConfigMap', 'nats-config').data as Record<string, string>;
    data['nats.conf'] = data['nats.conf']!.replace('"user.created",', '"user.created",\n          "charge.created",');

    expect(natsAuthProblems(broken)).toEqual([expect.stringMatching(/^ConfigMap\/nats-config: nats.conf is not/)]);
    expect(expectedNatsConf()).not.toMatch(/"user.created",\s*"charge.created"/);
  });

  test("When orders logs in as tickets, and payments reads orders' Secret, then the rule reports both", () => {
    const broken = copyOf(manifests);
    containerOf(broken, 'Deployment', 'orders').env!.find((v) => v.name === 'NATS_USER')!.value = 'tickets';
    containerOf(broken, 'Deployment', 'payments').env!.find(
      (v) => v.name === 'NATS_PASSWORD',
    )!.valueFrom!.secretKeyRef!.name = 'nats-orders';

    expect(natsAuthProblems(broken)).toEqual([
      'Deployment/orders: NATS_USER is not orders',
      'Deployment/payments: NATS_PASSWORD is not from its own Secret nats-payments',
    ]);
  });

  test('When the client gets a NATS login and the server loses its -c, then the rule reports both', () => {
    const broken = copyOf(manifests);
    containerOf(broken, 'Deployment', 'client').env!.push({ name: 'NATS_USER', value: 'operator' });
    const nats = containerOf(broken, 'StatefulSet', 'nats');
    nats.args = nats.args!.filter((arg) => arg !== '-c' && arg !== '/etc/nats/nats.conf');

    expect(natsAuthProblems(broken)).toEqual([
      'StatefulSet/nats: does not read nats.conf from the mounted ConfigMap nats-config (-c)',
      'Deployment/client: has a NATS login, but it does not use the bus',
    ]);
  });
});
