import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { SchemaCheck, SchemaLookup } from '../rules/schema';
import { repoRoot } from './load';

/** Where the schema files are: ../shared/schemas beside the repo, unless TICKETING_SCHEMAS_DIR says otherwise. */
export const schemasDir = process.env.TICKETING_SCHEMAS_DIR ?? path.resolve(repoRoot, '../shared/schemas');

/** The Kubernetes version whose strict schemas we validate against (see SOURCES.md in the schemas folder). */
export const KUBERNETES_SCHEMAS = 'kubernetes/v1.32.2-standalone-strict';

/**
 * The schema file for an apiVersion and kind, relative to the schemas folder, in the yannh/kubeconform layout:
 * `<kind>-<first part of the group>-<version>.json`, or `<kind>-<version>.json` for the core group.
 */
export function schemaFileFor(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  if (group === 'skaffold' && kind === 'Config') return `skaffold/${version}.json`;
  const groupPart = group ? `-${group.split('.')[0]}` : '';
  return `${KUBERNETES_SCHEMAS}/${kind.toLowerCase()}${groupPart}-${version}.json`;
}

function phrase(error: ErrorObject): string {
  const at = error.instancePath || '/';
  const extra = 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : '';
  return `${at} ${error.message ?? error.keyword}${extra}`;
}

/**
 * A lookup that reads and compiles each schema file once. Ajv runs with strict: false because these schemas are not
 * written for Ajv's strict mode (draft-04 style `$schema`, `x-kubernetes-*` keywords), and with allErrors so that one
 * run lists every problem of a document.
 */
export function createSchemaLookup(dir: string = schemasDir): SchemaLookup {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction | undefined>();

  return (apiVersion, kind): SchemaCheck | undefined => {
    const file = path.join(dir, schemaFileFor(apiVersion, kind));
    if (!compiled.has(file)) {
      if (!fs.existsSync(file)) {
        compiled.set(file, undefined);
      } else {
        const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
        // The Kubernetes files name the meta-schema "http://json-schema.org/schema#", which Ajv does not know;
        // their keywords are all draft-07 compatible, so validate with Ajv's default (draft-07) instead.
        if (schema.$schema !== 'http://json-schema.org/draft-07/schema#') delete schema.$schema;
        compiled.set(file, ajv.compile(schema));
      }
    }
    const validate = compiled.get(file);
    if (!validate) return undefined;
    return (document) => (validate(document) ? [] : (validate.errors ?? []).map(phrase));
  };
}
