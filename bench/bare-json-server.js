// The baseline of bench/request-path.js: bare Express 5 answering, for each path, the JSON the real route answered,
// with nothing else (no request ids, logs, session, JWT, database). Env: PORT, ROUTES (a JSON object path -> body).
const express = require('express');

const routes = JSON.parse(process.env.ROUTES ?? '{}');
const app = express();
for (const [path, body] of Object.entries(routes)) app.get(path, (_req, res) => res.json(body));
app.get('/readyz', (_req, res) => res.json({ status: 'ready' }));
app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
