import { containers, type Manifest } from './manifests';

/**
 * Every container runs as a non-root user id, cannot gain privileges, holds no Linux capability and cannot write its
 * own root filesystem (writable paths are volumes), after GoogleCloudPlatform/microservices-demo. The container's
 * securityContext wins over the pod's, as in Kubernetes.
 */
export function securityProblems(manifests: readonly Manifest[]): string[] {
  return containers(manifests).flatMap(({ workload, container, where }) => {
    const pod = workload.pod.securityContext ?? {};
    const own = container.securityContext ?? {};
    const runAsNonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
    const runAsUser = own.runAsUser ?? pod.runAsUser;
    const problems: string[] = [];
    if (runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
    if (runAsUser === undefined) problems.push(`${where}: no runAsUser (the image's USER would decide)`);
    else if (runAsUser === 0) problems.push(`${where}: runs as root (runAsUser 0)`);
    if (own.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
    if (!(own.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where}: capabilities do not drop ALL`);
    if ((own.capabilities?.add ?? []).length > 0) problems.push(`${where}: adds capabilities`);
    if (own.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem is not true`);
    return problems;
  });
}
