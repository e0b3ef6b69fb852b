import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ConfigSchemaLike } from '../rules/env';
import { repoRoot } from './load';

/** The six services: each exports `ConfigSchema` (a zod `z.object`) from src/config.ts, built to dist/config.js. */
export const SERVICES = ['auth', 'tickets', 'orders', 'expiration', 'payments', 'queue'] as const;
export type ServiceName = (typeof SERVICES)[number];

function isConfigSchema(value: unknown): value is ConfigSchemaLike {
  const candidate = value as Partial<ConfigSchemaLike> | undefined;
  return (
    typeof candidate?.safeParse === 'function' &&
    typeof candidate.shape === 'object' &&
    candidate.shape !== null &&
    Object.values(candidate.shape).every((field) => typeof field?.safeParse === 'function')
  );
}

function isStale(built: string, source: string): boolean {
  return !fs.existsSync(built) || (fs.existsSync(source) && fs.statSync(source).mtimeMs > fs.statSync(built).mtimeMs);
}

/**
 * The service's own config schema, read from its build (`<service>/dist/config.js`), so these checks follow the code:
 * a variable added to a service fails here until its Deployment sets it. Builds the service first (`tsc -b`, which
 * also builds common) when dist/config.js is missing or older than src/config.ts; throws, with the compiler's output,
 * when that build fails or the module exports no ConfigSchema.
 */
export function loadConfigSchema(service: string): ConfigSchemaLike {
  const built = path.join(repoRoot, service, 'dist/config.js');
  if (isStale(built, path.join(repoRoot, service, 'src/config.ts'))) {
    try {
      execFileSync('npx', ['tsc', '-b', service], { cwd: repoRoot, stdio: 'pipe', timeout: 240_000 });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(
        `${service}/dist/config.js is missing or stale and \`npx tsc -b ${service}\` failed:\n${String(stdout ?? '')}${String(stderr ?? '')}`,
      );
    }
    if (!fs.existsSync(built)) throw new Error(`\`npx tsc -b ${service}\` did not write ${service}/dist/config.js`);
  }
  // A built CommonJS module, found at run time.
  const loaded = require(built) as { ConfigSchema?: unknown };
  if (!isConfigSchema(loaded.ConfigSchema)) {
    throw new Error(`${service}/dist/config.js does not export a zod object as ConfigSchema`);
  }
  return loaded.ConfigSchema;
}

export function loadConfigSchemas(): Record<ServiceName, ConfigSchemaLike> {
  return Object.fromEntries(SERVICES.map((service) => [service, loadConfigSchema(service)])) as Record<
    ServiceName,
    ConfigSchemaLike
  >;
}
