// The local ports of every part, derived from one base (docs/CONVENTIONS.md: the default base gives the documented
// ports), so that a test or a benchmark can run a second system beside the first with another base.

/** The default base: auth 4001 … payments 4005, queue 4006, client 3000, Stripe fake 12111, as docs/CONVENTIONS.md lists. */
export const DEFAULT_PORT_BASE = 4000;

/** The gateway's port when GATEWAY_PORT is not set (DESIGN §9). It is not derived from the base: it is the URL. */
export const DEFAULT_GATEWAY_PORT = 8080;

/** Every part that listens on a fixed local port (the engines take free ports, see start-engines.ts). */
export const PORT_OFFSETS = {
  client: -1000,
  auth: 1,
  tickets: 2,
  orders: 3,
  expiration: 4,
  payments: 5,
  queue: 6,
  'stripe-fake': 8111,
} as const;

export type PortedPart = keyof typeof PORT_OFFSETS;
export type PartPorts = Record<PortedPart, number>;

/** The lowest and highest base for which every derived port is a valid unprivileged port. */
export const PORT_BASE_RANGE = {
  min: 1024 - Math.min(...Object.values(PORT_OFFSETS)),
  max: 65_535 - Math.max(...Object.values(PORT_OFFSETS)),
} as const;

/** The port of each part for `base` (4000: auth 4001, client 3000…). Throws RangeError outside PORT_BASE_RANGE. */
export function partPorts(base: number = DEFAULT_PORT_BASE): PartPorts {
  if (!Number.isInteger(base) || base < PORT_BASE_RANGE.min || base > PORT_BASE_RANGE.max) {
    throw new RangeError(
      `TICKETING_PORT_BASE must be an integer from ${PORT_BASE_RANGE.min} to ${PORT_BASE_RANGE.max} (got ${base})`,
    );
  }
  const entries = Object.entries(PORT_OFFSETS).map(([part, offset]) => [part, base + offset]);
  return Object.fromEntries(entries) as PartPorts;
}
