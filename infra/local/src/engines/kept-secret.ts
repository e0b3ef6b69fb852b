// A secret made once per data dir and kept in a file there (mode 0600): a server restarted on the same dir (npm
// start's supervisor, a restart test) keeps the password its clients hold, and nothing secret is written in the repo.
import { readFile, writeFile } from 'node:fs/promises';
import type { z } from 'zod';

/**
 * The value in `file` when it parses with `schema`; otherwise `make()`, written to `file` (0600) and returned.
 * A missing, unreadable or malformed file is replaced (what it protected is then protected by the new secret).
 */
export async function keptSecret<S extends z.ZodType>(
  file: string,
  schema: S,
  make: () => z.output<S>,
): Promise<z.output<S>> {
  try {
    const existing = schema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (existing.success) return existing.data;
  } catch {
    // missing or unreadable: made anew below
  }
  const made = make();
  await writeFile(file, `${JSON.stringify(made)}\n`, { mode: 0o600 });
  return made;
}
