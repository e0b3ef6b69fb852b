import { availabilityProblems } from './rules/availability';
import { copyOf, podOf, remove, specOf } from './support/edit';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

const overlays = loadOverlays();
// The broken copies start from dev; each rule's message is the same on either overlay.
const manifests = overlays.dev;
// Two replicas each; the services' shutdown has a 10 s hard deadline (STYLE: boot and shutdown), payments' 21 s
// (payments/src/service.ts: the Stripe calls in flight may take STRIPE_CALL_MAX_MS, 19 s, plus 2 s).
const OPTIONS = { minReplicas: 2, shutdownSeconds: 10, longerShutdownSeconds: { payments: 21 } };

describe('rule: availability', () => {
  test.each(OVERLAYS)(
    'When the %s overlay is rendered, then every Deployment has replicas, a budget and a long enough grace period',
    (overlay) => {
      expect(availabilityProblems(overlays[overlay], OPTIONS)).toEqual([]);
    },
  );

  test('When a Deployment runs one replica, then the rule reports it', () => {
    const broken = copyOf(manifests);
    specOf<{ replicas: number }>(broken, 'Deployment', 'expiration').replicas = 1;

    expect(availabilityProblems(broken, OPTIONS)).toEqual(['Deployment/expiration: 1 replica(s), fewer than 2']);
  });

  test('When the grace period does not cover preStop plus shutdown, then the rule reports it', () => {
    const broken = copyOf(manifests);
    podOf(broken, 'Deployment', 'orders').terminationGracePeriodSeconds = 12;

    expect(availabilityProblems(broken, OPTIONS)).toEqual([
      'Deployment/orders: terminationGracePeriodSeconds 12 is not above preStop + shutdown (15 s)',
    ]);
  });

  test('When a Deployment has no PodDisruptionBudget, then the rule reports it', () => {
    const broken = remove(copyOf(manifests), 'PodDisruptionBudget', 'tickets');

    expect(availabilityProblems(broken, OPTIONS)).toEqual(['Deployment/tickets: no PodDisruptionBudget']);
  });
});
