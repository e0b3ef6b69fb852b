import type { DesignRow } from './design-table';
import type { PublishCause } from './publish-causes';
import type { ServiceScan } from './service-registry';

const where = (service: string, what: 'publishes' | 'listeners') => `${service}/src/events/index.ts \`${what}\``;

/**
 * Compares the registrations of the present services with DESIGN §5's table and returns every disagreement, one
 * sentence each (empty when they agree). A service that is absent is not judged: the table's claims about it are
 * neither confirmed nor denied.
 */
export function compareFlowWithDesign(scan: ServiceScan, rows: readonly DesignRow[]): string[] {
  const problems: string[] = [];
  const present = new Set(scan.present.map((s) => s.name));
  const bySubject = new Map(rows.map((r) => [r.subject, r]));

  for (const row of rows) {
    for (const publisher of row.publishers) {
      const s = scan.present.find((x) => x.name === publisher);
      if (s && !s.publishes.some((c) => c.subject === row.subject)) {
        problems.push(
          `${row.subject}: DESIGN says ${publisher} publishes it; ${publisher} does not register it (${where(publisher, 'publishes')})`,
        );
      }
    }
    for (const consumer of row.consumers) {
      const s = scan.present.find((x) => x.name === consumer);
      if (s && !s.consumes.some((c) => c.subject === row.subject)) {
        problems.push(
          `${row.subject}: DESIGN says ${consumer} consumes it; ${consumer} has no listener for it (${where(consumer, 'listeners')})`,
        );
      }
    }
  }

  for (const s of scan.present) {
    for (const c of s.publishes) {
      const row = bySubject.get(c.subject);
      if (!row) problems.push(`${c.subject}: ${s.name} publishes it, and DESIGN §5's table has no row for it`);
      else if (!row.publishers.includes(s.name))
        problems.push(
          `${c.subject}: ${s.name} publishes it; DESIGN lists only ${row.publishers.join(', ') || 'nobody'} as publisher`,
        );
      else if (row.event !== c.name)
        problems.push(`${c.subject}: the contract is ${c.name}; DESIGN names the event ${row.event}`);
    }
    for (const c of s.consumes) {
      const row = bySubject.get(c.subject);
      if (!row) problems.push(`${c.subject}: ${s.name} consumes it, and DESIGN §5's table has no row for it`);
      else if (!row.consumers.includes(s.name)) {
        const listed = row.consumers.length ? `lists ${row.consumers.join(', ')}` : 'says nobody consumes it yet';
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
  return [...new Set(problems)].sort();
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
