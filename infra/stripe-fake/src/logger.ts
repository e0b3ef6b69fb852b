/** The part of a pino logger the fake uses; a pino Logger fits it. */
export interface StripeFakeLogger {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: StripeFakeLogger = { info: () => undefined, error: () => undefined };
