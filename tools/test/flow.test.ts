import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DESIGN_DEVIATIONS } from '../src/design-deviations';
import { parseDesignEvents } from '../src/design-table';
import { compareFlowWithDesign, compareScanWithRegistrations } from '../src/flow-check';
import { buildFlow } from '../src/flow-model';
import { renderFlowMarkdown } from '../src/flow-markdown';
import { findPublishCauses, type PublishCause } from '../src/publish-causes';
import { FLOW_MARKDOWN_FILE, FLOW_SVG_FILE, sharedDir } from '../src/repo';
import { loadServices } from '../src/service-registry';
import { loadSourceIsolated } from './load-source';

// The services as their source says now (jest transforms the TypeScript), not as last built.
const scan = loadServices({ from: 'src', load: loadSourceIsolated });
let causes: PublishCause[];

beforeAll(() => {
  // One TypeScript program over every service: a few seconds, so once per file.
  causes = findPublishCauses(scan.present.map((s) => s.name));
});

describe("event flow vs DESIGN's events tables (§5, §12, §16)", () => {
  test('When the registered publishers and listeners are compared with the events tables, then they agree', () => {
    const design = readFileSync(path.join(sharedDir(), 'DESIGN.md'), 'utf8');

    const { problems, planned } = compareFlowWithDesign(scan, parseDesignEvents(design));

    const known = new Set(DESIGN_DEVIATIONS.map((d) => d.problem));
    expect(problems.filter((p) => !known.has(p))).toEqual([]);
    // A deviation that no longer happens must leave the list (tools/src/design-deviations.ts).
    const applicable = DESIGN_DEVIATIONS.filter((d) => scan.present.some((s) => s.name === d.service));
    expect(applicable.map((d) => d.problem).filter((p) => !problems.includes(p))).toEqual([]);
    // What is built is checked, never listed as planned: no subject the code registers is planned as a whole.
    const registered = scan.present.flatMap((s) => [...s.publishes, ...s.consumes].map((c) => c.subject));
    expect(planned.filter((p) => registered.some((subject) => p.startsWith(`${subject}: planned by`)))).toEqual([]);
  });

  test('When the code is scanned, then every event a service creates is registered and every registered one is created', () => {
    expect(compareScanWithRegistrations(scan, causes)).toEqual([]);
  });
});

describe('docs/event-flow.md and .svg', () => {
  test('When docs/event-flow.md is compared with a fresh generation, then it is the same (else run `npm run flow`)', () => {
    const committed = readFileSync(FLOW_MARKDOWN_FILE, 'utf8');

    const fresh = renderFlowMarkdown(buildFlow(scan, causes));

    expect(committed).toBe(fresh);
  });

  test('When the map is rendered, then docs/event-flow.svg exists and names every subject of the map', () => {
    const flow = buildFlow(scan, causes);
    expect(existsSync(FLOW_SVG_FILE)).toBe(true);

    const svg = readFileSync(FLOW_SVG_FILE, 'utf8');

    const drawn = flow.subjects.filter((s) => s.publishers.length > 0 || s.consumers.length > 0);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const s of drawn) expect(svg).toContain(s.subject);
  });
});
