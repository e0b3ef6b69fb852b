import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EnvelopeSchema, type EventEnvelope } from './envelope';
import { describeIssues, InvalidEventError } from './invalid-event-error';

/**
 * One event's contract: its name, subject and schema, from which the TypeScript type, the runtime check and the
 * published catalogue (AsyncAPI) all come. Create it once per event with {@link defineEvent}.
 */
export interface EventContract<TName extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly name: TName;
  readonly subject: string;
  readonly schema: TSchema;
  /** One line for the catalogue: what happened. */
  readonly description: string;
  /** A valid example payload, shown in the catalogue and checked by a test. */
  readonly example: z.input<TSchema>;
  /**
   * Validates `data` and wraps it in an envelope with a fresh id (or `options.id` when the event follows from a unique
   * fact, so a retry stores it once). Throws {@link InvalidEventError} naming every bad field.
   */
  create(data: z.input<TSchema>, options?: { id?: string; occurredAt?: Date }): EventEnvelope<z.output<TSchema>>;
  /** Checks an envelope received from the bus; throws {@link InvalidEventError} naming every bad field. */
  parse(envelope: unknown): EventEnvelope<z.output<TSchema>>;
}

/** The data type of a contract, e.g. `EventData<typeof TicketCreated>`. */
export type EventData<C extends EventContract> = z.output<C['schema']>;

/** Defines an event contract; see {@link EventContract}. */
export function defineEvent<TName extends string, TSchema extends z.ZodType>(definition: {
  name: TName;
  subject: string;
  schema: TSchema;
  description: string;
  example: z.input<TSchema>;
}): EventContract<TName, TSchema> {
  const { name, subject, schema } = definition;

  function checkData(data: unknown): z.output<TSchema> {
    const result = schema.safeParse(data);
    if (!result.success) throw new InvalidEventError(name, describeIssues(name, result.error.issues, data));
    return result.data;
  }

  return {
    ...definition,
    create(data, options) {
      return {
        id: options?.id ?? randomUUID(),
        subject,
        occurredAt: (options?.occurredAt ?? new Date()).toISOString(),
        data: checkData(data),
      };
    },
    parse(envelope) {
      const outer = EnvelopeSchema.safeParse(envelope);
      if (!outer.success)
        throw new InvalidEventError(name, describeIssues(`${name}(envelope)`, outer.error.issues, envelope));
      if (outer.data.subject !== subject) {
        throw new InvalidEventError(name, [
          `${name}: subject must be ${subject} (got ${JSON.stringify(outer.data.subject)})`,
        ]);
      }
      return { ...outer.data, data: checkData(outer.data.data) };
    },
  };
}
