'use client';

/** Prints the page; an e-ticket's page prints the ticket alone (globals.css, `@media print`). */
export function PrintButton() {
  return (
    <button type="button" className="button button-secondary" onClick={() => window.print()} data-testid="print-ticket">
      Print
    </button>
  );
}
