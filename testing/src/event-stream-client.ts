import http, { type IncomingHttpHeaders } from 'node:http';
import { eventually } from './eventually';

/** One Server-Sent Event as a browser's EventSource would hand it over. */
export interface ReceivedEvent {
  event: string;
  /** The `data:` lines, parsed as JSON. */
  data: unknown;
}

/** An open `text/event-stream` response, read as it arrives. */
export interface OpenEventStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** Events received so far, in order. */
  events: ReceivedEvent[];
  /** Comment lines received so far (heartbeats), without the leading colon. */
  comments: string[];
  /** The `retry:` advice, once received. */
  retryMs: number | undefined;
  /** Resolves with the first event (received or still to come) that `match` accepts; rejects after `timeoutMs`. */
  next(match: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  /** Resolves when the server has ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Opens a Server-Sent Events stream (a test's EventSource, with the session cookie) and parses it as it arrives, per
 * the HTML standard's event-stream format (`event:`, `data:`, `retry:`, `:` comments, a blank line ends an event).
 * A non-200 answer resolves too, with its status and no events. node:http rather than fetch: close() must close the
 * connection at once, as a browser closing its EventSource does (fetch's pool keeps an aborted socket for seconds).
 */
export function openEventStream(
  url: string,
  options: { cookie?: string; headers?: Record<string, string> } = {},
): Promise<OpenEventStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      {
        headers: {
          accept: 'text/event-stream',
          ...options.headers,
          ...(options.cookie && { cookie: options.cookie }),
        },
      },
      (res) => {
        let endStream!: () => void;
        const stream: OpenEventStream = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          events: [],
          comments: [],
          retryMs: undefined,
          next: (match, timeoutMs = 5_000) =>
            eventually(() => stream.events.find(match), 'a matching server-sent event', { timeoutMs, intervalMs: 10 }),
          ended: new Promise<void>((done) => (endStream = done)),
          close: () => req.destroy(),
        };
        res.on('close', () => endStream());
        res.on('error', () => endStream());
        res.setEncoding('utf8');
        let buffer = '';
        let name = 'message';
        let data: string[] = [];
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let newline: number;
          while ((newline = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, newline).replace(/\r$/, '');
            buffer = buffer.slice(newline + 1);
            if (line === '') {
              if (data.length > 0) stream.events.push({ event: name, data: JSON.parse(data.join('\n')) as unknown });
              name = 'message';
              data = [];
            } else if (line.startsWith(':')) stream.comments.push(line.slice(1).trim());
            else if (line.startsWith('event:')) name = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
            else if (line.startsWith('retry:')) stream.retryMs = Number(line.slice(6).trim());
          }
        });
        resolve(stream);
      },
    );
    req.on('error', reject);
  });
}
