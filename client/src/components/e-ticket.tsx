import type { OrderEticketJson } from '@ticketing/common';
import { EventDate } from './event-date';
import { PrintButton } from './print-button';
import { TransferTicketForm } from './transfer-ticket-form';

type ETicketProps = {
  orderId: string;
  ticketTitle: string;
  eticket: OrderEticketJson;
  /** The code as a QR code, an SVG made on the server (src/lib/qr-code.ts). */
  qrSvg: string;
  /** The holder got it from someone else ("transferred to you"). */
  received: boolean;
};

/**
 * The e-ticket a completed order carries for its holder (DESIGN §12): the QR code the door scans, the same code as
 * text for a door that types it, and Transfer while it is unused. Printed, it is all the page shows (globals.css).
 */
export function ETicket({ orderId, ticketTitle, eticket, qrSvg, received }: ETicketProps) {
  return (
    <section
      className="card eticket"
      aria-labelledby="eticket-heading"
      data-testid="eticket"
      data-serial={eticket.serial}
      data-used={eticket.usedAt ? 'true' : 'false'}
    >
      <h2 id="eticket-heading">Your e-ticket</h2>
      <p className="eticket-title" data-testid="eticket-title">
        {ticketTitle}
      </p>
      {received && (
        <p className="hint" data-testid="eticket-received">
          Transferred to you
        </p>
      )}
      {eticket.usedAt && (
        <p className="notice" data-testid="eticket-used">
          Admitted at the door on <EventDate iso={eticket.usedAt} />.
        </p>
      )}
      {/* The SVG is qrcode's own output for our code, not user HTML; role=img names the picture for screen readers. */}
      <div
        className="eticket-qr"
        role="img"
        aria-label={`QR code of the e-ticket for ${ticketTitle}`}
        data-testid="eticket-qr"
        dangerouslySetInnerHTML={{ __html: qrSvg }}
      />
      <p className="eticket-code-label">Ticket code (the door can type it if the QR code cannot be read)</p>
      <p className="eticket-code">
        <code data-testid="eticket-code">{eticket.code}</code>
      </p>
      <p className="actions print-hide">
        <PrintButton />
      </p>
      {!eticket.usedAt && <TransferTicketForm orderId={orderId} />}
    </section>
  );
}
