import type { ErrorItem } from '@ticketing/common';

export type SplitErrors = {
  /** Messages per form field, for the fields the form actually shows. */
  byField: Record<string, string[]>;
  /** Everything else: errors without a field, or naming a field this form has no input for. */
  general: string[];
};

/**
 * Splits API errors into the ones shown beside an input and the ones shown in the alert box.
 * An error naming a field the form doesn't render goes to `general`, so no message is ever lost.
 * A nested zod path (`ticket.price`) is matched by its first segment as a fallback.
 */
export function splitErrors(errors: readonly ErrorItem[], formFields: readonly string[]): SplitErrors {
  const known = new Set(formFields);
  const byField: Record<string, string[]> = {};
  const general: string[] = [];
  for (const { message, field } of errors) {
    const target = field === undefined ? undefined : known.has(field) ? field : field.split('.')[0];
    if (target !== undefined && known.has(target)) (byField[target] ??= []).push(message);
    else general.push(message);
  }
  return { byField, general };
}

export const NO_ERRORS: SplitErrors = { byField: {}, general: [] };
