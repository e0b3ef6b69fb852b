import { SERVICE_NAMES, type ServiceName } from './repo';

/** One row of DESIGN §5's events table. */
export interface DesignRow {
  event: string;
  subject: string;
  publishers: ServiceName[];
  /** Empty when the table says "(none yet…)". */
  consumers: ServiceName[];
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/**
 * The services named in a cell: notes in parentheses are dropped ("tickets (marks the ticket sold)" → tickets), and a
 * cell that is only a note ("(none yet)", "(none yet; shown on the order page)") names none.
 * @throws when a name is not a service, so that a typo in the table is not read as "nobody".
 */
function servicesIn(cell: string, where: string): ServiceName[] {
  const names = cell
    .replace(/\([^)]*\)/g, '')
    .split(',')
    .map((n) => n.replace(/[`*]/g, '').trim())
    .filter(Boolean);
  for (const n of names) {
    if (!(SERVICE_NAMES as readonly string[]).includes(n))
      throw new Error(`DESIGN §5, ${where}: "${n}" is not a service (${SERVICE_NAMES.join(', ')})`);
  }
  return names as ServiceName[];
}

/**
 * Parses the events table of DESIGN §5: the first Markdown table after the "## 5." heading whose header has the
 * columns event, subject, published by and consumed by (found by name, so a column added later does not break it).
 * @throws when the section or the table is missing, or a row names an unknown service.
 */
export function parseDesignEvents(markdown: string): DesignRow[] {
  const lines = markdown.split(/\r?\n/);
  const section = lines.findIndex((l) => /^##\s+5\.\s/.test(l));
  if (section < 0) throw new Error('DESIGN.md has no "## 5." section');
  const headerAt = lines.findIndex((l, i) => i > section && /^\s*\|/.test(l) && /\|\s*event\s*\|/i.test(l));
  if (headerAt < 0) throw new Error('DESIGN §5 has no events table');
  const header = cells(lines[headerAt] ?? '').map((h) => h.toLowerCase());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`DESIGN §5's events table has no "${name}" column`);
    return i;
  };
  const [eventCol, subjectCol, publishedCol, consumedCol] = ['event', 'subject', 'published by', 'consumed by'].map(
    col,
  ) as [number, number, number, number];

  const rows: DesignRow[] = [];
  for (let i = headerAt + 2; i < lines.length && /^\s*\|/.test(lines[i] ?? ''); i++) {
    const row = cells(lines[i] ?? '');
    const event = (row[eventCol] ?? '').replace(/`/g, '');
    const subject = (row[subjectCol] ?? '').replace(/`/g, '');
    rows.push({
      event,
      subject,
      publishers: servicesIn(row[publishedCol] ?? '', `${event} published by`),
      consumers: servicesIn(row[consumedCol] ?? '', `${event} consumed by`),
    });
  }
  return rows;
}
