import { Router } from 'express';
import request from 'supertest';
import { createServiceApp } from '../src/http';
import { createLogger } from '../src/service';
import { sampleSum } from '@ticketing/testing';

function app() {
  const router = Router().get('/things/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  return createServiceApp({
    log: createLogger('test', 'silent'),
    routers: [router],
    isReady: () => true,
    trustedProxyHops: 0,
  });
}

const REQUESTS = 'http_server_request_duration_count';

describe('GET /metrics', () => {
  test('When a route was requested, then the scrape counts it under the route pattern, never the URL', async () => {
    const server = app();
    const before = (await request(server).get('/metrics')).text;

    await request(server).get('/things/abc123').expect(200);
    await request(server).get('/things/def456').expect(200);
    await request(server).get('/nowhere/xyz').expect(404);
    const res = await request(server).get('/metrics');

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const route = { http_request_method: 'GET', http_route: '/things/:id', http_response_status_code: '200' };
    expect(sampleSum(res.text, REQUESTS, route) - sampleSum(before, REQUESTS, route)).toBe(2);
    const unmatched = { http_request_method: 'GET', http_response_status_code: '404' };
    expect(sampleSum(res.text, REQUESTS, unmatched) - sampleSum(before, REQUESTS, unmatched)).toBe(1);
    expect(res.text).toMatch(/^# TYPE http_server_request_duration histogram$/m);
    expect(res.text).not.toMatch(/abc123|xyz/);
  });
});
