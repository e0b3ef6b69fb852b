import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../rules/manifests';

/**
 * Every document of a YAML text. Any YAML error or warning (a duplicate key, a bad indent) throws, naming where the text
 * came from: kubectl would reject or, worse, silently merge such a file.
 */
export function parseYamlDocuments(text: string, where: string): KubeObject[] {
  return parseAllDocuments(text, { prettyErrors: true }).flatMap((document) => {
    const problems = [...document.errors, ...document.warnings];
    if (problems.length > 0) throw new Error(`${where}: ${problems.map((p) => p.message).join('; ')}`);
    const value: unknown = document.toJS();
    // An empty document (a trailing `---`) is skipped by kubectl too.
    if (value === null || value === undefined) return [];
    if (typeof value !== 'object' || Array.isArray(value))
      throw new Error(`${where}: a document that is not a mapping`);
    return [value as KubeObject];
  });
}
