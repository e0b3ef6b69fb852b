// The HTTP side of bench/on-sale.js's buyers: JSON calls that never reject, a retry as a user would, and a
// Server-Sent Events follower. One set of agents per thread that requires it.
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { request } = require('./load');

// Short requests share keep-alive sockets; each live stream holds its own.
const agent = new http.Agent({ keepAlive: true, maxSockets: 2_048 });
const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const sleep = (ms) => new Promise((done) => setTimeout(done, Math.max(0, ms)));

/** One JSON request; resolves with { status, body, ms } and never rejects (a transport error is status 0). */
function call(url, { method = 'GET', cookie, headers = {}, body } = {}) {
  const t0 = performance.now();
  return request(url, { method, headers: { ...headers, ...(cookie && { cookie }) }, body, agent }).then(
    (res) => {
      let parsed;
      try {
        parsed = JSON.parse(res.body);
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed, ms: performance.now() - t0 };
    },
    (error) => ({ status: 0, body: { error: error.code ?? error.message }, ms: performance.now() - t0 }),
  );
}

/**
 * `send` again after a lost answer (no HTTP status) or a 502/503, up to 3 times in all, as a browser's user would; the
 * first answer's latency is the one reported, with the status of the last attempt.
 */
async function retried(send) {
  let res = await send();
  const first = res.ms;
  for (let attempt = 1; attempt < 3 && (res.status === 0 || res.status === 502 || res.status === 503); attempt++) {
    await sleep(500 * attempt);
    res = await send();
  }
  return { ...res, ms: first };
}

/**
 * Follows a Server-Sent Events stream: `onEvent(name, data)` per event until `onEvent` returns true, it ends, or
 * (with `forMs`) that long has passed.
 */
function follow(url, cookie, onEvent, forMs) {
  return new Promise((done) => {
    const req = http.get(url, { agent: streamAgent, headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (forMs !== undefined) {
        setTimeout(() => {
          req.destroy();
          done({ status: res.statusCode });
        }, forMs);
      }
      if (res.statusCode !== 200) {
        res.resume();
        done({ status: res.statusCode });
        return;
      }
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let name = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) name = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          if (!data) continue;
          if (onEvent(name, JSON.parse(data))) {
            req.destroy();
            done({ status: 200 });
            return;
          }
        }
      });
      res.on('end', () => done({ status: 200, ended: true }));
      res.on('error', () => done({ status: 200, ended: true }));
    });
    req.on('error', (error) => done({ status: 0, error: error.code ?? error.message }));
  });
}

/** Closes the idle keep-alive sockets, so that the thread can end. */
function closeAgents() {
  agent.destroy();
  streamAgent.destroy();
}

module.exports = { call, retried, follow, sleep, closeAgents };
