// What a plausible line of a journal, a paper slip or a count holds, beyond its shape. These are the
// limits README's "Reconciling sales and stock" documents; a value outside them is a typo, a
// corrupt line or a hostile file, and --apply must never post it (stock once became -Infinity).

/** Units on one receipt line or counted of one SKU: a store's shelf, not a warehouse's. */
export const MAX_QTY = 100_000;
/** Yuan per unit. */
export const MAX_UNIT_PRICE = 1_000_000;
/** Yuan on one receipt, one payment or one line. */
export const MAX_AMOUNT = 10_000_000;
/** How far a receipt's total may be from its lines: a register rounding the total to the jiao. */
export const TOTAL_TOLERANCE = 0.1;
/** How far a payment sum may be from the total: money is exact to the fen. */
export const PAYMENT_TOLERANCE = 0.005;
/** Times before this are a register clock reset to its epoch, not a sale. */
export const EARLIEST_MS = Date.UTC(2000, 0, 1);
/** Times after now plus this are a wrong clock or a forged line (a day covers any zone mix-up). */
export const FUTURE_SKEW_MS = 24 * 3_600_000;

/** A time no sale or count can have: before 2000, or more than a day ahead of now. */
export function implausibleTime(ms: number, now: number): boolean {
  return ms < EARLIEST_MS || ms > now + FUTURE_SKEW_MS;
}
