import { parseQuantity, resourceProblems } from './rules/resources';
import { containerOf, copyOf } from './support/edit';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

const overlays = loadOverlays();
// The broken copies start from dev; each rule's message is the same on either overlay.
const manifests = overlays.dev;

describe('rule: resources', () => {
  test.each(OVERLAYS)('When the %s overlay is rendered, then every container has requests and limits', (overlay) => {
    expect(resourceProblems(overlays[overlay])).toEqual([]);
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
