// components/observability as the prod overlay renders it (DESIGN §14): the collector's configuration holds together
// and receives where the services send, the dashboard and the alert rules parse (and promtool accepts the rules and
// the scrape configuration), and every metric they query is one a service exports.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensurePrometheus } from '@ticketing/local';
import { parse } from 'yaml';
import type { KubeObject } from './rules/manifests';
import {
  collectorConfigProblems,
  dashboardProblems,
  dashboardQueries,
  promqlMetricNames,
  ruleFileProblems,
  unexportedMetricProblems,
  type CollectorConfig,
  type RuleFile,
} from './rules/observability';
import { bodyOf, containerOf } from './support/edit';
import { exportedSampleNames, registeredInstruments } from './support/exported-metrics';
import { loadOverlays } from './support/load';

const overlays = loadOverlays();
const prod = overlays.prod;
const SERVICES = ['auth', 'tickets', 'orders', 'expiration', 'payments', 'queue'] as const;

/** The rendered ConfigMap whose name is `name` or `name-<hash>` (the configMapGenerator's). */
function configMap(name: string): KubeObject & { data: Record<string, string> } {
  const found = prod.find(
    (m) =>
      m.body.kind === 'ConfigMap' &&
      (m.body.metadata?.name === name || new RegExp(`^${name}-[a-z0-9]{10}$`).test(m.body.metadata?.name ?? '')),
  );
  if (!found) throw new Error(`ConfigMap ${name} is not in the prod overlay`);
  return found.body as KubeObject & { data: Record<string, string> };
}
const yamlOf = <T>(name: string, key: string): T => parse(configMap(name).data[key] ?? '') as T;

const collectorConfig = yamlOf<CollectorConfig>('otel-collector-config', 'config.yaml');
const dashboard = JSON.parse(configMap('grafana-dashboard-ticketing').data['ticketing.json'] ?? '') as {
  panels?: never[];
};
const rules = yamlOf<RuleFile>('prometheus-rules', 'ticketing.rules.yaml');

interface ScrapeFile {
  rule_files?: string[];
  scrape_configs: {
    metrics_path?: string;
    kubernetes_sd_configs?: unknown[];
    static_configs?: unknown[];
    relabel_configs?: { source_labels?: string[]; regex?: string; action?: string }[];
  }[];
}

describe('the OpenTelemetry Collector (prod)', () => {
  test("When its configuration is read, then every pipeline's receivers, processors and exporters are defined", () => {
    expect(collectorConfigProblems(collectorConfig)).toEqual([]);
    expect(collectorConfig.service?.pipelines?.traces).toEqual({
      receivers: ['otlp'],
      processors: ['memory_limiter', 'batch'],
      exporters: ['otlphttp'],
    });
    expect(collectorConfig.receivers?.otlp).toEqual({
      protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } },
    });
  });

  test('When a pipeline names a processor or an extension that is not defined, then the rule reports it', () => {
    const broken = structuredClone(collectorConfig);
    broken.service!.pipelines!.traces!.processors = ['memory_limiter', 'batch', 'attributes'];
    broken.service!.extensions = ['health_check', 'zpages'];
    delete broken.exporters;

    expect(collectorConfigProblems(broken)).toEqual([
      'pipeline traces: processor attributes is not defined',
      'pipeline traces: exporter otlphttp is not defined',
      'service: extension zpages is not defined',
    ]);
  });

  test('When the services start, then each sends its traces to the collector’s OTLP/HTTP port, which its pods open', () => {
    const collector = containerOf(prod, 'Deployment', 'otel-collector') as {
      ports?: { containerPort: number }[];
      env?: { name: string; valueFrom?: { configMapKeyRef?: { name: string } } }[];
      args?: string[];
    };
    const service = bodyOf(prod, 'Service', 'otel-collector').spec as { ports: { port: number }[] };

    for (const name of SERVICES) {
      const env = containerOf(prod, 'Deployment', name).env ?? [];
      expect({ name, endpoint: env.find((e) => e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT')?.value }).toEqual({
        name,
        endpoint: 'http://otel-collector:4318',
      });
      // Not in dev: the component is prod's.
      expect(containerOf(overlays.dev, 'Deployment', name).env?.map((e) => e.name)).not.toContain(
        'OTEL_EXPORTER_OTLP_ENDPOINT',
      );
    }
    expect(service.ports.map((p) => p.port)).toEqual([4317, 4318]);
    expect(collector.ports?.map((p) => p.containerPort)).toEqual(expect.arrayContaining([4317, 4318]));
    expect(collector.args).toEqual(['--config=/conf/config.yaml']);
    // The exporter's ${env:OTLP_BACKEND_ENDPOINT} is set, from the ConfigMap that names the backend.
    expect(collector.env?.find((e) => e.name === 'OTLP_BACKEND_ENDPOINT')?.valueFrom?.configMapKeyRef?.name).toBe(
      configMap('otel-collector-backend').metadata?.name,
    );
  });
});

