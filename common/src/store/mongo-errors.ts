/** True for MongoDB's duplicate-key error E11000: the loser of a unique-key insert (DESIGN §6). */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 11000;
}

/**
 * The name of the unique index that an E11000 came from, or undefined: read from the message ("… index: <name> dup
 * key …"), which MongoDB and mongo-java-server both write, so that one insert guarded by several unique keys can
 * tell which rule it broke.
 */
export function duplicateKeyIndex(error: unknown): string | undefined {
  if (!isDuplicateKeyError(error) || !(error instanceof Error)) return undefined;
  return /index: (\S+)/.exec(error.message)?.[1];
}
