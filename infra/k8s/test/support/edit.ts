// Helpers for the "broken copy" tests: each test edits a deep copy of the parsed manifests, never the files.
import type { Container, KubeObject, Manifest, PodSpec, WorkloadSpec } from '../rules/manifests';

export function copyOf(manifests: readonly Manifest[]): Manifest[] {
  return structuredClone(manifests) as Manifest[];
}

export function bodyOf(manifests: readonly Manifest[], kind: string, name: string): KubeObject {
  const found = manifests.find((m) => m.body.kind === kind && m.body.metadata?.name === name);
  if (!found) throw new Error(`${kind}/${name} is not in the manifests`);
  return found.body;
}

/** The spec of an object, to edit in place (the copy's, never the committed one). */
export function specOf<T = Record<string, unknown>>(manifests: readonly Manifest[], kind: string, name: string): T {
  return bodyOf(manifests, kind, name).spec as T;
}

export function podOf(manifests: readonly Manifest[], kind: string, name: string): PodSpec {
  const pod = specOf<WorkloadSpec>(manifests, kind, name).template?.spec;
  if (!pod) throw new Error(`${kind}/${name} has no pod template`);
  return pod;
}

export function containerOf(manifests: readonly Manifest[], kind: string, name: string): Container {
  const container = podOf(manifests, kind, name).containers?.[0];
  if (!container) throw new Error(`${kind}/${name} has no container`);
  return container;
}

export function remove(manifests: Manifest[], kind: string, name: string): Manifest[] {
  return manifests.filter((m) => !(m.body.kind === kind && m.body.metadata?.name === name));
}
