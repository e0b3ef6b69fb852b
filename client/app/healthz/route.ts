// Liveness and readiness of the client process itself: answers without calling the API, so an API outage does not
// make Kubernetes restart the web front end.
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok' });
}
