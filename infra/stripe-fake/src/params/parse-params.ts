import { z } from 'zod';
import { invalidRequest, type StripeApiError } from '../errors';

type Path = readonly PropertyKey[];

/** `['automatic_payment_methods', 'enabled']` → `automatic_payment_methods[enabled]`, Stripe's name for a param. */
export function paramName(path: Path): string {
  const [head, ...rest] = path.map(String);
  return `${head ?? ''}${rest.map((part) => `[${part}]`).join('')}`;
}

function valueAt(raw: unknown, path: Path): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const unknownParamMessage = (param: string): string =>
  `Received unknown parameter: ${param}. The local Stripe fake does not implement it (see infra/stripe-fake/README.md).`;

// Stripe's wording for the failures zod detects by itself. A message a schema sets (fields.ts, the route schemas)
// takes precedence over this map, which is how zod orders error maps.
const stripeMessages: z.core.$ZodErrorMap = (issue) => {
  const param = paramName(issue.path ?? []);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'record' || issue.expected === 'object' ? 'hash' : issue.expected;
      return `Invalid ${expected}${typeof issue.input === 'string' ? `: ${issue.input}` : ''}`;
    }
    case 'invalid_value':
      return `Invalid ${param}: must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return undefined;
  }
};

/** Turns one zod issue into the error Stripe returns for that parameter. */
function toStripeError(issue: z.core.$ZodIssue, raw: unknown): StripeApiError {
  const before = { beforeExecution: true };
  if (issue.code === 'unrecognized_keys') {
    const param = paramName([...issue.path, issue.keys[0] ?? '']);
    return invalidRequest(unknownParamMessage(param), { code: 'parameter_unknown', param }, before);
  }
  const param = paramName(issue.path);
  if (valueAt(raw, issue.path) === undefined) {
    return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param }, before);
  }
  if (issue.code === 'invalid_key') {
    return invalidRequest(issue.issues[0]?.message ?? `Invalid ${param}`, { param }, before);
  }
  // Custom checks carry Stripe's code, where it has one, in params.stripeCode.
  const code = issue.code === 'custom' ? (issue.params?.['stripeCode'] as string | undefined) : undefined;
  return invalidRequest(issue.message, { ...(param !== '' && { param }), ...(code !== undefined && { code }) }, before);
}

// Stripe names the first problem only; unknown parameters first, as it checks the names before the values.
function firstIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue | undefined {
  return issues.find((issue) => issue.code === 'unrecognized_keys') ?? issues[0];
}

/**
 * Parses a request's params with a zod schema, or throws the StripeApiError Stripe would answer (400, with `param`).
 * Such an error counts as "before execution": it is not stored under an idempotency key.
 */
export function parseParams<Schema extends z.ZodType>(schema: Schema, raw: unknown): z.output<Schema> {
  const result = schema.safeParse(raw ?? {}, { error: stripeMessages });
  if (result.success) return result.data;
  const issue = firstIssue(result.error.issues);
  if (issue === undefined) throw invalidRequest('Invalid request.', {}, { beforeExecution: true });
  throw toStripeError(issue, raw);
}
