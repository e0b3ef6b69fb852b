/** True for MongoDB's duplicate-key error E11000: the loser of a unique-key insert (DESIGN §6). */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 11000;
}
