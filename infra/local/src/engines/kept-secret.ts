// A secret made once per data dir and kept in a file there (mode 0600): a server restarted on the same dir (npm
// start's supervisor, a restart test) keeps the password its clients hold, and nothing secret is written in the repo.
import { readFile, writeFile } from 'node:fs/promises';
import type { z } from 'zod';

/**
 * The value in `file` when it parses with `schema`; otherwise `make()`, written to `file` (0600) and returned.
 * A missing, unreadable or malformed file is replaced (what it protected is then protected by the new secret). A
 * file written before a field with a default was added gets that field made by its default and kept from then on,
 * the others unchanged.
 */
export async function keptSecret<S extends z.ZodType>(
  file: string,
  schema: S,
  make: () => z.output<S>,
): Promise<z.output<S>> {
  try {
    const stored: unknown = JSON.parse(await readFile(file, 'utf8'));
    const existing = schema.safeParse(stored);
    if (existing.success) {
      if (gainedFields(stored, existing.data)) await keep(file, existing.data);
      return existing.data;
    }
  } catch {
    // missing or unreadable: made anew below
  }
  const made = make();
  await keep(file, made);
  return made;
}

/** Whether parsing added a field the file lacked (a default): only then is it written again, never on each read. */
function gainedFields(stored: unknown, parsed: unknown): boolean {
  if (typeof stored !== 'object' || stored === null || typeof parsed !== 'object' || parsed === null) return false;
  return Object.keys(parsed).some((key) => !(key in stored));
}

function keep(file: string, value: unknown): Promise<void> {
  return writeFile(file, `${JSON.stringify(value)}\n`, { mode: 0o600 });
}
