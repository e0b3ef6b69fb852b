// The NATS permissions of every bus user, made from EVENT_ROUTES: the one table the local server config
// (nats-config.ts) and the Kubernetes one (infra/k8s, checked by a test) both come from (DESIGN §10).
import { BUS_SERVICES, subjectsConsumedBy, subjectsPublishedBy, type BusService } from './event-routes';

/** The stream of every event and the dead letters' stream (the names common's bus uses; a common test checks). */
export const EVENT_STREAM = 'TICKETING';
export const DEAD_LETTER_STREAM = 'DEAD_LETTERS';
/** The history, mirrored from EVENT_STREAM: only `operator` (the tools, the streams CLI) reads it. */
export const ARCHIVE_STREAM = 'TICKETING_ARCHIVE';

/**
 * The bus users: one per service, `operator` for deployment's streams CLI and the tools (`npm run streams`, `trace`,
 * `dead-letters`) and `testkit` for the test helpers, which publish as any service would (and make the streams as
 * deployment does). Only the services are restricted.
 */
export const BUS_USERS = [...BUS_SERVICES, 'operator', 'testkit'] as const;
export type BusUser = (typeof BUS_USERS)[number];

/** A user's allow-lists; anything not listed is refused by the server (a publish gets a permissions violation). */
export interface NatsPermissions {
  readonly publish: readonly string[];
  readonly subscribe: readonly string[];
}

/** Durable names are `<service>-<subject with dots as dashes>`, as common's `durableName` makes them (STYLE). */
export function durableOf(service: string, subject: string): string {
  return `${service}-${subject.replace(/\./g, '-')}`;
}

/** The inbox prefix of a user: replies (PubAcks, pulled messages) come to `_INBOX_<user>.>`, which only it can read. */
export function inboxPrefixOf(user: string): string {
  return `_INBOX_${user}`;
}

/**
 * What `service` may do, and nothing more:
 * - publish its own events (DESIGN §5 "published by"), and `dead.<subject>` for what it consumes (dead letters);
 * - the JetStream API calls its connection makes: account info, the info of TICKETING and DEAD_LETTERS (it checks
 *   them at boot), and for each of its own durables only: create (or update its settings), info, pull the next
 *   messages and ack them. Not: creating, updating, deleting or purging a stream (the streams are deployment's,
 *   DESIGN §16: no service can shorten the retention or drop a subject), deleting a message, reading or acking
 *   another service's durable (which would steal or drop its events);
 * - subscribe to its own inbox, and, for tickets and orders, to the subjects they own or consume (their live feeds).
 * A publish of any other subject (a forged `charge.created`, `ticket.updated`) is refused by the server.
 */
export function servicePermissions(service: BusService): NatsPermissions {
  const publishes = subjectsPublishedBy(service);
  const consumes = subjectsConsumedBy(service);
  const api = '$JS.API';
  const durableApi = consumes.flatMap((subject) => {
    const durable = durableOf(service, subject);
    return [
      `${api}.CONSUMER.CREATE.${EVENT_STREAM}.${durable}`,
      `${api}.CONSUMER.CREATE.${EVENT_STREAM}.${durable}.>`,
      `${api}.CONSUMER.DURABLE.CREATE.${EVENT_STREAM}.${durable}`,
      `${api}.CONSUMER.INFO.${EVENT_STREAM}.${durable}`,
      `${api}.CONSUMER.MSG.NEXT.${EVENT_STREAM}.${durable}`,
      `$JS.ACK.${EVENT_STREAM}.${durable}.>`,
    ];
  });
  const liveFeeds = service === 'tickets' || service === 'orders' ? [...publishes, ...consumes] : [];
  return {
    publish: [
      ...publishes,
      ...consumes.map((subject) => `dead.${subject}`),
      `${api}.INFO`,
      `${api}.STREAM.INFO.${EVENT_STREAM}`,
      `${api}.STREAM.INFO.${DEAD_LETTER_STREAM}`,
      // A message is terminated as a dead letter only once the archive holds it (common's deadLetter).
      ...(consumes.length > 0 ? [`${api}.STREAM.INFO.${ARCHIVE_STREAM}`] : []),
      ...durableApi,
    ],
    subscribe: [`${inboxPrefixOf(service)}.>`, ...liveFeeds],
  };
}

/** Every user's permissions; `undefined` for the unrestricted ones (operator, testkit). */
export function busPermissions(): Readonly<Record<BusUser, NatsPermissions | undefined>> {
  const table = Object.fromEntries(BUS_USERS.map((user) => [user, undefined])) as Record<
    BusUser,
    NatsPermissions | undefined
  >;
  for (const service of BUS_SERVICES) table[service] = servicePermissions(service);
  return table;
}
