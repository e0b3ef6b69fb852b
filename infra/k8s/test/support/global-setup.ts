// Jest globalSetup of infra/k8s: installs the pinned kustomize once per run, before any worker starts, so that the
// test files (which render the overlays while they are collected) find it and no two workers build it. Jest requires
// the module itself to be the function, hence `export =` rather than a named export.
import { installKustomize } from './kustomize';

export = async function globalSetup(): Promise<void> {
  await installKustomize((line) => process.stderr.write(`[infra/k8s] ${line}\n`));
};
