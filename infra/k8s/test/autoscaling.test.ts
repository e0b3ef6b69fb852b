import { autoscalerProblems } from './rules/autoscaling';
import { containerOf, copyOf, specOf } from './support/edit';
import { loadOverlays } from './support/load';

interface AutoscalerSpec {
  scaleTargetRef: { name: string };
  minReplicas: number;
  metrics: { resource: { name: string } }[];
}

const overlays = loadOverlays();
const OPTIONS = {
  deployments: ['auth', 'tickets', 'orders', 'expiration', 'payments', 'client', 'edge-errors'],
  minReplicas: 2,
};

describe('rule: autoscaling (prod)', () => {
  test('When the prod overlay is rendered, then every Deployment has one CPU autoscaler from 2 replicas', () => {
    expect(autoscalerProblems(overlays.prod, OPTIONS)).toEqual([]);
  });

  test('When an autoscaler targets a Deployment that does not exist, then the rule reports both ends', () => {
    const broken = copyOf(overlays.prod);
    specOf<AutoscalerSpec>(broken, 'HorizontalPodAutoscaler', 'orders').scaleTargetRef.name = 'order';

    expect(autoscalerProblems(broken, OPTIONS)).toEqual([
      'HorizontalPodAutoscaler/orders (overlays/prod/autoscalers.yaml #3): targets apps/v1/Deployment/order, which is not a Deployment here',
      'Deployment/orders: 0 HorizontalPodAutoscalers, not 1',
    ]);
  });

  test('When an autoscaler scales on memory down to one pod, and its target requests no CPU, then the rule reports all three', () => {
    const broken = copyOf(overlays.prod);
    const spec = specOf<AutoscalerSpec>(broken, 'HorizontalPodAutoscaler', 'payments');
    spec.minReplicas = 1;
    spec.metrics[0]!.resource.name = 'memory';
    delete containerOf(broken, 'Deployment', 'payments').resources!.requests!.cpu;

    expect(autoscalerProblems(broken, OPTIONS)).toEqual([
      'HorizontalPodAutoscaler/payments (overlays/prod/autoscalers.yaml #5): minReplicas 1 is below 2',
      'HorizontalPodAutoscaler/payments (overlays/prod/autoscalers.yaml #5): does not scale on CPU utilization',
      'HorizontalPodAutoscaler/payments (overlays/prod/autoscalers.yaml #5): container server of its target requests no CPU',
    ]);
  });

  test('When an autoscaled Deployment states its own replicas, then the rule reports that apply would reset them', () => {
    const broken = copyOf(overlays.prod);
    specOf<{ replicas?: number }>(broken, 'Deployment', 'client').replicas = 2;

    expect(autoscalerProblems(broken, OPTIONS)).toEqual([
      'Deployment/client: sets replicas (2) although an autoscaler owns them',
    ]);
  });
});
