// overlays/prod/mongo-rs-init.js decides whether to initiate a replica set. No mongod can run here (and
// mongo-java-server has no replication), so its decisions are shown with a stand-in for the four mongosh globals it
// uses (connect, sleep, print, quit) over three members whose state each test sets, and the environment of the
// rendered Job auth-mongo-init. What this cannot show is mongosh and mongod themselves: that takes a cluster.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { containerOf } from './support/edit';
import { loadManifests, manifestsDir } from './support/load';

interface Member {
  /** The set this member belongs to, once it has a configuration. */
  setName?: string;
  /** Sleeps of 2 s before it first answers (a pod still starting). */
  answersAfter?: number;
  isWritablePrimary?: boolean;
}

interface Run {
  /** Each replSetInitiate, with the member it was sent to. */
  initiated: { host: string; command: unknown }[];
  exitCode: number;
  output: string[];
}

const SCRIPT = fs.readFileSync(path.join(manifestsDir, 'overlays/prod/mongo-rs-init.js'), 'utf8');
const job = containerOf(loadManifests('prod'), 'Job', 'auth-mongo-init');
const ENV = Object.fromEntries((job.env ?? []).map((v) => [v.name, v.value]));
const HOSTS = String(ENV.MEMBERS).split(',');

class Quit extends Error {
  constructor(readonly code: number) {
    super(`quit(${code})`);
  }
}

function runScript(members: Member[]): Run {
  const run: Run = { initiated: [], exitCode: 0, output: [] };
  let now = 0;
  const byHost = new Map(HOSTS.map((host, i) => [host, members[i] ?? {}]));
  const context = {
    process: { env: ENV },
    Date: { now: () => now },
    print: (line: string) => run.output.push(line),
    sleep: (ms: number) => (now += ms),
    quit: (code: number) => {
      throw new Quit(code);
    },
    connect: (uri: string) => {
      const host = /^mongodb:\/\/([^/]+)\//.exec(uri)?.[1] ?? '';
      const member = byHost.get(host);
      if (!member || now < (member.answersAfter ?? 0) * 2000) throw new Error(`connect ECONNREFUSED ${host}`);
      return {
        hello: () => ({ me: host, setName: member.setName, isWritablePrimary: member.isWritablePrimary === true }),
        // What mongod does on replSetInitiate: every member joins the set, and (here at once) one becomes primary.
        adminCommand: (command: { replSetInitiate: { _id: string } }) => {
          run.initiated.push({ host, command });
          for (const m of byHost.values()) m.setName = command.replSetInitiate._id;
          member.isWritablePrimary = true;
          return { ok: 1 };
        },
        getMongo: () => ({ close: () => undefined }),
      };
    },
  };
  try {
    vm.runInNewContext(SCRIPT, context);
  } catch (error) {
    if (!(error instanceof Quit)) throw error;
    run.exitCode = error.code;
  }
  return run;
}

describe('mongo-rs-init.js (the init Job of each replica set)', () => {
  test('When no member has a configuration, then it initiates the set once, on member 0, with the three members', () => {
    const run = runScript([{}, {}, {}]);

    expect(run.exitCode).toBe(0);
    expect(run.initiated).toEqual([
      {
        host: HOSTS[0],
        command: { replSetInitiate: { _id: 'auth-mongo', members: HOSTS.map((host, id) => ({ _id: id, host })) } },
      },
    ]);
    expect(run.output.at(-1)).toBe(`rs-init auth-mongo: ${HOSTS[0]} is primary`);
  });

  test('When a member is still starting, then it waits for it before deciding, and initiates once', () => {
    const run = runScript([{}, {}, { answersAfter: 5 }]);

    expect(run.exitCode).toBe(0);
    expect(run.initiated).toHaveLength(1);
  });

  test('When the set is already initiated (a later deploy), then it changes nothing', () => {
    const set = { setName: 'auth-mongo' };
    const run = runScript([set, { ...set, isWritablePrimary: true }, set]);

    expect(run.exitCode).toBe(0);
    expect(run.initiated).toEqual([]);
    expect(run.output).toContain('rs-init auth-mongo: already initiated');
  });

  test('When member 0 lost its volume but the others keep the set, then it leaves the set to re-add it', () => {
    const run = runScript([{}, { setName: 'auth-mongo', isWritablePrimary: true }, { setName: 'auth-mongo' }]);

    expect(run.exitCode).toBe(0);
    expect(run.initiated).toEqual([]);
  });

  test('When a member belongs to another set, then it fails without touching anything', () => {
    const run = runScript([{}, { setName: 'orders-mongo' }, {}]);

    expect(run.exitCode).toBe(1);
    expect(run.initiated).toEqual([]);
    expect(run.output).toEqual(['rs-init auth-mongo: a member belongs to the set orders-mongo; not touching it']);
  });

  test('When a member never answers, then it gives up after its deadline, having initiated nothing', () => {
    const run = runScript([{}, {}, { answersAfter: Infinity }]);

    expect(run.exitCode).toBe(1);
    expect(run.initiated).toEqual([]);
    expect(run.output).toEqual(['rs-init auth-mongo: gave up waiting for every member to answer']);
  });
});
