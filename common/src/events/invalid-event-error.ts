import type { z } from 'zod';

/** Reads the value at a zod issue's path, so the message can say what was received. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

/** One line per issue: `TicketCreated.price: must be > 0 (got -1)`. */
export function describeIssues(eventName: string, issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const where = field ? `${eventName}.${field}` : eventName;
    return `${where}: ${issue.message} (got ${show(valueAt(input, issue.path))})`;
  });
}

/**
 * A payload that does not match its event's schema, at publish or at consume. The message names the event and
 * every bad field, so a log line is enough to find the producer's mistake.
 */
export class InvalidEventError extends Error {
  constructor(
    readonly eventName: string,
    readonly problems: string[],
  ) {
    super(problems.join('; '));
    this.name = 'InvalidEventError';
  }
}
