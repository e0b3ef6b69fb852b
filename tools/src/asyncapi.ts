import { createHash } from 'node:crypto';
import { allEvents, durableName, EnvelopeSchema, STREAM_NAME, type EventContract } from '@ticketing/common';
import { Document } from 'yaml';
import { compareText } from './compare';
import { toJsonSchema } from './json-schema';
import { SERVICE_NAMES } from './repo';
import type { ServiceScan } from './service-registry';

/** The envelope's example time: fixed, so the document is the same on every run (its staleness is tested). */
const EXAMPLE_TIME = '2026-11-25T12:00:00.000Z';

/** A stable example event id per event name (a UUID made from a hash, never random). */
function exampleEventId(name: string): string {
  const h = createHash('sha1').update(`ticketing-example:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `ticket.updated` → `ticket-updated`: channel ids avoid dots, which some AsyncAPI tools read as paths. */
function channelId(subject: string): string {
  return subject.replace(/\./g, '-');
}

const ref = (pointer: string) => ({ $ref: pointer });

/**
 * Every contract that has a channel: the catalogue, plus any contract a service registers that the catalogue lacks
 * (the stream would not hold it, which the flow test reports; the document still shows what the code says).
 */
function contractsOf(scan: ServiceScan): EventContract[] {
  const bySubject = new Map<string, EventContract>(allEvents.map((e) => [e.subject, e]));
  for (const s of scan.present)
    for (const c of [...s.publishes, ...s.consumes]) if (!bySubject.has(c.subject)) bySubject.set(c.subject, c);
  return [...bySubject.values()].sort((a, b) => compareText(a.subject, b.subject));
}

/**
 * Builds the AsyncAPI 3.0 document of the whole system: one channel per subject (address = subject), one message per
 * event (the envelope documented once in `components.schemas.EventEnvelope`, the data schema generated from the zod
 * contract, the contract's description and example), and for every present service a `send` operation per contract
 * it publishes and a `receive` operation per listener. Everything is sorted and nothing depends on the clock.
 */
export function buildAsyncApi(scan: ServiceScan): Record<string, unknown> {
  const contracts = contractsOf(scan);
  const channels: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {
    EventEnvelope: {
      ...toJsonSchema(EnvelopeSchema),
      description:
        'What travels on the bus for every event. `id` is unique per event and is also the `Nats-Msg-Id` header, so a ' +
        'publish retried within the stream duplicate window (10 minutes) is stored once. `subject` repeats the NATS ' +
        'subject; `occurredAt` is when the change happened (ISO 8601, UTC); `data` is the event payload (one schema per message).',
    },
    NatsHeaders: {
      type: 'object',
      properties: {
        'Nats-Msg-Id': {
          type: 'string',
          description: 'The envelope `id`: JetStream drops a second publish with the same id.',
        },
      },
      required: ['Nats-Msg-Id'],
    },
  };

  for (const c of contracts) {
    const dataSchema = `${c.name}Data`;
    schemas[dataSchema] = toJsonSchema(c.schema);
    const id = exampleEventId(c.name);
    messages[c.name] = {
      name: c.name,
      title: c.name,
      summary: c.description,
      contentType: 'application/json',
      headers: ref('#/components/schemas/NatsHeaders'),
      payload: {
        allOf: [
          ref('#/components/schemas/EventEnvelope'),
          {
            type: 'object',
            properties: { subject: { const: c.subject }, data: ref(`#/components/schemas/${dataSchema}`) },
          },
        ],
      },
      examples: [
        {
          name: `${c.name}Example`,
          headers: { 'Nats-Msg-Id': id },
          payload: { id, subject: c.subject, occurredAt: EXAMPLE_TIME, data: c.example },
        },
      ],
    };
    channels[channelId(c.subject)] = {
      address: c.subject,
      title: c.name,
      description: c.description,
      messages: { [c.name]: ref(`#/components/messages/${c.name}`) },
    };
  }

  const operations: Record<string, unknown> = {};
  const services = [...scan.present].sort((a, b) => compareText(a.name, b.name));
  for (const s of services) {
    const entries = [
      ...s.publishes.map((c) => ({ c, action: 'send' as const })),
      ...s.consumes.map((c) => ({ c, action: 'receive' as const })),
    ].sort((a, b) => compareText(a.action, b.action) || compareText(a.c.subject, b.c.subject));
    for (const { c, action } of entries) {
      const channel = channelId(c.subject);
      operations[`${s.name}-${action}-${c.name}`] = {
        action,
        channel: ref(`#/channels/${channel}`),
        title: `${s.name} ${action === 'send' ? 'publishes' : 'consumes'} ${c.name}`,
        ...(action === 'send'
          ? {
              description:
                `Stored with the change it reports (the outbox) and published by the relay to stream ${STREAM_NAME}, ` +
                'with the event id as `Nats-Msg-Id`.',
            }
          : {
              description:
                `Durable consumer \`${durableName(s.name, c.subject)}\`, shared by every replica of ${s.name}: each event is handled ` +
                'once per service, acknowledged after its work is done, redelivered a bounded number of times (DESIGN §5, delivery rules).',
            }),
        tags: [{ name: s.name }],
        messages: [ref(`#/channels/${channel}/messages/${c.name}`)],
      };
    }
  }

  const absent = scan.absent.length ? ` Services not present when this was generated: ${scan.absent.join(', ')}.` : '';
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Ticketing events',
      version: '1.0.0',
      description:
        `Every event of the Ticketing system (DESIGN's events tables, §5 and §16), all stored in the one JetStream stream \`${STREAM_NAME}\`. ` +
        "Payload schemas are generated from the zod contracts in `common/src/events`; each service's operations come from " +
        `what it registers in \`<service>/src/events/index.ts\`.${absent}`,
      tags: SERVICE_NAMES.map((name) => ({ name })),
    },
    defaultContentType: 'application/json',
    servers: {
      nats: {
        host: 'nats:4222',
        protocol: 'nats',
        description: `NATS with JetStream (Kubernetes service \`nats\`); stream \`${STREAM_NAME}\` holds every subject below. Locally, \`npm start\` runs nats-server on a free port.`,
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}

/** The document as YAML, with a header saying where it comes from. */
export function renderAsyncApi(scan: ServiceScan): string {
  // YAML 1.1 rules when writing, so strings that a YAML 1.1 reader (js-yaml, which many AsyncAPI tools use) would
  // take for a timestamp or a boolean are quoted.
  const doc = new Document(buildAsyncApi(scan), { version: '1.1' });
  doc.commentBefore =
    ' Generated by `npm run docs` (tools/src/asyncapi.ts); do not edit. A test fails when it is stale.';
  return doc.toString({ lineWidth: 0 });
}
