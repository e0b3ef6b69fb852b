import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { allEvents, durableName } from '@ticketing/common';
import { parse } from 'yaml';
import { buildAsyncApi, renderAsyncApi } from '../src/asyncapi';
import { ASYNCAPI_FILE } from '../src/repo';
import { loadServices } from '../src/service-registry';
import { loadSourceIsolated } from './load-source';

// The services as their source says now (jest transforms the TypeScript), not as last built.
const scan = loadServices({ from: 'src', load: loadSourceIsolated });

describe('docs/asyncapi.yaml', () => {
  test('When the catalogue is generated, then the official AsyncAPI parser reports no error', async () => {
    const text = renderAsyncApi(scan);

    const diagnostics = await new Parser().validate(text);

    const errors = diagnostics
      .filter((d) => d.severity === 0)
      .map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
  });

  test('When an operation breaks the spec, then the parser reports an error (so the check above can fail)', async () => {
    const doc = buildAsyncApi(scan) as { operations: Record<string, Record<string, unknown>> };
    const [first] = Object.values(doc.operations);
    if (first) first.action = 'publish'; // AsyncAPI 2's word; 3.0 allows only send and receive

    const diagnostics = await new Parser().validate(JSON.stringify(doc));

    expect(diagnostics.filter((d) => d.severity === 0).length).toBeGreaterThan(0);
  });

  test('When the catalogue is generated, then every event has its channel and a message whose example its contract accepts', () => {
    const doc = parse(renderAsyncApi(scan)) as {
      asyncapi: string;
      channels: Record<string, { address: string }>;
      components: { messages: Record<string, { examples: Array<{ payload: { subject: string; data: unknown } }> }> };
    };

    expect(doc.asyncapi).toBe('3.0.0');
    for (const event of allEvents) {
      expect(Object.values(doc.channels).map((c) => c.address)).toContain(event.subject);
      const example = doc.components.messages[event.name]?.examples[0]?.payload;
      expect(example?.subject).toBe(event.subject);
      expect(() => event.schema.parse(example?.data)).not.toThrow();
    }
  });

  test('When a service registers a publisher or a listener, then the catalogue has its send or receive operation', () => {
    const operations = buildAsyncApi(scan).operations as Record<string, { action: string; description: string }>;

    for (const service of scan.present) {
      for (const c of service.publishes) expect(operations[`${service.name}-send-${c.name}`]?.action).toBe('send');
      for (const c of service.consumes) {
        expect(operations[`${service.name}-receive-${c.name}`]?.description).toContain(
          durableName(service.name, c.subject),
        );
      }
    }
  });

  test('When docs/asyncapi.yaml is compared with a fresh generation, then it is the same (else run `npm run docs`)', () => {
    const committed = readFileSync(ASYNCAPI_FILE, 'utf8');

    const fresh = renderAsyncApi(scan);

    expect(committed).toBe(fresh);
  });
});
