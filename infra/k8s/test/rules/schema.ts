import type { KubeObject } from './manifests';

/** One schema error, already phrased: `/spec must NOT have additional properties (replica)`. */
export type SchemaCheck = (document: unknown) => string[];

/**
 * Finds the check for an apiVersion and kind, or undefined when there is no schema for it. Kept outside this module
 * (see support/schemas.ts) so that this rule stays a pure function of its inputs.
 */
export type SchemaLookup = (apiVersion: string, kind: string) => SchemaCheck | undefined;

export interface SchemaSubject {
  where: string;
  body: KubeObject;
}

/**
 * Every document must match the strict schema of its kind (unknown fields are errors there, so a misspelt key such as
 * `replica:` is caught). A kind we have no schema for fails too: an unchecked document is not a checked one.
 */
export function schemaProblems(subjects: readonly SchemaSubject[], lookup: SchemaLookup): string[] {
  return subjects.flatMap(({ where, body }) => {
    if (typeof body.apiVersion !== 'string' || typeof body.kind !== 'string') {
      return [`${where}: no apiVersion or kind`];
    }
    const check = lookup(body.apiVersion, body.kind);
    if (!check) return [`${where}: no schema for ${body.apiVersion} ${body.kind}`];
    return check(body).map((error) => `${where}: ${error}`);
  });
}
