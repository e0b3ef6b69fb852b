import { z } from 'zod';

/**
 * What travels on the bus for every event (after eShop's IntegrationEvent): `id` is unique per event and is the
 * JetStream `Nats-Msg-Id`, so a publish retried within the stream's duplicate window is stored once.
 */
export interface EventEnvelope<TData = unknown> {
  id: string;
  subject: string;
  occurredAt: string;
  data: TData;
}

/** The envelope's own shape; `data` is checked by each event's schema. */
export const EnvelopeSchema = z.object({
  id: z.string().min(1),
  subject: z.string().min(1),
  occurredAt: z.iso.datetime(),
  data: z.unknown(),
});
