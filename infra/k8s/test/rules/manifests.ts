// The parts of Kubernetes objects the rules read, typed loosely on purpose: the rules also run on deliberately broken
// copies, so every field may be missing. Whether a document is well-formed is the schema rule's job.

export type Labels = Record<string, string>;

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Labels; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** One document of a rendered overlay, and the file of infra/k8s it came from (for messages). */
export interface Manifest {
  file: string;
  index: number;
  body: KubeObject;
}

export interface EnvVar {
  name?: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name?: string; key?: string; optional?: boolean };
    secretKeyRef?: { name?: string; key?: string; optional?: boolean };
    fieldRef?: { fieldPath?: string };
  };
}

export interface EnvFromSource {
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

export interface Probe {
  httpGet?: { path?: string; port?: string | number };
  tcpSocket?: { port?: string | number };
  exec?: { command?: string[] };
  grpc?: unknown;
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
}

export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort?: number }[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  securityContext?: SecurityContext;
  lifecycle?: { preStop?: { exec?: { command?: string[] }; sleep?: { seconds?: number } } };
  volumeMounts?: { name?: string; mountPath?: string }[];
}

export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  topologyKey?: string;
}

export interface TopologySpreadConstraint {
  maxSkew?: number;
  topologyKey?: string;
  whenUnsatisfiable?: string;
  labelSelector?: LabelSelector;
  matchLabelKeys?: string[];
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext;
  terminationGracePeriodSeconds?: number;
  affinity?: {
    podAntiAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
      preferredDuringSchedulingIgnoredDuringExecution?: { weight?: number; podAffinityTerm?: PodAffinityTerm }[];
    };
  };
  topologySpreadConstraints?: TopologySpreadConstraint[];
  volumes?: { name?: string; configMap?: { name?: string }; emptyDir?: unknown }[];
}

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: unknown[];
}

export interface WorkloadSpec {
  replicas?: number;
  serviceName?: string;
  selector?: LabelSelector;
  template?: { metadata?: { labels?: Labels }; spec?: PodSpec };
  volumeClaimTemplates?: { metadata?: { name?: string } }[];
}

/** A Deployment, StatefulSet or Job: what owns a pod template. */
export interface Workload {
  manifest: Manifest;
  kind: string;
  name: string;
  spec: WorkloadSpec;
  labels: Labels;
  pod: PodSpec;
}

export interface ContainerAt {
  workload: Workload;
  container: Container;
  /** `Deployment/auth container server`, for messages */
  where: string;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'Job']);

export function nameOf(manifest: Manifest): string {
  return manifest.body.metadata?.name ?? '(unnamed)';
}

/** `Service/auth (auth.yaml #3)`: what a message points at. */
export function describe(manifest: Manifest): string {
  return `${manifest.body.kind ?? '(no kind)'}/${nameOf(manifest)} (${manifest.file} #${manifest.index + 1})`;
}

export function ofKind(manifests: readonly Manifest[], kind: string): Manifest[] {
  return manifests.filter((m) => m.body.kind === kind);
}

/** The `spec` of an object, as the shape the caller expects; the fields inside stay optional. */
export function specOf<T>(manifest: Manifest): T {
  return (manifest.body.spec ?? {}) as T;
}

export function workloads(manifests: readonly Manifest[]): Workload[] {
  return manifests
    .filter((m) => WORKLOAD_KINDS.has(m.body.kind ?? ''))
    .map((manifest) => {
      const spec = specOf<WorkloadSpec>(manifest);
      return {
        manifest,
        kind: manifest.body.kind ?? '',
        name: nameOf(manifest),
        spec,
        labels: spec.template?.metadata?.labels ?? {},
        pod: spec.template?.spec ?? {},
      };
    });
}

/** Every container (init containers included) of every pod template. */
export function containers(manifests: readonly Manifest[], options: { init?: boolean } = {}): ContainerAt[] {
  return workloads(manifests).flatMap((workload) => {
    const main = workload.pod.containers ?? [];
    const init = options.init === false ? [] : (workload.pod.initContainers ?? []);
    return [...main, ...init].map((container) => ({
      workload,
      container,
      where: `${workload.kind}/${workload.name} container ${container.name ?? '(unnamed)'}`,
    }));
  });
}

/** True when every label the selector asks for is on the pod (an empty selector selects nothing here, on purpose). */
export function selects(selector: Labels | undefined, labels: Labels): boolean {
  const wanted = Object.entries(selector ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels[key] === value);
}

export function workloadsSelectedBy(manifests: readonly Manifest[], selector: Labels | undefined): Workload[] {
  return workloads(manifests).filter((w) => selects(selector, w.labels));
}
