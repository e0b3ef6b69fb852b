'use client';

import type { EventCategory } from '@ticketing/common';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/api-browser';
import { EVENT_CATEGORIES, categoryLabel } from '@/lib/events';
import { onSaleFields } from '@/lib/event-on-sale';
import { localDateTimeToIso } from '@/lib/event-time';
import { Alert } from './alert';
import { CheckboxField, Field, SelectField } from './field';
import { useApiForm } from './use-api-form';

const FIELDS = [
  'title',
  'venue',
  'city',
  'category',
  'startsAt',
  'onSaleAt',
  'waitingRoom',
  'admitPerMinute',
  'queueMinutes',
] as const;

const CATEGORY_OPTIONS = EVENT_CATEGORIES.map((value) => ({ value, label: categoryLabel[value] }));

/** The admin's two counts of the on-sale: left empty, the API's defaults apply (DESIGN §13). */
const COUNT_FIELDS = [
  { name: 'admitPerMinute', label: 'Buyers admitted a minute', hint: 'Empty: 200' },
  { name: 'queueMinutes', label: 'Minutes the queue stays open after the on-sale', hint: 'Empty: 60' },
] as const;

/**
 * Adds an event to the catalogue (POST /api/events) for a seller whose event nobody has created yet, then goes on
 * to list the ticket for it. The API validates every field (a 400 naming it shows beside its input); creating an
 * event that exists already answers that event (200), so a seller who missed it in the search lists for it all the
 * same. An admin also sees the on-sale fields (DESIGN §13): when the sale starts, and a waiting room with its
 * admission rate and how long it stays open; the API refuses them from anyone else (403).
 */
export function EventForm({ admin = false }: { admin?: boolean }) {
  const router = useRouter();
  const [values, setValues] = useState({
    title: '',
    venue: '',
    city: '',
    startsAt: '',
    onSaleAt: '',
    admitPerMinute: '',
    queueMinutes: '',
  });
  const [waitingRoom, setWaitingRoom] = useState(false);
  const [category, setCategory] = useState<EventCategory>('concert');
  const { errors, setErrors, submitting, submit } = useApiForm(FIELDS);
  const set = (name: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [name]: e.target.value }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The picker's value is a wall-clock time in the seller's zone; the API takes an instant.
    const startsAt = localDateTimeToIso(values.startsAt);
    const onSale = admin ? onSaleFields({ ...values, waitingRoom }) : { ok: true as const, fields: {} };
    if (startsAt === null || !onSale.ok) {
      const byField = {
        ...(startsAt === null && { startsAt: ['Choose the date and time the event starts'] }),
        ...(!onSale.ok && onSale.errors),
      };
      setErrors({ byField, general: [] });
      return;
    }
    const body = {
      title: values.title.trim(),
      venue: values.venue.trim(),
      city: values.city.trim(),
      category,
      startsAt,
      ...onSale.fields,
    };
    const saved = await submit(() => api.createEvent(body));
    if (!saved) return;
    router.push(`/tickets/new?eventId=${saved.id}`);
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate data-testid="event-form">
      <Alert messages={errors.general} title="Could not create the event" testId="event-form-alert" />
      <Field
        name="title"
        label="Event title"
        required
        value={values.title}
        onChange={set('title')}
        errors={errors.byField.title}
      />
      <Field
        name="venue"
        label="Venue"
        required
        value={values.venue}
        onChange={set('venue')}
        errors={errors.byField.venue}
      />
      <Field
        name="city"
        label="City"
        required
        value={values.city}
        onChange={set('city')}
        errors={errors.byField.city}
      />
      <SelectField
        name="category"
        label="Category"
        value={category}
        onChange={(e) => setCategory(e.target.value as EventCategory)}
        options={CATEGORY_OPTIONS}
        errors={errors.byField.category}
      />
      <Field
        name="startsAt"
        label="Starts at"
        type="datetime-local"
        hint="In your own time zone"
        required
        value={values.startsAt}
        onChange={set('startsAt')}
        errors={errors.byField.startsAt}
      />
      {admin && (
        <fieldset className="fieldset" data-testid="event-on-sale">
          <legend>On-sale (admins)</legend>
          <Field
            name="onSaleAt"
            label="On sale from"
            type="datetime-local"
            hint="In your own time zone; empty: on sale at once"
            value={values.onSaleAt}
            onChange={set('onSaleAt')}
            errors={errors.byField.onSaleAt}
          />
          <CheckboxField
            name="waitingRoom"
            label="A waiting room for the on-sale"
            checked={waitingRoom}
            onChange={(e) => setWaitingRoom(e.target.checked)}
            errors={errors.byField.waitingRoom}
          />
          {COUNT_FIELDS.map(({ name, label, hint }) => (
            <Field
              key={name}
              name={name}
              label={label}
              inputMode="numeric"
              hint={hint}
              value={values[name]}
              onChange={set(name)}
              errors={errors.byField[name]}
            />
          ))}
        </fieldset>
      )}
      <button type="submit" className="button" disabled={submitting} data-testid="event-submit">
        {submitting ? 'Creating…' : 'Create the event'}
      </button>
    </form>
  );
}
