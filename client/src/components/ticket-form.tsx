'use client';

import type { TicketJson } from '@ticketing/common';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/api-browser';
import { parsePriceInput, PRICE_RANGE } from '@/lib/format';
import { Alert } from './alert';
import { Field } from './field';
import { useApiForm } from './use-api-form';

const FIELDS = ['title', 'price'] as const;

/**
 * Create a ticket, or edit one when `ticket` is given. The API decides ownership and the 409 lock. A ticket listed
 * for an event (`eventId`, on creation) has the seller's note on the seat for its title (DESIGN §12).
 */
export function TicketForm({
  ticket,
  eventId,
  forEvent = eventId !== undefined,
}: {
  ticket?: Pick<TicketJson, 'id' | 'title' | 'price'>;
  eventId?: string;
  /** The ticket belongs to an event: its title is a seat, labelled so. */
  forEvent?: boolean;
}) {
  const router = useRouter();
  const [title, setTitle] = useState(ticket?.title ?? '');
  const [price, setPrice] = useState(ticket ? String(ticket.price) : '');
  const { errors, setErrors, submitting, submit } = useApiForm(FIELDS);
  const submitLabel = ticket ? 'Save changes' : 'Create ticket';

  function onPriceBlur() {
    // As in the mockups: a valid price is shown with two decimals once the field is left.
    const parsed = parsePriceInput(price);
    if ('price' in parsed) setPrice(parsed.price.toFixed(2));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsedPrice = parsePriceInput(price);
    if ('error' in parsedPrice) {
      setErrors({ byField: { price: [parsedPrice.error] }, general: [] });
      return;
    }
    const body = { title: title.trim(), price: parsedPrice.price, ...(eventId && { eventId }) };
    const saved = await submit(() => (ticket ? api.updateTicket(ticket.id, body) : api.createTicket(body)));
    if (!saved) return;
    router.push(`/tickets/${saved.id}`);
    router.refresh();
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate data-testid="ticket-form">
      <Alert messages={errors.general} title="Could not save the ticket" testId="form-alert" />
      <Field
        name="title"
        label={forEvent ? 'Seat' : 'Title'}
        {...(forEvent && { hint: 'Where it is, or anything a buyer should know: "Section 112, Row F"' })}
        required
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        errors={errors.byField.title}
      />
      <Field
        name="price"
        label="Price (USD)"
        inputMode="decimal"
        hint={PRICE_RANGE}
        required
        value={price}
        onChange={(e) => setPrice(e.target.value)}
        onBlur={onPriceBlur}
        errors={errors.byField.price}
      />
      <button type="submit" className="button" disabled={submitting} data-testid="ticket-submit">
        {submitting ? 'Saving…' : submitLabel}
      </button>
    </form>
  );
}
