import { localDateTimeToIso } from './event-time';

/** The on-sale inputs of the event form, as typed (admins only, DESIGN §12 "Roles" and §13). */
export interface OnSaleInputs {
  onSaleAt: string;
  waitingRoom: boolean;
  admitPerMinute: string;
  queueMinutes: string;
}

/** The on-sale fields of POST /api/events; an admin's, and only those filled in. */
export interface OnSaleFields {
  onSaleAt?: string;
  waitingRoom?: true;
  admitPerMinute?: number;
  queueMinutes?: number;
}

export type OnSaleField = keyof OnSaleFields;

const WHOLE_NUMBER = /^\d+$/;

/**
 * The on-sale fields to send, or the errors of the inputs the browser must translate first: the on-sale time (a
 * wall-clock time in the admin's zone, sent as an instant) and the two counts (whole numbers). What is left out is
 * not sent, so the API applies its defaults; ranges and the rules between fields (a room needs an on-sale time, the
 * on-sale comes before the event) are the API's, whose 400 names the field.
 */
export function onSaleFields(
  inputs: OnSaleInputs,
): { ok: true; fields: OnSaleFields } | { ok: false; errors: Partial<Record<OnSaleField, string[]>> } {
  const fields: OnSaleFields = {};
  const errors: Partial<Record<OnSaleField, string[]>> = {};
  if (inputs.onSaleAt.trim()) {
    const onSaleAt = localDateTimeToIso(inputs.onSaleAt);
    if (onSaleAt === null) errors.onSaleAt = ['Choose the date and time the sale starts'];
    else fields.onSaleAt = onSaleAt;
  }
  if (inputs.waitingRoom) fields.waitingRoom = true;
  for (const name of ['admitPerMinute', 'queueMinutes'] as const) {
    const value = inputs[name].trim();
    if (!value) continue;
    if (WHOLE_NUMBER.test(value)) fields[name] = Number(value);
    else errors[name] = ['Enter a whole number'];
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, fields };
}
