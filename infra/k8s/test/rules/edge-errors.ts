import { EDGE_ERRORS, ERROR_BACKEND_PORT, errorBackendConfig } from '@ticketing/local';
import { describe, nameOf, ofKind, workloads, type Manifest } from './manifests';

const ANNOTATION = 'nginx.ingress.kubernetes.io/';

/** The error backend's name: its ConfigMap, Deployment and Service (base/edge-errors.yaml). */
export const ERROR_BACKEND = 'edge-errors';

/** What the Ingress' annotations must say for its errors to reach the error backend and nothing else to. */
export const ERROR_ANNOTATIONS: Readonly<Record<string, string>> = {
  'custom-http-errors': EDGE_ERRORS.map((error) => error.code).join(','),
  'default-backend': ERROR_BACKEND,
  'disable-proxy-intercept-errors': 'true',
  // The local gateway's client_max_body_size: the same body is refused by both.
  'proxy-body-size': '1m',
};

/** The ConfigMap `edge-errors`' nginx.conf, if any. */
export function errorBackendConfOf(manifests: readonly Manifest[]): string | undefined {
  const configMap = ofKind(manifests, 'ConfigMap').find((m) => nameOf(m) === ERROR_BACKEND);
  return (configMap?.body.data as Record<string, string> | undefined)?.['nginx.conf'];
}

/**
 * The Ingress' own errors are the API's error shape under /api (DESIGN §3), as the local gateway's:
 * - its annotations send every code of infra/local's edge error table to the error backend, keep a service's own
 *   error answers out of it (disable-proxy-intercept-errors) and refuse a body over 1 MB, as the gateway does;
 *   no snippet annotation is used (the controller refuses them by default);
 * - the ConfigMap's nginx.conf is infra/local's errorBackendConfig(), the answers made from that same table;
 * - the Deployment runs nginx on that file (`-c` on the mounted ConfigMap) and listens on its port.
 */
export function edgeErrorProblems(manifests: readonly Manifest[]): string[] {
  const problems: string[] = [];
  for (const ingress of ofKind(manifests, 'Ingress')) {
    const annotations = ingress.body.metadata?.annotations ?? {};
    for (const [name, value] of Object.entries(ERROR_ANNOTATIONS)) {
      if (annotations[`${ANNOTATION}${name}`] !== value) {
        problems.push(`${describe(ingress)}: ${ANNOTATION}${name} is not "${value}"`);
      }
    }
    for (const name of Object.keys(annotations).filter((a) => a.startsWith(ANNOTATION) && a.endsWith('-snippet'))) {
      problems.push(`${describe(ingress)}: ${name} is a snippet, which ingress-nginx refuses by default`);
    }
  }

  const conf = errorBackendConfOf(manifests);
  if (conf === undefined) problems.push(`ConfigMap/${ERROR_BACKEND}: not found, or has no nginx.conf`);
  else if (conf !== errorBackendConfig()) {
    problems.push(
      `ConfigMap/${ERROR_BACKEND}: nginx.conf is not infra/local's errorBackendConfig(); it should be:\n${errorBackendConfig()}`,
    );
  }

  const backend = workloads(manifests).find((w) => w.kind === 'Deployment' && w.name === ERROR_BACKEND);
  const container = backend?.pod.containers?.[0];
  if (!backend || !container) return [...problems, `Deployment/${ERROR_BACKEND}: not found`];
  const command = [...(container.command ?? []), ...(container.args ?? [])];
  const volume = backend.pod.volumes?.find((v) => v.configMap?.name === ERROR_BACKEND);
  const mount = container.volumeMounts?.find((m) => m.name === volume?.name);
  if (!volume || !mount || command[command.indexOf('-c') + 1] !== `${mount.mountPath}/nginx.conf`) {
    problems.push(`Deployment/${ERROR_BACKEND}: does not run nginx -c on the mounted ConfigMap's nginx.conf`);
  }
  if (!(container.ports ?? []).some((port) => port.containerPort === ERROR_BACKEND_PORT)) {
    problems.push(
      `Deployment/${ERROR_BACKEND}: does not declare the port nginx.conf listens on (${ERROR_BACKEND_PORT})`,
    );
  }
  return problems;
}
