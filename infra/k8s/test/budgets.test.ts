import { budgetProblems } from './rules/budgets';
import { copyOf, remove, specOf } from './support/edit';
import { loadOverlays } from './support/load';
import { OVERLAYS } from './support/render';

interface BudgetSpec {
  maxUnavailable?: number;
  minAvailable?: number;
  selector: { matchLabels: Record<string, string> };
}

const overlays = loadOverlays();

describe('rule: disruption budgets', () => {
  test.each(OVERLAYS)(
    'When the %s overlay is rendered, then every budget selects one workload, lets a pod go, and every replicated workload has one',
    (overlay) => {
      expect(budgetProblems(overlays[overlay])).toEqual([]);
    },
  );

  test('When the NATS cluster loses its budget, then the rule reports its three pods', () => {
    const broken = remove(copyOf(overlays.prod), 'PodDisruptionBudget', 'nats');

    expect(budgetProblems(broken)).toEqual(['StatefulSet/nats: 3 pods and no PodDisruptionBudget']);
  });

  test('When a budget allows no disruption, then the rule reports that it would block every drain', () => {
    const broken = copyOf(overlays.prod);
    specOf<BudgetSpec>(broken, 'PodDisruptionBudget', 'auth-mongo').maxUnavailable = 0;

    expect(budgetProblems(broken)).toEqual([
      "PodDisruptionBudget/auth-mongo (overlays/prod/budgets.yaml #1): allows no disruption of StatefulSet/auth-mongo's 3 pod(s)",
    ]);
  });

  test('When a budget selects no pods, then the rule reports it, and the workload it meant has none', () => {
    const broken = copyOf(overlays.prod);
    specOf<BudgetSpec>(broken, 'PodDisruptionBudget', 'orders-mongo').selector.matchLabels = { app: 'orders-mongodb' };

    expect(budgetProblems(broken)).toEqual([
      'PodDisruptionBudget/orders-mongo (overlays/prod/budgets.yaml #3): selects the pods of 0 workloads ()',
      'StatefulSet/orders-mongo: 3 pods and no PodDisruptionBudget',
    ]);
  });
});
