import { parseQuantity, resourceProblems } from './rules/resources';
import { containerOf, copyOf } from './support/edit';
import { loadManifests } from './support/load';

const manifests = loadManifests('dev');

describe('rule: resources', () => {
  test('When the manifests are as committed, then every container has requests and limits', () => {
    expect(resourceProblems(manifests)).toEqual([]);
  });

  test('When a container has no limits, then the rule names both', () => {
    const broken = copyOf(manifests);
    delete containerOf(broken, 'StatefulSet', 'redis').resources!.limits;

    expect(resourceProblems(broken)).toEqual([
      'StatefulSet/redis container redis: no cpu limit',
      'StatefulSet/redis container redis: no memory limit',
    ]);
  });

  test('When a request is above its limit, then the rule reports it', () => {
    const broken = copyOf(manifests);
    containerOf(broken, 'Deployment', 'orders').resources!.requests!.memory = '1Gi';

    expect(resourceProblems(broken)).toEqual([
      'Deployment/orders container server: memory request 1Gi is above its limit 384Mi',
    ]);
  });

  test.each([
    ['250m', 0.25],
    ['1', 1],
    ['128Mi', 128 * 2 ** 20],
    ['1G', 1e9],
    ['lots', undefined],
  ])('When the quantity is %s, then it reads as %s', (quantity, value) => {
    expect(parseQuantity(quantity)).toBe(value);
  });
});
