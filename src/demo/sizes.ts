// How big each demo store is. Large is meant for benchmarks: about 1 GB of database.
export type DemoSize = 'small' | 'medium' | 'large';

export interface SizeProfile {
  products: number;
  days: number;
  receiptsPerDay: number;
  registers: number;
  /** Registers keep this many days of journal; older receipts live only in the database. */
  journalDays: number;
}

export const SIZES: Record<DemoSize, SizeProfile> = {
  small: { products: 2_000, days: 7, receiptsPerDay: 600, registers: 4, journalDays: 7 },
  medium: { products: 20_000, days: 90, receiptsPerDay: 1_500, registers: 6, journalDays: 90 },
  large: { products: 200_000, days: 730, receiptsPerDay: 1_500, registers: 8, journalDays: 30 },
};
