import { probePathProblems, probeProblems } from './rules/probes';
import { containerOf, copyOf } from './support/edit';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

const overlays = loadOverlays();
// The broken copies start from dev; each rule's message is the same on either overlay.
const manifests = overlays.dev;
const SERVICES = ['auth', 'tickets', 'orders', 'expiration', 'payments', 'queue'];

describe('rule: probes', () => {
  test.each(OVERLAYS)('When the %s overlay is rendered, then every container has both probes', (overlay) => {
    expect(probeProblems(overlays[overlay])).toEqual([]);
  });

  test.each(OVERLAYS)('When the %s overlay is rendered, then each service probes /readyz and /healthz', (overlay) => {
    expect(probePathProblems(overlays[overlay], SERVICES)).toEqual([]);
  });

  test('When a container loses its readiness probe, then the rule names it', () => {
    const broken = copyOf(manifests);
    delete containerOf(broken, 'Deployment', 'auth').readinessProbe;

    expect(probeProblems(broken)).toEqual(['Deployment/auth container server: no readinessProbe']);
  });

  test('When a store loses its liveness probe, then the rule names it', () => {
    const broken = copyOf(manifests);
    delete containerOf(broken, 'StatefulSet', 'nats').livenessProbe;

    expect(probeProblems(broken)).toEqual(['StatefulSet/nats container nats: no livenessProbe']);
  });

  test('When a service is ready on /healthz, then the path rule reports it', () => {
    const broken = copyOf(manifests);
    containerOf(broken, 'Deployment', 'tickets').readinessProbe = { httpGet: { path: '/healthz', port: 'http' } };

    expect(probePathProblems(broken, SERVICES)).toEqual([
      'Deployment/tickets container server: readinessProbe is not httpGet /readyz',
    ]);
  });
});
