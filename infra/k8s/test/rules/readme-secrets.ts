/** The keys `kubectl create secret tls` writes. */
const TLS_KEYS = ['tls.crt', 'tls.key'];

/**
 * The Secrets a README's `kubectl create secret` commands create, with their keys: `generic NAME
 * --from-literal=KEY=…` or `--from-file=KEY=path`, and `tls NAME` (tls.crt, tls.key). Commands continued over lines with `\` are joined first.
 */
export function secretsCreatedIn(markdown: string): Record<string, string[]> {
  const created: Record<string, Set<string>> = {};
  const commands = markdown.replace(/\\\n\s*/g, ' ').matchAll(/kubectl create secret (generic|tls) ([\w.-]+)([^\n]*)/g);
  for (const [, type, name = '', rest = ''] of commands) {
    const keys = (created[name] ??= new Set());
    if (type === 'tls') TLS_KEYS.forEach((key) => keys.add(key));
    for (const [, key = ''] of rest.matchAll(/--from-(?:literal|file)=([\w.-]+)=/g)) keys.add(key);
  }
  return Object.fromEntries(Object.entries(created).map(([name, keys]) => [name, [...keys].sort()]));
}

/**
 * The README creates every Secret the manifests read, with every key they read, since Secrets are never committed and
 * a missing one leaves pods in CreateContainerConfigError; and it creates none that nothing reads.
 */
export function readmeSecretProblems(
  created: Readonly<Record<string, readonly string[]>>,
  expected: Readonly<Record<string, readonly string[]>>,
): string[] {
  const missing = Object.entries(expected).flatMap(([name, keys]) => {
    if (!created[name]) return [`the README does not create the Secret ${name}`];
    return keys
      .filter((key) => !created[name]?.includes(key))
      .map((key) => `the README creates ${name} without ${key}`);
  });
  const unused = Object.keys(created)
    .filter((name) => !expected[name])
    .map((name) => `the README creates ${name}, which no manifest reads`);
  return [...missing, ...unused];
}
