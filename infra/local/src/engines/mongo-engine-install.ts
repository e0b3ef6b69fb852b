// The local MongoDB engine is mongo-java-server 1.46.0 (Maven Central) behind our launcher class
// (infra/local/mongo-engine). Maven resolves the artifacts and javac compiles the launcher into the user cache, once
// per version of our sources; later starts only check that the cache is complete.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withFileLock } from './file-lock';
import { findOnPath } from './find-on-path';
import { runCommand } from './run-command';
import type { LogLine } from './types';

/** The mongo-java-server release every local run and test uses (DESIGN §2); pinned in mongo-engine/pom.xml too. */
export const MONGO_JAVA_SERVER_VERSION = '1.46.0';

/** Where our sources live: the pom and the launcher class. */
export const MONGO_ENGINE_SOURCES = path.resolve(__dirname, '../../mongo-engine');

const MAIN_CLASS = 'dev.ticketing.mongo.MongoEngine';

/** How to run the engine: `java -cp <classPath> <mainClass> …`. */
export interface MongoEngineCommand {
  java: string;
  classPath: string;
  mainClass: string;
}

/**
 * Finds the compiled engine in `~/.cache/ticketing/mongo-engine/<hash of our sources>`, or builds it there: `mvn
 * dependency:copy-dependencies` (progress lines through `log`), then `javac`. Concurrent callers in other processes
 * wait on a lock file instead of building twice; the build goes to a temp folder renamed into place at the end, so a
 * reader never sees half of it.
 *
 * @throws Error when java, javac or mvn is missing, or a step fails (the message holds its output).
 */
export async function installMongoEngine(log?: LogLine): Promise<MongoEngineCommand> {
  const java = findOnPath('java');
  if (!java) throw new Error('the local MongoDB engine needs Java 17 or newer (java not found on PATH)');
  const target = path.join(cacheRoot(), 'mongo-engine', await sourcesHash());
  const command = { java, classPath: classPathOf(target), mainClass: MAIN_CLASS };
  if (isComplete(target)) return command;

  await mkdir(path.dirname(target), { recursive: true });
  await withFileLock(
    `${target}.lock`,
    async () => {
      if (!isComplete(target)) await build(target, log);
    },
    { log },
  );
  return command;
}

function cacheRoot(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'ticketing');
}

function classPathOf(target: string): string {
  return [path.join(target, 'classes'), path.join(target, 'lib', '*')].join(path.delimiter);
}

function isComplete(target: string): boolean {
  return existsSync(path.join(target, 'complete'));
}

async function javaSources(): Promise<string[]> {
  const dir = path.join(MONGO_ENGINE_SOURCES, 'src/main/java/dev/ticketing/mongo');
  return (await readdir(dir)).filter((name) => name.endsWith('.java')).map((name) => path.join(dir, name));
}

/** A change to the pom or to a source gives a new cache folder, so a stale build is never used. */
async function sourcesHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [path.join(MONGO_ENGINE_SOURCES, 'pom.xml'), ...(await javaSources()).sort()]) {
    hash.update(path.basename(file)).update(await readFile(file));
  }
  return `${MONGO_JAVA_SERVER_VERSION}-${hash.digest('hex').slice(0, 12)}`;
}

async function build(target: string, log?: LogLine): Promise<void> {
  for (const tool of ['mvn', 'javac']) {
    if (!findOnPath(tool)) throw new Error(`building the local MongoDB engine needs ${tool} (JDK 17 and Maven)`);
  }
  const started = Date.now();
  log?.(`installing mongo-java-server ${MONGO_JAVA_SERVER_VERSION} with Maven into ${target} (once)`);
  const work = `${target}.${process.pid}.tmp`;
  await rm(work, { recursive: true, force: true });
  try {
    await runCommand(
      'mvn',
      [
        '-B',
        '--no-transfer-progress',
        '-f',
        path.join(MONGO_ENGINE_SOURCES, 'pom.xml'),
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${path.join(work, 'lib')}`,
      ],
      { log, timeoutMs: 15 * 60_000 },
    );
    log?.('compiling the engine launcher with javac');
    await runCommand(
      'javac',
      [
        '--release',
        '17',
        '-d',
        path.join(work, 'classes'),
        '-cp',
        path.join(work, 'lib', '*'),
        ...(await javaSources()),
      ],
      { log, timeoutMs: 5 * 60_000 },
    );
    await writeFile(path.join(work, 'complete'), `${new Date().toISOString()}\n`);
    await rm(target, { recursive: true, force: true });
    await rename(work, target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  log?.(`installed the local MongoDB engine in ${Math.round((Date.now() - started) / 1000)} s`);
}
