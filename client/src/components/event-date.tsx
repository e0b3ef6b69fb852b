'use client';

import { useEffect, useState } from 'react';

const UTC = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

const LOCAL = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/**
 * When an event starts, in the visitor's own time zone (the zone the sell form's date-time picker was filled in).
 * The server does not know that zone: it renders UTC, and the browser rewrites it once the page has hydrated, so
 * both renders agree and a page without JavaScript still says the time, with its zone.
 */
export function EventDate({ iso, testId }: { iso: string; testId?: string }) {
  const [text, setText] = useState(() => formatIn(UTC, iso));
  useEffect(() => setText(formatIn(LOCAL, iso)), [iso]);
  return (
    <time dateTime={iso} data-testid={testId}>
      {text}
    </time>
  );
}

/** A date that is not one (it never should be) is shown as it came rather than throwing a RangeError. */
function formatIn(format: Intl.DateTimeFormat, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}
