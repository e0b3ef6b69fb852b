import { redisProblems } from './rules/redis';
import { containerOf, copyOf } from './support/edit';
import { loadOverlays } from './support/load';

const overlays = loadOverlays();

describe('rule: Redis', () => {
  test('When the dev overlay is rendered, then Redis keeps its append-only file', () => {
    expect(redisProblems(overlays.dev, { password: false })).toEqual([]);
  });

  test('When the prod overlay is rendered, then Redis requires the Secret password and its clients read it from there', () => {
    expect(redisProblems(overlays.prod, { password: true })).toEqual([]);
  });

  test('When dev is held to the prod rule, then it is reported as open', () => {
    expect(redisProblems(overlays.dev, { password: true })).toEqual([
      'StatefulSet/redis: --requirepass is not $(VAR) with VAR from a Secret',
      'StatefulSet/redis: REDISCLI_AUTH is not from a Secret, so its probe is refused',
      'Deployment/auth: REDIS_URL is not from a Secret, so it has no password',
      'Deployment/tickets: REDIS_URL is not from a Secret, so it has no password',
      'Deployment/orders: REDIS_URL is not from a Secret, so it has no password',
      'Deployment/expiration: REDIS_URL is not from a Secret, so it has no password',
      'Deployment/payments: REDIS_URL is not from a Secret, so it has no password',
    ]);
  });

  test('When the password is written into the args and a client goes back to the ConfigMap URL, then the rule reports both', () => {
    const broken = copyOf(overlays.prod);
    const redis = containerOf(broken, 'StatefulSet', 'redis');
    redis.args![redis.args!.indexOf('--requirepass') + 1] = 'hunter2';
    containerOf(broken, 'Deployment', 'expiration').env!.find((v) => v.name === 'REDIS_URL')!.valueFrom = {
      configMapKeyRef: { name: 'ticketing-config', key: 'REDIS_URL' },
    };

    expect(redisProblems(broken, { password: true })).toEqual([
      'StatefulSet/redis: --requirepass is not $(VAR) with VAR from a Secret',
      'Deployment/expiration: REDIS_URL is not from a Secret, so it has no password',
    ]);
  });

  test('When the append-only file is turned off, then the rule reports it', () => {
    const broken = copyOf(overlays.dev);
    const redis = containerOf(broken, 'StatefulSet', 'redis');
    redis.args![redis.args!.indexOf('--appendonly') + 1] = 'no';

    expect(redisProblems(broken, { password: false })).toEqual(['StatefulSet/redis: the append-only file is off']);
  });
});
