// Field schemas for Stripe's form-encoded parameters. Every value arrives as a string (or a nested object / array of
// strings, from `metadata[orderId]=...` and `payment_method_types[0]=card`), so numbers and booleans are parsed
// from text the way Stripe parses them. A `stripeCode` in an issue's params becomes the error's `code`.
import { z } from 'zod';

const show = (input: unknown): string => (typeof input === 'string' ? input : JSON.stringify(input));

/** `amount=2000` → 2000; `12.5` or `abc` → "Invalid integer: 12.5" (code parameter_invalid_integer). */
export const integerParam = z
  .string()
  .refine((value) => /^-?\d+$/.test(value), {
    error: (issue) => `Invalid integer: ${show(issue.input)}`,
    params: { stripeCode: 'parameter_invalid_integer' },
  })
  .transform(Number);

/** `confirm=true` / `false`, as the SDK sends booleans; anything else is "Invalid boolean: ...". */
export const booleanParam = z
  .string()
  .refine((value) => value === 'true' || value === 'false', {
    error: (issue) => `Invalid boolean: ${show(issue.input)}`,
  })
  .transform((value) => value === 'true');

/** A parameter that must not be blank (`payment_method=`, `currency=`). */
export const nonEmptyStringParam = z.string().refine((value) => value !== '', {
  error:
    'You passed an empty string for this parameter. We assume empty values are an attempt to unset a parameter; ' +
    'however this parameter cannot be unset. You should remove it from your request or supply a non-empty value.',
  params: { stripeCode: 'parameter_invalid_empty' },
});

// Stripe's metadata limits: 50 keys, keys up to 40 characters, values up to 500 (https://docs.stripe.com/metadata).
const METADATA_MAX_KEYS = 50;

/**
 * `metadata[orderId]=abc`. An empty value unsets its key and `metadata=` (empty) unsets all, as on Stripe; so the
 * parsed value is only the keys that remain.
 */
export const metadataParam = z
  .preprocess(
    (value) => (value === '' ? {} : value),
    z.record(
      z.string().max(40, { error: 'Metadata keys can have up to 40 characters.' }),
      z.string().max(500, { error: 'Metadata values can have up to 500 characters.' }),
    ),
  )
  .transform((value) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '')))
  .refine((value) => Object.keys(value).length <= METADATA_MAX_KEYS, {
    error: `Metadata can have up to ${METADATA_MAX_KEYS} keys.`,
  });

/** `expand` is accepted by every Stripe endpoint, but the fake returns ids only; refuse it rather than ignore it. */
export const unsupportedExpand = z.unknown().refine(() => false, {
  error: 'The local Stripe fake does not implement `expand`: it always returns ids, never expanded objects.',
});
