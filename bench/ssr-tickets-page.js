// bench/ssr-tickets-page.js (issue 7): the server-rendered tickets page (GET /tickets through the gateway, the home page until issue 24: Next.js renders
// it after fetching GET /api/tickets through the gateway) with 100 tickets stored, 20 concurrent users; beside it,
// in the same run, the JSON of all 100 (GET /api/tickets?limit=100), what the page was rendered from when it listed
// them all. The page now shows the newest 50 (GET /api/tickets?limit=50): bench/request-path.js compares it with that.
//   node bench/ssr-tickets-page.js [--seconds 15]
// Needs a build (npx tsc -b and the client's next build). Starts its own system (startSystem) and stops it.
const { mkdtemp, rm } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startSystem } = require('../infra/local/dist');
const { request, runLoad, formatRow, TABLE_HEADER } = require('./lib/load');
const { numberArg: arg } = require('./lib/args');

const SECONDS = arg('seconds', 15);

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-ssr-'));
  const portBase = 30_000;
  const system = await startSystem({ dataDir, portBase, gatewayPort: portBase + 9, logLevel: 'warn' });
  const url = system.url.replace('localhost', '127.0.0.1');
  try {
    const signup = await request(`${url}/api/users/signup`, {
      method: 'POST',
      body: { email: `bench-${Date.now()}@example.com`, password: 'correct horse battery' },
    });
    const cookie = String(signup.headers['set-cookie']).split(';')[0];
    // The first run seeds 4 demo tickets; 96 more make 100.
    for (let i = 0; i < 96; i++) {
      await request(`${url}/api/tickets`, {
        method: 'POST',
        headers: { cookie },
        body: { title: `Concert ${i}`, price: 30 + i },
      });
    }
    const listed = JSON.parse((await request(`${url}/api/tickets?limit=100`)).body).length;
    const page = await request(`${url}/tickets`);
    const rows = (page.body.match(/data-testid="ticket-row"/g) ?? []).length;
    console.log(
      `tickets listed by the API: ${listed}; rows in the rendered page: ${rows}; 20 concurrent users, ${SECONDS} s each\n`,
    );
    console.log(TABLE_HEADER);
    for (const [name, path] of [
      ['GET /tickets (server-rendered page)', '/tickets'],
      ['GET /api/tickets?limit=100 (its data)', '/api/tickets?limit=100'],
    ]) {
      await runLoad({ concurrency: 20, durationMs: 2_000, send: async () => (await request(`${url}${path}`)).status }); // warm-up
      const result = await runLoad({
        concurrency: 20,
        durationMs: SECONDS * 1000,
        send: async () => (await request(`${url}${path}`)).status,
      });
      console.log(formatRow(name, result));
    }
  } finally {
    await system.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
