/** The delivery stream: every subject of DESIGN §5, kept while a durable consumer bound to it has not acked (§16). */
export const STREAM_NAME = 'TICKETING';

/**
 * The history: a mirror of {@link STREAM_NAME} with limits retention (DESIGN §16), read by `npm run trace` and by the
 * dead-letter replay, which finds a terminated message there by its TICKETING sequence (a mirror keeps sequences).
 */
export const ARCHIVE_STREAM_NAME = 'TICKETING_ARCHIVE';

/** Durable names are `<service>-<subject with dots as dashes>` (STYLE, Naming): one per (service, subject). */
export function durableName(service: string, subject: string): string {
  return `${service}-${subject.replace(/\./g, '-')}`;
}
