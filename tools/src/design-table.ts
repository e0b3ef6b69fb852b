import { SERVICE_NAMES, type ServiceName } from './repo';

/** One row of an events table of DESIGN (§5's, or a later section's: §12, §16). */
export interface DesignRow {
  event: string;
  subject: string;
  /** The section whose table holds the row ("5", "12", "16"), for messages. */
  section: string;
  /** A row of a later table (not §5's): it may describe flows nobody has built yet (DESIGN §5, planned flows). */
  later: boolean;
  publishers: ServiceName[];
  /** Empty when the table says "(none yet…)". */
  consumers: ServiceName[];
  /**
   * Services a "(planned: …)" note names, or (in a later table) services that do not exist yet (`queue`): about to
   * publish or consume the subject, so accepted whether they do yet or not.
   */
  plannedPublishers: string[];
  plannedConsumers: string[];
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

const isService = (name: string): name is ServiceName => (SERVICE_NAMES as readonly string[]).includes(name);

const namesIn = (text: string) =>
  text
    .split(',')
    .map((n) => n.replace(/[`*]/g, '').trim())
    .filter(Boolean);

/**
 * The services named in a cell, and those planned: notes in parentheses are dropped ("tickets (marks the ticket
 * sold)" → tickets), a cell that is only a note ("(none yet)") names none, and a "(planned: orders, §12)" note names
 * planned services (section references are not names). In §5's table a name that is not a service is an error, so
 * that a typo is not read as "nobody"; in a later table it is a service not built yet (DESIGN §5: queue), planned.
 */
function servicesIn(cell: string, where: string, later: boolean): { named: ServiceName[]; planned: string[] } {
  const planned = [...cell.matchAll(/\(([^)]*)\)/g)].flatMap((note) => {
    const plan = /planned:\s*(.*)$/i.exec(note[1] ?? '');
    return plan ? namesIn(plan[1] ?? '').filter((n) => !n.startsWith('§')) : [];
  });
  const named: ServiceName[] = [];
  for (const n of namesIn(cell.replace(/\([^)]*\)/g, ''))) {
    if (isService(n)) named.push(n);
    else if (later) planned.push(n);
    else throw new Error(`DESIGN §5, ${where}: "${n}" is not a service (${SERVICE_NAMES.join(', ')})`);
  }
  return { named, planned: [...new Set(planned)] };
}

/** Whether a line is the header of an events table: columns event, subject, published by and consumed by. */
function isEventsHeader(line: string): boolean {
  if (!/^\s*\|/.test(line)) return false;
  const header = cells(line).map((h) => h.toLowerCase());
  return ['event', 'subject', 'published by', 'consumed by'].every((c) => header.includes(c));
}

/**
 * Parses every events table of DESIGN (DESIGN §5: "the flow check reads every events table of this document"): each
 * Markdown table whose header has the columns event, subject, published by and consumed by (found by name, so a column
 * added later does not break it), with the section it is in. §5's table comes first and is the catalogue of record;
 * the others (§12, §16) are later tables.
 * @throws when §5 or its table is missing, §5's table names an unknown service, or a subject is in two rows.
 */
export function parseDesignEvents(markdown: string): DesignRow[] {
  const lines = markdown.split(/\r?\n/);
  if (!lines.some((l) => /^##\s+5\.\s/.test(l))) throw new Error('DESIGN.md has no "## 5." section');

  const rows: DesignRow[] = [];
  let section = '';
  let sawSection5Table = false;
  for (let at = 0; at < lines.length; at++) {
    const heading = /^##\s+(\d+)\.\s/.exec(lines[at] ?? '');
    if (heading) section = heading[1] ?? '';
    if (!isEventsHeader(lines[at] ?? '')) continue;
    const later = section !== '5';
    if (!later) sawSection5Table = true;
    const header = cells(lines[at] ?? '').map((h) => h.toLowerCase());
    const [eventCol, subjectCol, publishedCol, consumedCol] = ['event', 'subject', 'published by', 'consumed by'].map(
      (name) => header.indexOf(name),
    ) as [number, number, number, number];
    for (at += 2; at < lines.length && /^\s*\|/.test(lines[at] ?? ''); at++) {
      const row = cells(lines[at] ?? '');
      const event = (row[eventCol] ?? '').replace(/`/g, '');
      const subject = (row[subjectCol] ?? '').replace(/`/g, '');
      const publishers = servicesIn(row[publishedCol] ?? '', `${event} published by`, later);
      const consumers = servicesIn(row[consumedCol] ?? '', `${event} consumed by`, later);
      const first = rows.find((r) => r.subject === subject);
      if (first) throw new Error(`DESIGN §${section}: ${subject} is already a row of §${first.section}'s table`);
      rows.push({
        event,
        subject,
        section,
        later,
        publishers: publishers.named,
        consumers: consumers.named,
        plannedPublishers: publishers.planned,
        plannedConsumers: consumers.planned,
      });
    }
    at--; // the line that ended the table is read again by the outer loop (it may be a heading)
  }
  if (!sawSection5Table) throw new Error('DESIGN §5 has no events table');
  return rows;
}
