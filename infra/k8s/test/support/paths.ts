import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../../..');
/** infra/k8s: base/ and overlays/ (DESIGN §11); the files the rules name are relative to it. */
export const manifestsDir = path.join(repoRoot, 'infra/k8s');
