// What npm start keeps in DATA_DIR (default .data), so that a restart finds the same store, secrets and seed mark.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The files and folders of one data dir. */
export interface DataLayout {
  readonly root: string;
  /** `<part>.log` for every part; the engines' logs are linked in from their own folders. */
  readonly logs: string;
  /** The MongoDB engine (one H2 file), NATS (JetStream store) and Redis (append-only file), one folder each. */
  readonly engines: { readonly mongo: string; readonly nats: string; readonly redis: string };
  /** `npm start -- --observe`'s prometheus: its config, time series and log (made when first used). */
  readonly prometheus: string;
  /** Holds the PID of the running `npm start` (see run-lock.ts). */
  readonly lockFile: string;
  /** Written once the demo tickets are in the store, so that a restart does not add them again. */
  readonly seedFile: string;
  /** The JWT key of this store's sessions, and the NATS users' and Redis' passwords (see secrets.ts). */
  readonly secretsFile: string;
  /** The seeded admin's generated password (mode 0600), when ADMIN_PASSWORD did not give one (see admin.ts). */
  readonly adminFile: string;
  /** Says that the folder is ours: --fresh empties only a folder that has it (or an empty one). */
  readonly markerFile: string;
}

const MARKER_TEXT = `This folder holds the local data of Ticketing (npm start): the engines' stores, logs, secrets.
\`npm start -- --fresh\` empties it. Delete it to start over.\n`;

export function dataLayout(dataDir: string): DataLayout {
  const root = path.resolve(dataDir);
  const engines = path.join(root, 'engines');
  return {
    root,
    logs: path.join(root, 'logs'),
    engines: {
      mongo: path.join(engines, 'mongo'),
      nats: path.join(engines, 'nats'),
      redis: path.join(engines, 'redis'),
    },
    prometheus: path.join(root, 'prometheus'),
    lockFile: path.join(root, 'ticketing.pid'),
    seedFile: path.join(root, 'seeded.json'),
    secretsFile: path.join(root, 'secrets.json'),
    adminFile: path.join(root, 'admin.json'),
    markerFile: path.join(root, 'TICKETING-DATA.txt'),
  };
}

/** Creates the folders that are missing and the marker. Never deletes anything. */
export async function ensureDataDir(layout: DataLayout): Promise<void> {
  await mkdir(layout.logs, { recursive: true });
  for (const dir of Object.values(layout.engines)) await mkdir(dir, { recursive: true });
  if (!existsSync(layout.markerFile)) await writeFile(layout.markerFile, MARKER_TEXT);
}

/**
 * Empties the data dir for `--fresh`, except the lock file (the caller holds it). Refuses, with an Error naming
 * the folder, when the folder has content but no marker: DATA_DIR pointed at the wrong place must not be wiped.
 */
export async function wipeDataDir(layout: DataLayout): Promise<void> {
  const entries = await readdir(layout.root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const content = entries.filter((name) => path.join(layout.root, name) !== layout.lockFile);
  if (content.length === 0) return;
  if (!entries.includes(path.basename(layout.markerFile))) {
    const marker = path.basename(layout.markerFile);
    throw new Error(
      `refusing to empty ${layout.root} for --fresh: it is not a Ticketing data dir (no ${marker}); check DATA_DIR`,
    );
  }
  await Promise.all(content.map((name) => rm(path.join(layout.root, name), { recursive: true, force: true })));
}
