import { containers, type Manifest } from './manifests';

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL: Record<string, number> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** A Kubernetes quantity (`250m`, `1`, `128Mi`, `1G`) as a number, or undefined when it is not one we can read. */
export function parseQuantity(quantity: string | number | undefined): number | undefined {
  if (typeof quantity === 'number') return quantity;
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|m|k|M|G|T)?$/.exec(quantity ?? '');
  if (!match) return undefined;
  const unit = match[2] ?? '';
  const factor = BINARY[unit] ?? DECIMAL[unit];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}

/**
 * Every container requests cpu and memory (so the scheduler places it) and is limited in both (so one runaway pod
 * cannot starve its node), with each request at most its limit: the API server refuses the opposite, and finding
 * that here is cheaper than at `kubectl apply`.
 */
export function resourceProblems(manifests: readonly Manifest[]): string[] {
  return containers(manifests).flatMap(({ container, where }) =>
    ['cpu', 'memory'].flatMap((resource) => {
      const request = container.resources?.requests?.[resource];
      const limit = container.resources?.limits?.[resource];
      const problems: string[] = [];
      if (request === undefined) problems.push(`${where}: no ${resource} request`);
      if (limit === undefined) problems.push(`${where}: no ${resource} limit`);
      if (request !== undefined && limit !== undefined) {
        const [r, l] = [parseQuantity(request), parseQuantity(limit)];
        if (r === undefined || l === undefined) problems.push(`${where}: unreadable ${resource} quantity`);
        else if (r > l) problems.push(`${where}: ${resource} request ${request} is above its limit ${limit}`);
      }
      return problems;
    }),
  );
}
