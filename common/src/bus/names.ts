/** The one JetStream stream that holds every subject of DESIGN §5. */
export const STREAM_NAME = 'TICKETING';

/** Durable names are `<service>-<subject with dots as dashes>` (STYLE, Naming): one per (service, subject). */
export function durableName(service: string, subject: string): string {
  return `${service}-${subject.replace(/\./g, '-')}`;
}
