import { z } from 'zod';

/** A JSON Schema object as produced by zod (draft-07, which AsyncAPI 3's default schema format extends). */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of what a consumer accepts (zod's `input` side: unknown keys are stripped on parse, so the schema
 * does not forbid them). Refinements that JSON Schema cannot say (a price's 2 decimals) are left out by zod, and
 * regex flags are dropped (ObjectIds are checked case-insensitively by the contracts, lower-case here).
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
  });
  return rest;
}
