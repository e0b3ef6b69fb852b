// components/observability (DESIGN §14): the OpenTelemetry Collector's configuration, the Grafana dashboard and the
// Prometheus alert rules, read as the ConfigMaps that carry them, and the metric names their queries use.

/** What a Collector configuration is made of (the parts these rules read). */
export interface CollectorConfig {
  extensions?: Record<string, unknown>;
  receivers?: Record<string, unknown>;
  processors?: Record<string, unknown>;
  exporters?: Record<string, unknown>;
  connectors?: Record<string, unknown>;
  service?: {
    extensions?: string[];
    pipelines?: Record<string, { receivers?: string[]; processors?: string[]; exporters?: string[] }>;
  };
}

/**
 * Every pipeline has receivers and exporters, and every component a pipeline or the service names is defined in its
 * section (a connector counts as a receiver and an exporter): the collector refuses to start otherwise.
 */
export function collectorConfigProblems(config: CollectorConfig): string[] {
  const problems: string[] = [];
  const defined = (section: keyof Omit<CollectorConfig, 'service'>, name: string): boolean =>
    Object.hasOwn(config[section] ?? {}, name);
  const pipelines = Object.entries(config.service?.pipelines ?? {});
  if (pipelines.length === 0) problems.push('service.pipelines: none');
  for (const [pipeline, { receivers = [], processors = [], exporters = [] }] of pipelines) {
    if (receivers.length === 0) problems.push(`pipeline ${pipeline}: no receivers`);
    if (exporters.length === 0) problems.push(`pipeline ${pipeline}: no exporters`);
    for (const name of receivers) {
      if (!defined('receivers', name) && !defined('connectors', name))
        problems.push(`pipeline ${pipeline}: receiver ${name} is not defined`);
    }
    for (const name of processors) {
      if (!defined('processors', name)) problems.push(`pipeline ${pipeline}: processor ${name} is not defined`);
    }
    for (const name of exporters) {
      if (!defined('exporters', name) && !defined('connectors', name))
        problems.push(`pipeline ${pipeline}: exporter ${name} is not defined`);
    }
  }
  for (const name of config.service?.extensions ?? []) {
    if (!defined('extensions', name)) problems.push(`service: extension ${name} is not defined`);
  }
  return problems;
}

interface DashboardPanel {
  title?: string;
  type?: string;
  targets?: { expr?: string }[];
  panels?: DashboardPanel[];
}

/** The panels of a dashboard, those inside rows included, by title with their queries. */
export function dashboardQueries(dashboard: { panels?: DashboardPanel[] }): { title: string; exprs: string[] }[] {
  const flat = (panels: DashboardPanel[]): DashboardPanel[] =>
    panels.flatMap((panel) => (panel.type === 'row' ? flat(panel.panels ?? []) : [panel]));
  return flat(dashboard.panels ?? []).map((panel) => ({
    title: panel.title ?? '',
    exprs: (panel.targets ?? []).map((target) => target.expr ?? ''),
  }));
}

/** Every panel has a title and at least one query, and no query is empty. */
export function dashboardProblems(dashboard: { panels?: DashboardPanel[] }): string[] {
  const panels = dashboardQueries(dashboard);
  if (panels.length === 0) return ['the dashboard has no panels'];
  return panels.flatMap(({ title, exprs }, index) => [
    ...(title === '' ? [`panel ${index + 1}: no title`] : []),
    ...(exprs.length === 0 ? [`panel ${title || index + 1}: no queries`] : []),
    ...(exprs.some((expr) => expr.trim() === '') ? [`panel ${title || index + 1}: an empty query`] : []),
  ]);
}

/** A Prometheus rule file. */
export interface RuleFile {
  groups?: { name?: string; rules?: { alert?: string; record?: string; expr?: string | number }[] }[];
}

/** Every group has a name and rules; every rule is an alert or a record with an expression. */
export function ruleFileProblems(file: RuleFile): string[] {
  const groups = file.groups ?? [];
  if (groups.length === 0) return ['no groups'];
  return groups.flatMap((group, g) => {
    const where = `group ${group.name ?? g + 1}`;
    const rules = group.rules ?? [];
    return [
      ...(group.name ? [] : [`${where}: no name`]),
      ...(rules.length === 0 ? [`${where}: no rules`] : []),
      ...rules.flatMap((rule, r) => [
        ...(rule.alert || rule.record ? [] : [`${where} rule ${r + 1}: neither alert nor record`]),
        ...(String(rule.expr ?? '').trim() ? [] : [`${where} rule ${rule.alert ?? rule.record ?? r + 1}: no expr`]),
      ]),
    ];
  });
}

// Words of PromQL that are not metric names where they stand alone (functions and aggregations are followed by `(`).
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan', 'by', 'without', 'on', 'ignoring']);

/**
 * The metric names a PromQL expression selects: what is left once strings, label matchers, range and subquery
 * brackets, grouping clauses, function calls and operators' keywords are taken out. `{__name__="x"}` is not read.
 */
export function promqlMetricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = bare.slice((match.index ?? 0) + match[0].length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(match[0].toLowerCase())) continue;
    names.add(match[0]);
  }
  return [...names].sort();
}

/** Each query's metric names that are not among `exported`, as `<where>: <name> …`. */
export function unexportedMetricProblems(
  queries: readonly { where: string; expr: string }[],
  exported: readonly string[],
): string[] {
  return queries.flatMap(({ where, expr }) =>
    promqlMetricNames(expr)
      .filter((name) => !exported.includes(name))
      .map((name) => `${where}: ${name} is not exported by any service`),
  );
}
