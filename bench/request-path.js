// bench/request-path.js (issue 13): what the request path costs, side by side in one run. For each service's
// cheapest route that a signed-in client calls (auth GET /api/users/currentuser, tickets GET /api/tickets/:id,
// orders GET /api/orders, payments GET /api/payments; expiration has no HTTP route), at 50 and 200 concurrent
// clients: bare Express 5 answering the same JSON (bench/bare-json-server.js), the service directly on its port, and
// the same route through the gateway. Then the server-rendered tickets page (a browser's page load, Accept:
// text/html) against the JSON it is rendered from (GET /api/tickets?limit=50), and the page rendered on every
// request (Accept: */*, as Next's own fetches, which the page cache never answers).
// Beside each row, the CPU the serving processes spent per request (read from /proc): the service, and the gateway
// (nginx, master and worker) on the rows through it.
//   node bench/request-path.js [--seconds 5] [--warmup 1]
// With --tracing (issue 28, DESIGN §14), what OpenTelemetry tracing costs instead: two systems side by side, one as
// `npm start` runs it (no OTEL_EXPORTER_OTLP_ENDPOINT: no SDK started) and one exporting its traces to an OTLP sink
// in this process, each route measured directly on both and on bare Express, in two rounds, and a write route
// (POST /api/tickets: the outbox, the publish and orders' listener) on both systems. With --baseline <dir>, a built
// checkout of the version before tracing runs as a third system beside them (the "previous version" rows).
//   node bench/request-path.js --tracing [--baseline <dir>] [--seconds 5] [--warmup 1]
// Needs a build (npx tsc -b and the client's next build). Starts its own system (startSystem, LOG_LEVEL info as
// npm start runs it) on a temp data dir and stops it at the end.
const { createServer } = require('node:http');
const { readFileSync, readdirSync } = require('node:fs');
const { mkdtemp, rm } = require('node:fs/promises');
const { loadavg, tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { startSystem } = require('../infra/local/dist');
const { startServiceProcess } = require('../testing/dist');
const { request, runLoad } = require('./lib/load');
const { numberArg: arg } = require('./lib/args');

const SECONDS = arg('seconds', 5);
const WARMUP_SECONDS = arg('warmup', 1);
const LEVELS = [50, 200];

/** CPU time (ms) of a process and all its descendants, from /proc (utime + stime, in clock ticks of 10 ms). */
function treeCpuMs(pid) {
  let ms = 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ms += (Number(fields[11]) + Number(fields[12])) * 10;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      for (const child of children ? children.split(' ') : []) ms += treeCpuMs(Number(child));
    }
  } catch {
    // gone
  }
  return ms;
}

/** Runs the load (after a warm-up) and measures the CPU of `pids` meanwhile: µs per request for each. */
async function measure(concurrency, send, pids) {
  await runLoad({ concurrency, durationMs: WARMUP_SECONDS * 1000, send });
  const before = pids.map(treeCpuMs);
  const result = await runLoad({ concurrency, durationMs: SECONDS * 1000, send });
  const cpu = pids.map((pid, i) => ((treeCpuMs(pid) - before[i]) * 1000) / result.requests);
  return { ...result, cpu };
}

const statuses = (r) =>
  Object.entries(r.statuses)
    .map(([status, n]) => `${n} × ${status}`)
    .join(', ');
const us = (value) => (value === undefined ? '' : `${value.toFixed(0)}`);
const row = (name, r, service, gateway) =>
  `| ${name} | ${r.requests} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ` +
  `${statuses(r)} | ${us(service)} | ${us(gateway)} |`;
const HEADER =
  '| case | requests | req/s | p50 ms | p99 ms | max ms | statuses | service CPU µs/req | gateway CPU µs/req |\n' +
  '|---|---|---|---|---|---|---|---|---|';

/**
 * An OTLP/HTTP sink: answers every export 200 and counts the spans it received (their `"spanId"` keys), keeping
 * nothing, so that a long run costs the bench no memory.
 */
