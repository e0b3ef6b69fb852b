/* global connect, sleep, print, quit */
// Initiates one service's MongoDB replica set (overlays/prod, DESIGN §11). The Job `<set>-init` runs it as
// `mongosh --nodb mongo-rs-init.js` with REPLICA_SET (the set's name) and MEMBERS (each member's host:port, member 0
// first). Idempotent, so that any later run changes nothing:
// - it decides only once every member answers, because only then is it known that none has a configuration yet;
// - it initiates only when none has one, and only ever on member 0, so two runs cannot start two sets;
// - a member of another set is never touched: the run fails and says so.
// A member that lost its volume comes back without a configuration while the others keep theirs; the set's primary
// re-adds it, so this script leaves such a set alone too.
'use strict';

const setName = process.env.REPLICA_SET;
const members = (process.env.MEMBERS || '').split(',').filter(Boolean);
// Within the Job's backoff: a run that gives up is retried by the Job.
const deadline = Date.now() + 5 * 60 * 1000;

function fail(message) {
  print(`rs-init ${setName}: ${message}`);
  quit(1);
}

/** The member's `hello` answer, or undefined while it does not answer. Direct: the set may not exist yet. */
function hello(host) {
  let db;
  try {
    db = connect(`mongodb://${host}/admin?directConnection=true&serverSelectionTimeoutMS=2000`);
    return db.hello();
  } catch {
    return undefined;
  } finally {
    if (db) db.getMongo().close();
  }
}

function waitFor(what, probe) {
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) fail(`gave up waiting for ${what}`);
    sleep(2000);
  }
}

if (!setName || members.length === 0) fail('REPLICA_SET and MEMBERS must be set');

const answers = waitFor('every member to answer', () => {
  const all = members.map(hello);
  return all.every(Boolean) ? all : undefined;
});
const configured = answers.filter((answer) => answer.setName !== undefined);
const foreign = configured.find((answer) => answer.setName !== setName);
if (foreign) fail(`a member belongs to the set ${foreign.setName}; not touching it`);

if (configured.length === 0) {
  const first = connect(`mongodb://${members[0]}/admin?directConnection=true`);
  first.adminCommand({ replSetInitiate: { _id: setName, members: members.map((host, id) => ({ _id: id, host })) } });
  first.getMongo().close();
  print(`rs-init ${setName}: initiated with ${members.join(', ')}`);
} else {
  print(`rs-init ${setName}: already initiated`);
}

const primary = waitFor('a primary', () => members.map(hello).find((answer) => answer && answer.isWritablePrimary));
print(`rs-init ${setName}: ${primary.me} is primary`);
