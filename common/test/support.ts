import { Writable } from 'node:stream';
import type { Express } from 'express';
import pino, { type Logger } from 'pino';
import request from 'supertest';
import { createServiceApp } from '../src/http';
import { createLogger } from '../src/service';

/** A pino logger whose JSON lines are kept in memory, so a test can assert what was logged. */
export function capturingLogger(): { log: Logger; lines: () => Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  let partial = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      partial += chunk.toString();
      const complete = partial.split('\n');
      partial = complete.pop() ?? '';
      for (const line of complete) {
        try {
          if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          lines.push({ unparsed: line });
        }
      }
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines: () => lines };
}

/** This process's metrics, read as Prometheus does: GET /metrics of a service app (createServiceApp adds the route). */
export async function scrapeMetrics(): Promise<string> {
  metricsApp ??= createServiceApp({
    log: createLogger('test', 'silent'),
    routers: [],
    isReady: () => true,
    trustedProxyHops: 0,
  });
  return (await request(metricsApp).get('/metrics').expect(200)).text;
}
let metricsApp: Express | undefined;