async function startOtlpSink() {
  let spans = 0;
  const server = createServer((req, res) => {
    let tail = '';
    req.on('data', (chunk) => {
      const text = tail + chunk.toString();
      spans += text.split('"spanId"').length - 1;
      tail = text.slice(-16);
    });
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    spans: () => spans,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Signs up one user on a system, lists one ticket, and returns the routes of {@link main} for that user. */
async function signedInRoutes(system) {
  const gateway = system.url.replace('localhost', '127.0.0.1');
  const signup = await request(`${gateway}/api/users/signup`, {
    method: 'POST',
    body: { email: `bench-${Date.now()}@example.com`, password: 'correct horse battery' },
  });
  const cookie = String(signup.headers['set-cookie']).split(';')[0];
  const created = await request(`${gateway}/api/tickets`, {
    method: 'POST',
    headers: { cookie },
    body: { title: 'Concert', price: 30 },
  });
  const ticketId = JSON.parse(created.body).id;
  return {
    cookie,
    ticketId,
    routes: [
      ['auth', '/api/users/currentuser'],
      ['tickets', `/api/tickets/${ticketId}`],
      ['orders', '/api/orders'],
      ['payments', '/api/payments'],
    ],
  };
}

/** `--baseline <dir>`: another built checkout (the version before tracing) whose system runs as a third side. */
function baselineStart() {
  const i = process.argv.indexOf('--baseline');
  return i > 0 ? require(join(resolve(process.argv[i + 1]), 'infra/local/dist')).startSystem : undefined;
}

async function tracingOverhead() {
  const sink = await startOtlpSink();
  const previous = baselineStart();
  const plans = [
    ...(previous ? [{ label: 'previous version', start: previous, env: {} }] : []),
    { label: 'tracing off', start: startSystem, env: {} },
    { label: 'tracing on', start: startSystem, env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } },
  ];
  const dirs = [];
  const sides = [];
  let bare;
  try {
    for (const [i, plan] of plans.entries()) {
      const dataDir = await mkdtemp(join(tmpdir(), 'bench-tracing-'));
      dirs.push(dataDir);
      // Below the ephemeral range (32768 and up), where a client socket of another process can hold a port.
      const portBase = 24_000 + i * 2_000;
      const system = await plan.start({
        dataDir,
        portBase,
        gatewayPort: portBase + 9,
        logLevel: 'info',
        env: plan.env,
      });
      sides.push({ label: plan.label, system, ...(await signedInRoutes(system)) });
    }
    const partUrl = (side, name) => side.system.parts.find((part) => part.name === name).url;
    const pidOf = (side, name) => side.system.parts.find((part) => part.name === name).pid;
    const [first] = sides;
    const pathOn = (side, path) => path.replace(first.ticketId, side.ticketId);
    // bare Express answers every side's path (the ticket ids differ) with what the first side answered.
    const bodies = {};
    for (const [service, path] of first.routes) {
      const answer = await request(`${partUrl(first, service)}${path}`, { headers: { cookie: first.cookie } });
      if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.body}`);
      for (const side of sides) bodies[pathOn(side, path)] = JSON.parse(answer.body);
    }
    bare = await startServiceProcess({
      name: 'bare',
      entry: join(__dirname, 'bare-json-server.js'),
      env: { ROUTES: JSON.stringify(bodies) },
    });
    const cases = (service, path) => [
      ['bare Express', bare.url, path, first.cookie, bare.pid],
      ...sides.map((side) => [
        side.label,
        partUrl(side, service),
        pathOn(side, path),
        side.cookie,
        pidOf(side, service),
      ]),
    ];
    const get = (base, path, cookie) => async () => (await request(`${base}${path}`, { headers: { cookie } })).status;
    for (const [service, path] of first.routes) {
      for (const [, base, p, cookie] of cases(service, path)) {
        await runLoad({ concurrency: 50, durationMs: 2_000, send: get(base, p, cookie) });
      }
    }

    console.log(
      `${SECONDS} s per case after a ${WARMUP_SECONDS} s warm-up; 50 clients; one signed-in user per system; load ` +
        `average at start ${loadavg()
          .map((n) => n.toFixed(1))
          .join(' ')}\n`,
    );
    console.log(`### Each service directly: bare Express, ${sides.map((side) => side.label).join(', ')}\n`);
    console.log(HEADER);
    const ratios = [];
    for (const round of [1, 2]) {
      for (const [service, path] of first.routes) {
        const results = {};
        // The second round measures the cases in the reverse order, so that neither side always runs first.
        const ordered = round === 1 ? cases(service, path) : cases(service, path).reverse();
        for (const [name, base, p, cookie, pid] of ordered) {
          const spansBefore = sink.spans();
          const r = await measure(50, get(base, p, cookie), [pid]);
          const exported = name === 'tracing on' ? `, ${sink.spans() - spansBefore} spans exported` : '';
          const label = `round ${round}: ${service} GET ${path.replace(first.ticketId, ':id')}: ${name}${exported}`;
          console.log(row(label, r, r.cpu[0]));
          results[name] = r;
        }
        const ratio = (a, b) => (results[a] && results[b] ? (results[a].rps / results[b].rps).toFixed(2) : '');
        const cpu = (a, b) => (results[a] && results[b] ? (results[a].cpu[0] - results[b].cpu[0]).toFixed(0) : '');
        ratios.push(
          `| ${round} | ${service} | ${ratio('tracing off', 'bare Express')} | ` +
            `${ratio('tracing off', 'previous version')} | ${cpu('tracing off', 'previous version')} | ` +
            `${ratio('tracing on', 'tracing off')} | ${cpu('tracing on', 'tracing off')} |`,
        );
      }
    }
    console.log(
      '\n| round | service | req/s off / bare | req/s off / previous | CPU µs/req off − previous | req/s on / off | ' +
        'CPU µs/req on − off |\n|---|---|---|---|---|---|---|',
    );
    for (const line of ratios) console.log(line);

    console.log("\n### A write: POST /api/tickets on tickets directly (outbox, publish, orders' listener)\n");
    console.log(HEADER);
    for (const side of [...sides, ...[...sides].reverse()]) {
      let n = 0;
      const post = async () =>
        (
          await request(`${partUrl(side, 'tickets')}/api/tickets`, {
            method: 'POST',
            headers: { cookie: side.cookie },
            body: { title: `Bench ${side.label} ${n++}`, price: 30 },
          })
        ).status;
      const r = await measure(20, post, [pidOf(side, 'tickets'), pidOf(side, 'orders')]);
      const label = `POST /api/tickets, 20 clients: ${side.label} (CPU: tickets, then orders in the last column)`;
      console.log(row(label, r, r.cpu[0], r.cpu[1]));
    }
    console.log(`\n${sink.spans()} spans exported in all`);
  } finally {
    await bare?.stop();
    for (const side of sides) await side.system.stop();
    await sink.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-request-path-'));
  const portBase = 31_000;
  const system = await startSystem({ dataDir, portBase, gatewayPort: portBase + 9, logLevel: 'info' });
  const gateway = system.url.replace('localhost', '127.0.0.1');
  const pidOf = (name) => system.parts.find((part) => part.name === name)?.pid;
  const partUrl = (name) => system.parts.find((part) => part.name === name)?.url;
  let bare;
  try {
    const signup = await request(`${gateway}/api/users/signup`, {
      method: 'POST',
      body: { email: `bench-${Date.now()}@example.com`, password: 'correct horse battery' },
    });
    const cookie = String(signup.headers['set-cookie']).split(';')[0];
    // The first run seeds 4 demo tickets; 96 more make 100 (the page shows the newest 50).
    let ticketId;
    for (let i = 0; i < 96; i++) {
      const created = await request(`${gateway}/api/tickets`, {
        method: 'POST',
        headers: { cookie },
        body: { title: `Concert ${i}`, price: 30 + i },
      });
      ticketId ??= JSON.parse(created.body).id;
    }
    const routes = [
      ['auth', '/api/users/currentuser'],
      ['tickets', `/api/tickets/${ticketId}`],
      ['orders', '/api/orders'],
      ['payments', '/api/payments'],
    ];
    // The baseline answers exactly what each route answers this user.
    const bodies = {};
    for (const [, path] of routes) {
      const answer = await request(`${gateway}${path}`, { headers: { cookie } });
      if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.body}`);
      bodies[path] = JSON.parse(answer.body);
    }
    bare = await startServiceProcess({
      name: 'bare',
      entry: join(__dirname, 'bare-json-server.js'),
      env: { ROUTES: JSON.stringify(bodies) },
    });
    const gatewayPid = pidOf('gateway');
    // Every process warm (JIT, connection pools) before the first measured case, so that the order of the cases
    // does not decide the results.
    for (const [service, path] of routes) {
      for (const base of [bare.url, partUrl(service), gateway]) {
        const send = async () => (await request(`${base}${path}`, { headers: { cookie } })).status;
        await runLoad({ concurrency: 50, durationMs: 2_000, send });
      }
    }

    console.log(
      `${SECONDS} s per case after a ${WARMUP_SECONDS} s warm-up; one signed-in user; load average at start ` +
        `${loadavg()
          .map((n) => n.toFixed(1))
          .join(' ')}\n`,
    );
    console.log("### Each service's cheapest signed-in route: bare Express, directly, through the gateway\n");
    console.log(HEADER);
    const ratios = [];
    for (const [service, path] of routes) {
      const servicePid = pidOf(service);
      for (const concurrency of LEVELS) {
        const get = (base) => async () => (await request(`${base}${path}`, { headers: { cookie } })).status;
        const b = await measure(concurrency, get(bare.url), [bare.pid]);
        const d = await measure(concurrency, get(partUrl(service)), [servicePid]);
        const g = await measure(concurrency, get(gateway), [servicePid, gatewayPid]);
        const label = `${service} GET ${path.replace(ticketId, ':id')}, ${concurrency} clients`;
        console.log(row(`${label}: bare Express`, b, b.cpu[0]));
        console.log(row(`${label}: directly`, d, d.cpu[0]));
        console.log(row(`${label}: through the gateway`, g, g.cpu[0], g.cpu[1]));
        ratios.push(`| ${service} | ${concurrency} | ${(d.rps / b.rps).toFixed(2)} | ${(g.rps / d.rps).toFixed(2)} |`);
      }
    }
    console.log(
      '\n| service | clients | directly / bare (goal ≥ 0.6) | gateway / directly (goal ≥ 0.8) |\n|---|---|---|---|',
    );
    for (const line of ratios) console.log(line);

    console.log('\n### The server-rendered tickets page against its JSON (through the gateway)\n');
    const page = await request(`${gateway}/tickets`, { headers: { accept: 'text/html' } });
    const rows = (page.body.match(/data-testid="ticket-row"/g) ?? []).length;
    console.log(`${rows} tickets on the page; its data is GET /api/tickets?limit=50\n`);
    console.log(HEADER);
    const clientPid = pidOf('client');
    const ticketsPid = pidOf('tickets');
    const get =
      (path, headers = {}) =>
      async () =>
        (await request(`${gateway}${path}`, { headers })).status;
    const ssr = [];
    for (const concurrency of LEVELS) {
      const p = await measure(concurrency, get('/tickets', { accept: 'text/html' }), [clientPid, gatewayPid]);
      const j = await measure(concurrency, get('/api/tickets?limit=50'), [ticketsPid, gatewayPid]);
      console.log(row(`GET /tickets (page load, Accept: text/html), ${concurrency} clients`, p, p.cpu[0], p.cpu[1]));
      console.log(row(`GET /api/tickets?limit=50 (its JSON), ${concurrency} clients`, j, j.cpu[0], j.cpu[1]));
      ssr.push(`| ${concurrency} | ${(p.rps / j.rps).toFixed(2)} |`);
    }
    const r = await measure(50, get('/tickets', { accept: '*/*' }), [clientPid, gatewayPid]);
    console.log(row('GET /tickets rendered on every request (Accept: */*), 50 clients', r, r.cpu[0], r.cpu[1]));
    console.log('\n| clients | page / JSON (goal ≥ 0.5) |\n|---|---|');
    for (const line of ssr) console.log(line);
  } finally {
    await bare?.stop();
    await system.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

(process.argv.includes('--tracing') ? tracingOverhead() : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
