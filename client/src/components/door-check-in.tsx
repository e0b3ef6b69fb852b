'use client';

import type { EntryJson, EntryTallyJson } from '@ticketing/common';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '@/lib/api-browser';
import { canOpenCamera, createQrDetector, type QrDetector } from '@/lib/qr-detector';
import { Alert } from './alert';
import { Field } from './field';

/** What the door said about the last code. */
type Verdict =
  | { kind: 'admitted'; entry: EntryJson }
  | { kind: 'refused'; reasons: string[] }
  /** No answer about the ticket (the API unreachable, the session gone): try again, nobody was refused. */
  | { kind: 'failed'; messages: string[] };

/** How often the camera's picture is looked at for a QR code. */
const SCAN_INTERVAL_MS = 200;

/** The API refused the ticket itself: a forged code (400) or one that cannot get in (409, with the reason). */
const isRefusal = (status: number) => status === 400 || status === 404 || status === 409;

/** The code's input, as Field names it. */
const CODE_INPUT_ID = 'field-code';

/** The count survives a reload of the page in the same tab, not a new tab: it is this door's, not the event's. */
const countKey = (eventId: string) => `door-admitted:${eventId}`;

/**
 * Checks e-tickets in at an event's door (POST /api/entries { eventId, code }, DESIGN §12): the code typed or
 * pasted, or read from the camera with the browser's BarcodeDetector where there is one; the verdict in large type,
 * and how many were admitted here. The API admits each code once, however many doors scan it.
 */
export function DoorCheckIn({
  eventId,
  initialTally,
}: {
  eventId: string;
  /** The event's count when the page was made; null when it could not be read (the door still works). */
  initialTally: EntryTallyJson | null;
}) {
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string[]>([]);
  const [checking, setChecking] = useState(false);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [admitted, setAdmitted] = useState(0);
  const [tally, setTally] = useState(initialTally);

  useEffect(() => {
    setAdmitted(Number(sessionStorage.getItem(countKey(eventId))) || 0);
  }, [eventId]);

  const check = useCallback(
    async (typed: string) => {
      const value = typed.trim();
      if (value === '') {
        setCodeError(['Type or paste a ticket code']);
        return;
      }
      setCodeError([]);
      setChecking(true);
      const result = await api.admit(eventId, value);
      setChecking(false);
      if (result.ok) {
        setVerdict({ kind: 'admitted', entry: result.data });
        setTally(result.data.tally);
        setAdmitted((n) => {
          sessionStorage.setItem(countKey(eventId), String(n + 1));
          return n + 1;
        });
      } else {
        const messages = result.errors.map((e) => e.message);
        setVerdict(isRefusal(result.status) ? { kind: 'refused', reasons: messages } : { kind: 'failed', messages });
      }
      // Ready for the next one: an empty field with the cursor in it (a scanner gun types and presses Enter).
      setCode('');
      document.getElementById(CODE_INPUT_ID)?.focus();
    },
    [eventId],
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void check(code);
  }

  const onScanned = useCallback(
    (value: string) => {
      setCode(value);
      void check(value);
    },
    [check],
  );

  return (
    <>
      <form className="form door-form" onSubmit={onSubmit} noValidate data-testid="door-form">
        <Field
          name="code"
          label="Ticket code"
          hint="Type or paste the code under the ticket's QR code."
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          errors={codeError}
        />
        <button type="submit" className="button" disabled={checking} data-testid="door-submit">
          {checking ? 'Checking…' : 'Check in'}
        </button>
      </form>
      <CameraScanner onScanned={onScanned} />

      {/* Always in the page, so that each new verdict is announced. */}
      <div className="door-verdict-region" aria-live="polite" data-testid="door-verdict-region">
        {verdict?.kind === 'admitted' && (
          <div className="door-verdict door-admitted" data-testid="door-result" data-outcome="admitted">
            <p className="door-verdict-word">Admitted</p>
            <p data-testid="door-ticket">{verdict.entry.ticket.title}</p>
            <p data-testid="door-holder">{verdict.entry.holder.email}</p>
          </div>
        )}
        {verdict?.kind === 'refused' && (
          <div className="door-verdict door-refused" data-testid="door-result" data-outcome="refused">
            <p className="door-verdict-word">Refused</p>
            {verdict.reasons.map((reason, i) => (
              <p key={i} data-testid="door-reason">
                {reason}
              </p>
            ))}
          </div>
        )}
        {verdict?.kind === 'failed' && (
          <Alert messages={verdict.messages} title="Could not check this code: try again" testId="door-failed" />
        )}
      </div>

      {tally && (
        <p className="door-count" data-testid="door-tally" data-admitted={tally.admitted} data-sold={tally.sold}>
          Admitted: <strong>{tally.admitted}</strong> of <strong>{tally.sold}</strong> sold
          <span className="hint"> (every door, when this page was opened or last admitted a ticket)</span>
        </p>
      )}
      <p className="door-count" data-testid="door-count" data-admitted={admitted}>
        Admitted here: <strong>{admitted}</strong>
        <span className="hint"> (at this door, since it was opened in this tab)</span>
      </p>
    </>
  );
}

/**
 * "Scan with camera", where the browser has a QR reader (BarcodeDetector) and a camera API: the camera's video, read
 * a few times a second until a code shows, which is then checked in; the camera is closed after each read.
 */
function CameraScanner({ onScanned }: { onScanned: (code: string) => void }) {
  const [detector, setDetector] = useState<QrDetector | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<string[]>([]);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    let current = true;
    if (canOpenCamera()) void createQrDetector().then((found) => current && setDetector(found));
    return () => {
      current = false;
    };
  }, []);

  // The camera is closed when scanning stops and when the page is left.
  useEffect(() => () => stream?.getTracks().forEach((track) => track.stop()), [stream]);

  useEffect(() => {
    const element = video.current;
    if (!stream || !detector || !element) return;
    element.srcObject = stream;
    void element.play().catch(() => undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const look = async () => {
      // A frame is needed before there is anything to read.
      if (element.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
        const found = await detector.detect(element).catch(() => []);
        const value = found.find((code) => code.rawValue.trim() !== '')?.rawValue;
        if (stopped) return;
        if (value) {
          setStream(null);
          onScanned(value);
          return;
        }
      }
      if (!stopped) timer = setTimeout(() => void look(), SCAN_INTERVAL_MS);
    };
    void look();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [stream, detector, onScanned]);

  async function openCamera() {
    setProblem([]);
    try {
      setStream(await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }));
    } catch (err) {
      const denied = err instanceof DOMException && err.name === 'NotAllowedError';
      setProblem([
        denied ? 'The camera was not allowed: type or paste the code instead.' : 'No camera could be opened.',
      ]);
    }
  }

  if (!detector) return null;
  return (
    <div className="door-camera" data-testid="door-camera">
      <Alert messages={problem} title="Camera" testId="door-camera-problem" />
      {stream ? (
        <>
          <video ref={video} className="door-video" muted playsInline aria-label="The camera's view" />
          <p className="actions">
            <button type="button" className="button button-secondary" onClick={() => setStream(null)}>
              Stop the camera
            </button>
          </p>
        </>
      ) : (
        <p className="actions">
          <button type="button" className="button button-secondary" onClick={openCamera} data-testid="door-scan">
            Scan with camera
          </button>
        </p>
      )}
    </div>
  );
}
