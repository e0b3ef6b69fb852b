/**
 * How the catalogue compares words (DESIGN §12, "Search without a text engine"): lower-cased and stripped of accents
 * (NFD splits "é" into "e" and a combining mark, which is dropped), split on anything that is not a letter or digit.
 * One function serves what is stored and what is searched, so "Café" finds "cafe" and "CAFÉ".
 */
export function normalizeText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of `text`, normalized, in order, without repeats. */
export function wordsOf(text: string): string[] {
  return [
    ...new Set(
      normalizeText(text)
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    ),
  ];
}

/** The stored `searchWords` of an event: every word of its title, venue and city. */
export function searchWordsOf(event: { title: string; venue: string; city: string }): string[] {
  return wordsOf(`${event.title} ${event.venue} ${event.city}`);
}

/** A city as it is matched: normalized and with its words joined by one space ("São  Paulo" = "sao paulo"). */
export function cityKeyOf(city: string): string {
  return wordsOf(city).join(' ');
}

/**
 * The identity of an event (DESIGN §12: "the same event is never stored twice"): its title and venue as words, and
 * its start to the minute. A unique index on it makes the second of two identical creations fail, whatever the
 * replicas, so that request answers the first one's event.
 */
export function eventKeyOf(event: { title: string; venue: string; startsAt: Date }): string {
  const minute = new Date(Math.floor(event.startsAt.getTime() / 60_000) * 60_000).toISOString();
  return [wordsOf(event.title).join(' '), wordsOf(event.venue).join(' '), minute].join('|');
}

/** `word` as a regular expression that matches any stored word it begins (its special characters escaped). */
export function prefixPattern(word: string): string {
  return `^${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
}
