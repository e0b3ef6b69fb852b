import { ConfigError, paymentConfig, serverConfig } from './server-config';

/**
 * Reads the whole configuration once; a bad one ends the process with status 1 and one line per problem (Next.js
 * would only log a failed instrumentation hook and go on serving pages that then fail).
 */
export function checkConfigAtStart(): void {
  try {
    serverConfig();
    paymentConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`client: invalid configuration: ${error.message}\n`);
    process.exit(1);
  }
}
