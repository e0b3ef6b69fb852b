const DATETIME_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant of a `<input type="datetime-local">` value (`2027-01-15T20:00`, a wall-clock time with no zone), read
 * in the browser's zone, as ISO 8601 for the API; null when the input is empty or not such a value.
 */
export function localDateTimeToIso(value: string): string | null {
  const match = DATETIME_LOCAL.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(year ?? NaN, (month ?? NaN) - 1, day, hour, minute, second);
  // new Date rolls 31 February over into March: a date that does not exist is not taken for another.
  if (Number.isNaN(date.getTime()) || date.getMonth() !== (month ?? 0) - 1 || date.getDate() !== day) return null;
  return date.toISOString();
}
