// Builds and runs bench/buyers (Go): the on-sale buyers' joins and live streams, off Node's event loop
// (bench/buyers/main.go says why). Used by bench/lib/on-sale-buyers.js with `--client go`.
const { spawn, spawnSync } = require('node:child_process');
const os = require('node:os');
const { join, resolve } = require('node:path');
const readline = require('node:readline');

const source = resolve(__dirname, '../buyers');

/** Builds the program into the project's cache (seconds when Go's build cache is warm) and answers its path. */
function buildGoBuyers() {
  const bin = join(process.env.XDG_CACHE_HOME || join(os.homedir(), '.cache'), 'ticketing', 'bin', 'on-sale-buyers');
  // GOTOOLCHAIN=local: the machine's Go builds it (go.mod asks for 1.22); nothing is downloaded.
  const built = spawnSync('go', ['build', '-o', bin, '.'], {
    cwd: source,
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`go build (bench/buyers): ${built.error?.message ?? built.stderr}`);
  return bin;
}

/**
 * Runs the program on `plan` (main.go's Plan) and calls `onReport` with each line it reports; resolves once it has
 * exited and every line was read, rejects if it fails.
 */
function runGoBuyers(bin, plan, onReport) {
  return new Promise((done, fail) => {
    const child = spawn(bin, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    readline.createInterface({ input: child.stdout }).on('line', (line) => onReport(JSON.parse(line)));
    child.once('error', fail);
    child.once('close', (code) => (code === 0 ? done() : fail(new Error(`bench/buyers exited with ${code}`))));
    child.stdin.end(JSON.stringify(plan));
  });
}

module.exports = { buildGoBuyers, runGoBuyers };
