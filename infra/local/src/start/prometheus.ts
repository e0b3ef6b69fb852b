// `npm start -- --observe` (DESIGN §14): Debian's prometheus, scraping every service's /metrics on its own port, as
// Prometheus scrapes the pods in Kubernetes (infra/k8s/components/observability). Nothing else reads those series
// locally; its own UI (the URL npm start prints) graphs them.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnEngine } from '../engines/engine-process';
import { ensurePrometheus } from '../engines/prometheus-install';
import type { EngineHandle, LogLine } from '../engines/types';
import { waitReady, withPort } from '../engines/wait-ready';
import { httpStatus } from './http-probe';

/** One scrape target: a part that serves `GET /metrics` on 127.0.0.1:`port`. */
export interface ScrapeTarget {
  readonly name: string;
  readonly port: number;
}

/** Often enough to see an order's expiry or a burst of purchases as it happens; the data stays small locally. */
export const SCRAPE_INTERVAL_SECONDS = 5;

/**
 * The prometheus.yml of the local system: one job per part, named after it (so `job="orders"` picks a service as the
 * `app` label does in Kubernetes), on `/metrics`. Written as JSON, which is YAML.
 */
export function prometheusConfig(targets: readonly ScrapeTarget[], intervalSeconds = SCRAPE_INTERVAL_SECONDS): string {
  const config = {
    global: {
      scrape_interval: `${intervalSeconds}s`,
      // A scrape must end before the next one starts.
      scrape_timeout: `${Math.max(1, intervalSeconds - 1)}s`,
    },
    scrape_configs: targets.map((target) => ({
      job_name: target.name,
      metrics_path: '/metrics',
      static_configs: [{ targets: [`127.0.0.1:${target.port}`] }],
    })),
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export interface StartPrometheusOptions {
  /** Its folder: prometheus.yml, the time series (tsdb/) and its log. Created when missing. */
  dir: string;
  targets: readonly ScrapeTarget[];
  /** Listen on this 127.0.0.1 port (a restart keeps the URL); a free one when omitted. */
  port?: number;
  /** Default {@link SCRAPE_INTERVAL_SECONDS}. */
  intervalSeconds?: number;
  /** Progress lines (an install). */
  log?: LogLine;
  readyTimeoutMs?: number;
}

/**
 * Writes the config and runs prometheus on 127.0.0.1 with its time series in `dir/tsdb`
 * (kept between runs, 7 days); resolves once `/-/ready` answers 200. The process is guarded like the engines.
 *
 * @throws Error when prometheus is missing and cannot be installed; EngineStartError (with its last output) when prometheus exits or
 *   does not answer in time.
 */
export async function startPrometheus(options: StartPrometheusOptions): Promise<EngineHandle> {
  const dir = path.resolve(options.dir);
  await mkdir(dir, { recursive: true });
  const bins = await ensurePrometheus(options.log);
  const configFile = path.join(dir, 'prometheus.yml');
  await writeFile(configFile, prometheusConfig(options.targets, options.intervalSeconds));

  return withPort(options.port, async (port) => {
    const proc = spawnEngine({
      name: 'prometheus',
      bin: bins.prometheus,
      cwd: dir,
      logFile: path.join(dir, 'prometheus.log'),
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
        '--storage.tsdb.retention.time=7d',
        `--web.listen-address=127.0.0.1:${port}`,
      ],
    });
    const url = `http://127.0.0.1:${port}`;
    await waitReady(proc, async () => (await httpStatus(`${url}/-/ready`)) === 200, options.readyTimeoutMs);
    return { url, port, pid: proc.pid, dataDir: dir, logFile: proc.logFile, stop: proc.stop, kill: proc.kill };
  });
}
