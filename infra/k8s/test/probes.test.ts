import { probePathProblems, probeProblems } from './rules/probes';
import { containerOf, copyOf } from './support/edit';
import { loadManifests } from './support/load';

const manifests = loadManifests('dev');
const SERVICES = ['auth', 'tickets', 'orders', 'expiration', 'payments'];

describe('rule: probes', () => {
  test('When the manifests are as committed, then every container has both probes', () => {
    expect(probeProblems(manifests)).toEqual([]);
  });

  test('When the manifests are as committed, then each service probes /readyz and /healthz', () => {
    expect(probePathProblems(manifests, SERVICES)).toEqual([]);
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
