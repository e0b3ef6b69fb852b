// The client ships none of the server code that @ticketing/common carries: the pages take common's API contracts with
// `import type` only (the lint rule in eslint.config.mjs), and this reads the last `next build` to see that it holds.
// A value imported from common into a client component fails the build itself (common needs fs, net, dns); one in a
// server component builds, and puts common's dependencies into the server's chunks, which this finds.
// npm test builds the client before its tests; alone: npm run build -w @ticketing/client, then this.
import fs from 'node:fs';
import path from 'node:path';

const NEXT_DIR = path.join(__dirname, '../.next');
const COMMON_DIR = path.join(__dirname, '../../common');

/**
 * Server packages of common, each with what it leaves in a bundle that contains it: a string of its own, or, for the
 * packages on Next's server-external list (mongoose, express), Next's `require` of it. `file` is where that string
 * stands in the package, which the last test checks, so that an upgrade that drops it cannot make this test vacuous.
 */
const SERVER_PACKAGES = [
  { name: 'mongoose', marker: /MongooseError|require\("mongoose"\)/, file: 'lib/error/mongooseError.js' },
  { name: 'express', marker: /express:application|require\("express"\)/, file: 'lib/application.js' },
  { name: '@nats-io/jetstream', marker: /\$JS\.API/, file: 'lib/jsbaseclient_api.js' },
  { name: 'ioredis', marker: /ioredis:command/, file: 'built/tracing.js' },
  { name: 'jsonwebtoken', marker: /JsonWebTokenError/, file: 'lib/JsonWebTokenError.js' },
] as const;

function javascriptFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => path.join(dir, file));
}

/** `<file>: <package>` for each built file of `.next/<part>` in which a server package's marker stands. */
function serverCodeIn(part: 'static' | 'server'): string[] {
  if (!fs.existsSync(path.join(NEXT_DIR, 'BUILD_ID'))) {
    throw new Error(`no client build in ${NEXT_DIR}: run \`npm run build -w @ticketing/client\` first`);
  }
  const found: string[] = [];
  for (const file of javascriptFiles(path.join(NEXT_DIR, part))) {
    const code = fs.readFileSync(file, 'utf8');
    for (const { name, marker } of SERVER_PACKAGES) {
      if (marker.test(code)) found.push(`${path.relative(NEXT_DIR, file)}: ${name}`);
    }
  }
  return found;
}

/** The folder of an installed package, as common resolves it (its entry may sit below it, in lib/ or built/). */
function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name, { paths: [COMMON_DIR] }));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

describe('the client build (.next)', () => {
  test("When the browser's chunks are read, then none holds mongoose, express, NATS, ioredis or jsonwebtoken", () => {
    expect(serverCodeIn('static')).toEqual([]);
  });

  test("When the client server's chunks are read, then none holds them either", () => {
    expect(serverCodeIn('server')).toEqual([]);
  });

  test.each(SERVER_PACKAGES.map((p) => [p.name, p] as const))(
    'When %s itself is read, then its marker is found there',
    (_name, { name, marker, file }) => {
      const code = fs.readFileSync(path.join(packageDir(name), file), 'utf8');

      expect(marker.test(code)).toBe(true);
    },
  );
});