describe('the Grafana dashboard and the alert rules (prod)', () => {
  test('When the dashboard is read, then it has the panels of DESIGN §14, each with queries, for the sidecar to load', () => {
    expect(dashboardProblems(dashboard)).toEqual([]);
    expect(dashboardQueries(dashboard).map((panel) => panel.title)).toEqual([
      'Orders per minute',
      'Order p99 (POST /api/orders)',
      'Expiry lateness',
      'Outbox: oldest waiting event',
      'Dead letters',
      'Payment outcomes',
    ]);
    expect(configMap('grafana-dashboard-ticketing').metadata?.labels).toEqual({ grafana_dashboard: '1' });
  });

  test('When a panel has no query, then the rule reports it', () => {
    const broken = structuredClone(dashboard) as { panels: { targets?: { expr: string }[] }[] };
    delete broken.panels[4]!.targets;

    expect(dashboardProblems(broken)).toEqual(['panel Dead letters: no queries']);
  });

  test('When the alert rules are read, then they alert on expiry lateness, outbox age, dead letters and order p99', () => {
    expect(ruleFileProblems(rules)).toEqual([]);
    const alerts = Object.fromEntries(
      (rules.groups ?? []).flatMap((group) => group.rules ?? []).map((rule) => [rule.alert, String(rule.expr)]),
    );

    expect(Object.keys(alerts)).toEqual(['OrderExpiryLate', 'OutboxEventWaiting', 'DeadLetter', 'OrderRequestsSlow']);
    expect(alerts.OrderExpiryLate).toMatch(/ticketing_order_expiry_lateness_bucket.*\) > 5$/);
    expect(alerts.OutboxEventWaiting).toMatch(/ticketing_outbox_oldest_age\) > 60$/);
    expect(alerts.DeadLetter).toMatch(/ticketing_dead_letters_total.*\) > 0$/);
    expect(alerts.OrderRequestsSlow).toMatch(/http_server_request_duration_bucket\{job="orders".*\) > 1$/s);
  });

  test('When promtool checks the rules, and the scrape configuration with its Kubernetes discovery set aside, then it accepts both', async () => {
    const { promtool } = await ensurePrometheus();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-prometheus-'));
    try {
      const rulesFile = path.join(dir, 'ticketing.rules.yaml');
      fs.writeFileSync(rulesFile, configMap('prometheus-rules').data['ticketing.rules.yaml'] ?? '');
      // Debian builds prometheus without Kubernetes discovery: promtool checks the rest of the file with a static
      // target in its place (the discovery itself is checked below), and reads the rules from the temp folder.
      const config = parse(configMap('prometheus-config').data['prometheus.yml'] ?? '') as ScrapeFile;
      config.rule_files = [path.join(dir, '*.yaml')];
      for (const job of config.scrape_configs) {
        delete job.kubernetes_sd_configs;
        job.static_configs = [{ targets: ['orders:3000'] }];
      }
      fs.writeFileSync(path.join(dir, 'prometheus.yml'), JSON.stringify(config));

      const checkedRules = await promisify(execFile)(promtool, ['check', 'rules', rulesFile]);
      const checkedConfig = await promisify(execFile)(promtool, ['check', 'config', path.join(dir, 'prometheus.yml')]);

      expect(checkedRules.stdout).toMatch(/SUCCESS: 4 rules found/);
      expect(checkedConfig.stdout).toMatch(/SUCCESS: 4 rules found/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test("When Prometheus discovers pods, then it keeps those with the services' label and their `http` port", () => {
    const [job, ...others] = (parse(configMap('prometheus-config').data['prometheus.yml'] ?? '') as ScrapeFile)
      .scrape_configs;
    const keep = (job?.relabel_configs ?? []).filter((r) => r.action === 'keep');

    expect(others).toEqual([]);
    expect(job?.kubernetes_sd_configs).toEqual([{ role: 'pod' }]);
    expect(job?.metrics_path).toBe('/metrics');
    expect(keep).toEqual([
      { source_labels: ['__meta_kubernetes_pod_label_ticketing_dev_metrics'], regex: 'true', action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'http', action: 'keep' },
    ]);
    // What those select: the five services' pods (Prometheus writes the label's name with underscores), port `http`.
    const labelled = prod.filter(
      (m) =>
        m.body.kind === 'Deployment' &&
        (m.body.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels[
          'ticketing.dev/metrics'
        ] === 'true',
    );
    expect(labelled.map((m) => m.body.metadata?.name).sort()).toEqual([...SERVICES].sort());
    for (const name of SERVICES) {
      expect(containerOf(prod, 'Deployment', name).ports?.map((p) => p.name)).toContain('http');
    }
  });
});

describe('every metric queried is exported', () => {
  const queries = [
    ...dashboardQueries(dashboard).flatMap(({ title, exprs }) =>
      exprs.map((expr) => ({ where: `dashboard panel ${title}`, expr })),
    ),
    ...(rules.groups ?? []).flatMap((group) =>
      (group.rules ?? []).map((rule) => ({ where: `alert ${rule.alert}`, expr: String(rule.expr) })),
    ),
  ];
  let exported: string[];
  beforeAll(async () => {
    exported = await exportedSampleNames(registeredInstruments());
  });

  test('When the instruments are found in the source, then the exporter names them as the services’ /metrics does', () => {
    expect(exported).toEqual(
      expect.arrayContaining([
        'http_server_request_duration_bucket',
        'ticketing_events_published_total',
        'ticketing_dead_letters_total',
        'ticketing_order_expiry_lateness_bucket',
        'ticketing_outbox_oldest_age',
        'ticketing_stripe_call_duration_count',
      ]),
    );
  });

  test('When the dashboard and the alert rules are read, then every metric they query is among them', () => {
    expect(queries.length).toBeGreaterThanOrEqual(16);
    expect(unexportedMetricProblems(queries, exported)).toEqual([]);
  });

  test('When a query names a metric no service exports (a unit suffix the exporter does not add), then it is reported', () => {
    const misspelt = { where: 'alert X', expr: 'max(ticketing_outbox_oldest_age_seconds{job="orders"}) > 60' };

    expect(unexportedMetricProblems([misspelt], exported)).toEqual([
      'alert X: ticketing_outbox_oldest_age_seconds is not exported by any service',
    ]);
  });

  test.each([
    ['histogram_quantile(0.99, sum by (le) (rate(a_bucket{job="x", route="/a b"}[5m]))) > 1', ['a_bucket']],
    ['sum by (job) (increase(b_total[10m])) > 0 and on (job) c', ['b_total', 'c']],
    ['max(d offset 5m) / ignoring(le) e{le="+Inf"} * 1e3', ['d', 'e']],
  ])('When the names of %s are read, then they are %j', (expr, names) => {
    expect(promqlMetricNames(expr)).toEqual(names);
  });
});
