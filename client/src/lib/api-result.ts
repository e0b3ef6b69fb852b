import type { ErrorItem } from '@ticketing/common';

/**
 * What both fetch helpers return. A 4xx/5xx or an unreachable API is a value, never a thrown error,
 * so a page can always render something. `status` is 0 when no HTTP answer arrived at all.
 */
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; errors: ErrorItem[] };

/** Status used when no HTTP answer arrived (connection refused, timeout, DNS). */
export const NO_RESPONSE = 0;

export const UNREACHABLE_MESSAGE = 'The ticketing service cannot be reached right now. Please try again in a moment.';

function isErrorItem(value: unknown): value is ErrorItem {
  if (typeof value !== 'object' || value === null) return false;
  const { message, field } = value as Record<string, unknown>;
  return typeof message === 'string' && (field === undefined || typeof field === 'string');
}

/** Reads `{ errors: [...] }`; anything else (an HTML 502 from a proxy, an empty body) yields null. */
export function parseErrorBody(body: unknown): ErrorItem[] | null {
  if (typeof body !== 'object' || body === null) return null;
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors) || errors.length === 0 || !errors.every(isErrorItem)) return null;
  return errors.map((e) => (e.field === undefined ? { message: e.message } : { message: e.message, field: e.field }));
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Please sign in first.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'Not found.';
  if (status >= 500) return 'Something went wrong on our side. Please try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Turns an HTTP answer into an ApiResult. The success body is trusted to be the `T` asked for: the services type
 * their answers with the same contracts (common/src/api). An error body that doesn't follow DESIGN §3 still becomes
 * one readable message.
 */
export function toApiResult<T>(status: number, bodyText: string): ApiResult<T> {
  const body = parseJson(bodyText);
  if (status >= 200 && status < 300) return { ok: true, status, data: body as T };
  return { ok: false, status, errors: parseErrorBody(body) ?? [{ message: fallbackMessage(status) }] };
}

/** The result for a request that got no HTTP answer at all. */
export function unreachable<T>(): ApiResult<T> {
  return { ok: false, status: NO_RESPONSE, errors: [{ message: UNREACHABLE_MESSAGE }] };
}
