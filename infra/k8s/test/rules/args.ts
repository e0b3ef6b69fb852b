/**
 * The value of a command-line flag in a container's args, as Go's flag package (nats-server) and mongod read them:
 * `--name value`, `--name=value`, or with one dash; the last occurrence wins. Undefined when the flag is absent, ''
 * when it is given without a value.
 */
export function flagValue(args: readonly string[] | undefined, ...names: string[]): string | undefined {
  let found: string | undefined;
  const list = args ?? [];
  list.forEach((arg, i) => {
    const match = /^--?([^=]+)(?:=(.*))?$/.exec(arg);
    if (!match || !names.includes(match[1] ?? '')) return;
    found = match[2] ?? list[i + 1] ?? '';
  });
  return found;
}
