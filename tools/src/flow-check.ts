import type { DesignRow } from './design-table';
import type { PublishCause } from './publish-causes';
import type { ServiceScan } from './service-registry';

const where = (service: string, what: 'publishes' | 'listeners') => `${service}/src/events/index.ts \`${what}\``;

/** What comparing the code's flows with DESIGN's events tables found. */
export interface FlowCheck {
  /** Disagreements, one sentence each (empty when the code and the tables agree). */
  problems: string[];
  /** Flows DESIGN plans that the code does not have yet (DESIGN §5, planned flows): listed, not failed. */
  planned: string[];
}

const registersSubject = (scan: ServiceScan, subject: string) =>
  scan.present.some((s) => [...s.publishes, ...s.consumes].some((c) => c.subject === subject));

/**
 * Compares the registrations of the present services with every events table of DESIGN (DESIGN §5):
 * - everything the code registers must be in a table, and each present service that publishes or consumes a subject
 *   must be named for it (in the cell, or in a "(planned: …)" note);
 * - each present service that a row names (outside a planned note) must register that flow: a row of §5's table
 *   always, a row of a later table (§12, §16) once some service registers its subject;
 * - planned flows are listed, not failed: a row of a later table whose subject no service registers yet, a service a
 *   "(planned: …)" note names that does not have the flow yet, and a service a later table names that does not exist
 *   yet (queue).
 * A service that is absent (its folder missing) is not judged: the tables' claims about it are neither confirmed nor
 * denied.
 */
export function compareFlowWithDesign(scan: ServiceScan, rows: readonly DesignRow[]): FlowCheck {
  const problems: string[] = [];
  const planned: string[] = [];
  const present = new Set<string>(scan.present.map((s) => s.name));
  const bySubject = new Map(rows.map((r) => [r.subject, r]));
  const publishes = (service: string, subject: string) =>
    scan.present.some((s) => s.name === service && s.publishes.some((c) => c.subject === subject));
  const consumes = (service: string, subject: string) =>
    scan.present.some((s) => s.name === service && s.consumes.some((c) => c.subject === subject));

  for (const row of rows) {
    if (row.later && !registersSubject(scan, row.subject)) {
      const who = [...row.publishers, ...row.plannedPublishers].join(', ') || 'nobody';
      const whom = [...row.consumers, ...row.plannedConsumers].join(', ') || 'nobody';
      planned.push(`${row.subject}: planned by DESIGN §${row.section} (published by ${who}, consumed by ${whom})`);
      continue;
    }
    for (const publisher of row.plannedPublishers.filter((p) => !publishes(p, row.subject))) {
      planned.push(`${row.subject}: DESIGN §${row.section} plans ${publisher} to publish it; not built yet`);
    }
    for (const consumer of row.plannedConsumers.filter((c) => !consumes(c, row.subject))) {
      planned.push(`${row.subject}: DESIGN §${row.section} plans ${consumer} to consume it; not built yet`);
    }
    for (const publisher of row.publishers) {
      if (present.has(publisher) && !publishes(publisher, row.subject)) {
        problems.push(
          `${row.subject}: DESIGN says ${publisher} publishes it; ${publisher} does not register it (${where(publisher, 'publishes')})`,
        );
      }
    }
    for (const consumer of row.consumers) {
      if (present.has(consumer) && !consumes(consumer, row.subject)) {
        problems.push(
          `${row.subject}: DESIGN says ${consumer} consumes it; ${consumer} has no listener for it (${where(consumer, 'listeners')})`,
        );
      }
    }
  }

  for (const s of scan.present) {
    for (const c of s.publishes) {
      const row = bySubject.get(c.subject);
      const publishers = row ? [...row.publishers, ...row.plannedPublishers] : [];
      const listed = row ? [...row.publishers, ...row.plannedPublishers.map((p) => `${p} (planned)`)] : [];
      if (!row) problems.push(`${c.subject}: ${s.name} publishes it, and no events table of DESIGN has a row for it`);
      else if (!publishers.includes(s.name))
        problems.push(
          `${c.subject}: ${s.name} publishes it; DESIGN lists only ${listed.join(', ') || 'nobody'} as publisher`,
        );
      else if (row.event !== c.name)
        problems.push(`${c.subject}: the contract is ${c.name}; DESIGN names the event ${row.event}`);
    }
    for (const c of s.consumes) {
      const row = bySubject.get(c.subject);
      const consumers = row ? [...row.consumers, ...row.plannedConsumers] : [];
      const named = row ? [...row.consumers, ...row.plannedConsumers.map((p) => `${p} (planned)`)] : [];
      if (!row) problems.push(`${c.subject}: ${s.name} consumes it, and no events table of DESIGN has a row for it`);
      else if (!consumers.includes(s.name)) {
        const listed = named.length ? `lists ${named.join(', ')}` : 'says nobody consumes it yet';
        problems.push(`${c.subject}: ${s.name} has a listener for it; DESIGN ${listed}`);
      }
    }
  }

  // A subject published and consumed by nobody present, which the table says somebody (present) consumes, is
  // already reported above; this names the case where the table expects consumers that are all absent.
  for (const row of rows) {
    const published = scan.present.some((s) => s.publishes.some((c) => c.subject === row.subject));
    const consumed = scan.present.some((s) => s.consumes.some((c) => c.subject === row.subject));
    if (published && !consumed && row.consumers.length > 0 && row.consumers.every((c) => !present.has(c))) {
      problems.push(
        `${row.subject}: published, and nobody consumes it yet; DESIGN expects ${row.consumers.join(', ')} (not present)`,
      );
    }
  }
  return { problems: [...new Set(problems)].sort(), planned: [...new Set(planned)].sort() };
}

/**
 * Compares what each service creates in its code (the static scan) with what it registers: an event created but not
 * registered is missing from the map, and one registered but never created is drawn without a cause.
 */
export function compareScanWithRegistrations(scan: ServiceScan, causes: readonly PublishCause[]): string[] {
  const problems: string[] = [];
  for (const s of scan.present) {
    const created = new Set(causes.filter((c) => c.service === s.name).map((c) => c.event));
    const registered = new Set(s.publishes.map((c) => c.name));
    for (const e of created)
      if (!registered.has(e))
        problems.push(`${s.name} creates ${e} in its code but does not register it (${where(s.name, 'publishes')})`);
    for (const e of registered)
      if (!created.has(e))
        problems.push(
          `${s.name} registers ${e}, and the scan finds no \`${e}.create(\` or \`publish(bus, ${e}, …)\` in ${s.name}/src`,
        );
  }
  return problems.sort();
}
