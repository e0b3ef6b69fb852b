import { allEvents, durableName } from '@ticketing/common';
import { compareText } from './compare';
import type { PublishCause } from './publish-causes';
import type { ServiceName } from './repo';
import type { ServiceScan } from './service-registry';

/** One subject of the map: who publishes it and who consumes it, per the services' registrations. */
export interface SubjectFlow {
  event: string;
  subject: string;
  publishers: ServiceName[];
  /** Consumers with their durable consumer's name. */
  consumers: Array<{ service: ServiceName; durable: string }>;
}

/** The whole map: subjects in the catalogue's order (DESIGN §5's, then §16's), then any subject it lacks. */
export interface Flow {
  subjects: SubjectFlow[];
  /** What causes each publish of a registered (service, event) pair, from the static scan. */
  causes: PublishCause[];
  present: ServiceName[];
  absent: ServiceName[];
}

/**
 * Builds the map from the registrations (`publishes`, `listeners`), not from DESIGN's table, so that comparing the
 * two means something. Causes of events a service does not register are left out here (the flow test reports them).
 */
export function buildFlow(scan: ServiceScan, causes: readonly PublishCause[]): Flow {
  const subjects = new Map<string, SubjectFlow>();
  const entry = (event: string, subject: string): SubjectFlow => {
    let flow = subjects.get(subject);
    if (!flow) subjects.set(subject, (flow = { event, subject, publishers: [], consumers: [] }));
    return flow;
  };
  for (const e of allEvents) entry(e.name, e.subject);
  const extra = scan.present
    .flatMap((s) => [...s.publishes, ...s.consumes])
    .filter((c) => !subjects.has(c.subject))
    .sort((a, b) => compareText(a.subject, b.subject));
  for (const c of extra) entry(c.name, c.subject);

  for (const s of scan.present) {
    for (const c of s.publishes) {
      const f = entry(c.name, c.subject);
      if (!f.publishers.includes(s.name)) f.publishers.push(s.name);
    }
    for (const c of s.consumes) {
      const f = entry(c.name, c.subject);
      if (!f.consumers.some((x) => x.service === s.name))
        f.consumers.push({ service: s.name, durable: durableName(s.name, c.subject) });
    }
  }
  const registered = new Set(scan.present.flatMap((s) => s.publishes.map((c) => `${s.name}:${c.name}`)));
  return {
    subjects: [...subjects.values()],
    causes: causes.filter((c) => registered.has(`${c.service}:${c.event}`)),
    present: scan.present.map((s) => s.name),
    absent: [...scan.absent],
  };
}
