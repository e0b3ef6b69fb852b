// The series the services export, named as their /metrics names them: every instrument the code registers (found in
// the source of every workspace, as `meter().create…('name', { unit })`), made again on a MeterProvider read by a
// Prometheus exporter with the services' own options (common's PROMETHEUS_EXPORTER_OPTIONS), given one value, and
// read back through the same request handler a service's GET /metrics uses. So the names come from the exporter
// itself (dots to underscores, `_total`, `_bucket`/`_sum`/`_count`), not from a copy of its rules.
//
// Why not a scrape of the running services: an instrument that has recorded nothing is absent from /metrics (a
// service with no dead letter exports no ticketing_dead_letters_total), so a scrape after a purchase would miss
// exactly the series the alerts watch for.
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { PROMETHEUS_EXPORTER_OPTIONS } from '@ticketing/common';
import { repoRoot } from './paths';

const KINDS = [
  'Counter',
  'UpDownCounter',
  'Histogram',
  'Gauge',
  'ObservableCounter',
  'ObservableUpDownCounter',
  'ObservableGauge',
] as const;
type InstrumentKind = (typeof KINDS)[number];

/** One instrument as the code registers it, and where. */
export interface RegisteredInstrument {
  kind: InstrumentKind;
  name: string;
  unit?: string;
  file: string;
}

const CREATE = new RegExp(`\\.create(${KINDS.join('|')})\\(\\s*'([^']+)'(\\s*,\\s*\\{[^}]*\\})?`, 'g');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every `create<Kind>('name', { unit })` call in the `src` of every workspace (`infra/*` included). */
export function registeredInstruments(root = repoRoot): RegisteredInstrument[] {
  const workspaces = [
    ...fs.readdirSync(root).map((name) => path.join(root, name)),
    ...fs.readdirSync(path.join(root, 'infra')).map((name) => path.join(root, 'infra', name)),
  ].filter((dir) => fs.existsSync(path.join(dir, 'src')) && !dir.includes('node_modules'));
  return workspaces.flatMap((dir) =>
    sourceFiles(path.join(dir, 'src')).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(CREATE)].map((match) => {
        const unit = /\bunit:\s*'([^']*)'/.exec(match[3] ?? '')?.[1];
        return {
          kind: match[1] as InstrumentKind,
          name: match[2] ?? '',
          ...(unit !== undefined && { unit }),
          file: path.relative(root, file),
        };
      }),
    ),
  );
}

/** Makes each instrument on a fresh provider, records one value on it, and returns the sample names of /metrics. */
export async function exportedSampleNames(instruments: readonly RegisteredInstrument[]): Promise<string[]> {
  const exporter = new PrometheusExporter({ ...PROMETHEUS_EXPORTER_OPTIONS });
  const provider = new MeterProvider({ readers: [exporter] });
  const meter = provider.getMeter('names');
  for (const { kind, name, unit } of instruments) {
    const options = unit === undefined ? {} : { unit };
    switch (kind) {
      case 'Counter':
        meter.createCounter(name, options).add(1);
        break;
      case 'UpDownCounter':
        meter.createUpDownCounter(name, options).add(1);
        break;
      case 'Histogram':
        meter.createHistogram(name, options).record(1);
        break;
      case 'Gauge':
        meter.createGauge(name, options).record(1);
        break;
      case 'ObservableCounter':
        meter.createObservableCounter(name, options).addCallback((result) => result.observe(1));
        break;
      case 'ObservableUpDownCounter':
        meter.createObservableUpDownCounter(name, options).addCallback((result) => result.observe(1));
        break;
      case 'ObservableGauge':
        meter.createObservableGauge(name, options).addCallback((result) => result.observe(1));
        break;
    }
  }
  const text = await new Promise<string>((resolve) => {
    const response = { statusCode: 0, setHeader: () => response, end: (body: string) => resolve(body) };
    exporter.getMetricsRequestHandler({} as never, response as unknown as ServerResponse);
  });
  await provider.shutdown();
  const names = text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? '');
  return [...new Set(names)].sort();
}
