// `npm start -- --observe` (DESIGN §14): the prometheus.yml it writes, checked by Debian's promtool, and a real
// prometheus on it scraping a stand-in for a service's /metrics.
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensurePrometheus } from '../src/engines/prometheus-install';
import { SERVICES } from '../src/start/parts';
import { partPorts } from '../src/start/ports';
import { prometheusConfig, startPrometheus } from '../src/start/prometheus';
import { eventually, isAlive } from './helpers';

interface ScrapeConfig {
  job_name: string;
  metrics_path: string;
  static_configs: { targets: string[] }[];
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(process.env.TEST_ENGINES_DIR ?? os.tmpdir(), 'prometheus-'));
  // Installed with apt-get when missing (about 11 s), as npm start -- --observe does.
  await ensurePrometheus();
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('prometheus.yml of npm start -- --observe', () => {
  const ports = partPorts(20_000);
  const targets = SERVICES.map((name) => ({ name, port: ports[name] }));

  test('When it is made for the services, then each is a job of its own on 127.0.0.1:<its port>/metrics every 5 s', () => {
    const config = JSON.parse(prometheusConfig(targets)) as {
      global: { scrape_interval: string; scrape_timeout: string };
      scrape_configs: ScrapeConfig[];
    };

    expect(config.global).toEqual({ scrape_interval: '5s', scrape_timeout: '4s' });
    expect(config.scrape_configs).toEqual([
      { job_name: 'auth', metrics_path: '/metrics', static_configs: [{ targets: ['127.0.0.1:20001'] }] },
      { job_name: 'tickets', metrics_path: '/metrics', static_configs: [{ targets: ['127.0.0.1:20002'] }] },
      { job_name: 'orders', metrics_path: '/metrics', static_configs: [{ targets: ['127.0.0.1:20003'] }] },
      { job_name: 'expiration', metrics_path: '/metrics', static_configs: [{ targets: ['127.0.0.1:20004'] }] },
      { job_name: 'payments', metrics_path: '/metrics', static_configs: [{ targets: ['127.0.0.1:20005'] }] },
      { job_name: 'queue', metrics_path: '/metrics', static_configs: [{ targets: ['127.0.0.1:20006'] }] },
    ]);
  });

  test('When promtool checks it, then it is a valid configuration; a broken one is refused', async () => {
    const { promtool } = await ensurePrometheus();
    const good = path.join(dir, 'good.yml');
    const broken = path.join(dir, 'broken.yml');
    await writeFile(good, prometheusConfig(targets));
    // A timeout longer than the interval: Prometheus refuses it.
    await writeFile(broken, prometheusConfig(targets).replace('"4s"', '"9s"'));

    const { stdout } = await promisify(execFile)(promtool, ['check', 'config', good]);

    expect(stdout).toMatch(/SUCCESS/);
    await expect(promisify(execFile)(promtool, ['check', 'config', broken])).rejects.toMatchObject({
      stderr: expect.stringMatching(/scrape timeout greater than scrape interval/),
    });
  });
});

describe('prometheus of npm start -- --observe', () => {
  test('When it runs, then it scrapes the target it was given and answers queries about it', async () => {
    // A stand-in for a service: its /metrics in Prometheus' text format.
    const service = http.createServer((req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(req.url === '/metrics' ? '# TYPE ticketing_orders_open gauge\nticketing_orders_open 3\n' : '');
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    const port = (service.address() as AddressInfo).port;
    const prometheus = await startPrometheus({
      dir: path.join(dir, 'run'),
      targets: [{ name: 'orders', port }],
      intervalSeconds: 1,
    });
    try {
      const query = async (promql: string) => {
        const res = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
        const body = (await res.json()) as { data: { result: { metric: Record<string, string>; value: unknown[] }[] } };
        return body.data.result;
      };

      const open = await eventually(async () => (await query('ticketing_orders_open'))[0], 'a first scrape');

      expect(prometheus.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(open?.metric).toMatchObject({ job: 'orders', instance: `127.0.0.1:${port}` });
      expect(open?.value[1]).toBe('3');
    } finally {
      await prometheus.stop();
      await new Promise((resolve) => service.close(resolve));
    }
    expect(isAlive(prometheus.pid)).toBe(false);
  });
});
