/** One entry of the error body every service returns (DESIGN §3). */
export interface ErrorItem {
  message: string;
  field?: string;
}

/**
 * The base of every error a service knows how to answer. The central error handler turns it into
 * `status` and `{ errors: serialize() }`; an error it has no rule for (see errorHandler) is a bug and becomes a 500.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }

  /** The items sent to the client; never includes internals. */
  serialize(): ErrorItem[] {
    return [{ message: this.message }];
  }
}
