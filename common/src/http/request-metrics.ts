import { meter, SECONDS_BUCKETS } from '../service/metrics';

const duration = meter().createHistogram('http.server.request.duration', {
  unit: 's',
  description: 'Duration of HTTP server requests',
  advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
});

/**
 * Records one request in `http.server.request.duration` (OpenTelemetry's semantic conventions). The route is the
 * Express pattern (`/api/tickets/:id`), never the URL, so the series stay bounded whatever callers send; an unmatched
 * request (a 404) has no route, as the conventions say. Called by requestLog's one `close` listener, which already
 * holds the start time: a request costs this record and nothing more.
 */
export function recordRequest(method: string, route: unknown, status: number, seconds: number): void {
  duration.record(seconds, {
    'http.request.method': method,
    ...(typeof route === 'string' && { 'http.route': route }),
    'http.response.status_code': status,
  });
}
