// A small closed-loop load generator: `concurrency` workers each send a request, wait for the answer, send the next,
// until `total` requests are done or `durationMs` has passed. Latency is measured per request (send → full body).
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

/**
 * One HTTP request with a keep-alive agent (this module's, or `options.agent`); resolves with { status, headers, body }
 * and never rejects on an HTTP status.
 */
function request(url, { method = 'GET', headers = {}, body, agent: through = agent } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        agent: through,
        headers: {
          ...headers,
          ...(payload && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/**
 * Runs the load and returns { requests, seconds, rps, p50, p99, max, statuses }. `send(i)` sends request number i
 * and resolves with its HTTP status.
 */
async function runLoad({ concurrency, total = Infinity, durationMs = Infinity, send }) {
  const latencies = [];
  const statuses = {};
  let next = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  async function worker() {
    for (;;) {
      const i = next++;
      if (i >= total || performance.now() > deadline) return;
      const t0 = performance.now();
      let status;
      try {
        status = await send(i);
      } catch (error) {
        status = `error:${error.code ?? error.message}`;
      }
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    statuses,
  };
}

function formatRow(name, r) {
  return `| ${name} | ${r.requests} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${JSON.stringify(r.statuses)} |`;
}

const TABLE_HEADER = '| case | requests | req/s | p50 ms | p99 ms | max ms | statuses |\n|---|---|---|---|---|---|---|';

module.exports = { request, runLoad, formatRow, TABLE_HEADER };
