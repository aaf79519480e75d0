// What the mapping's queries return, made comparable before anything is compared: a store
// system may keep SKUs as integers (60, or 60.0 in a REAL column), times without an offset
// (MySQL's 2026-12-03 14:05:00) and money as floats that SQL arithmetic leaves a hair off the
// cent (187.25499999999999). SKUs become canonical text, times moments (ms), money whole cents
// with the register's rounding, quantities thousandths. A value that cannot be made comparable
// stops the run, naming the mapping key, the column and the value: a guess would post wrong stock.
import { mappingValueError, type MappedDb } from './mapped-db.js';
import type { ReadName } from './mapping.js';
import { formatStoreTime, localToMs } from './store-time.js';

/** The SKU as text: text as it is, a whole number in decimals; anything else is not a SKU. */
export function canonicalSku(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : undefined;
  if (typeof v === 'bigint') return String(v);
  return undefined;
}

/**
 * The same canonical text in SQL, for filters SQLite must apply itself (one worker's range of
 * SKUs). It agrees with canonicalSku on every value canonicalSku accepts; the rest are rejected
 * in JavaScript as they arrive, whatever range SQL put them in.
 */
export const skuSql = (expr: string) => `(CASE typeof(${expr}) WHEN 'real' THEN CAST(CAST(${expr} AS INTEGER) AS TEXT) ELSE CAST(${expr} AS TEXT) END)`;

/** A SKU as a query parameter in both forms the store may keep it in, so `sku IN (…)` finds it whatever the column's type. */
export function skuForms(sku: string): Array<string | number> {
  const n = Number(sku);
  return /^-?\d+$/.test(sku) && Number.isSafeInteger(n) && String(n) === sku ? [sku, n] : [sku];
}

/** A temp table of the SKUs in both forms the store may keep them in, for `sku IN (…)` filters that can follow the SKU index. */
export function skuSet(m: MappedDb, table: string, skus: Iterable<string>): string {
  m.db.pragma('temp_store = MEMORY');
  m.db.exec(`DROP TABLE IF EXISTS temp.${table}; CREATE TEMP TABLE ${table} (code);`);
  const insert = m.db.prepare(`INSERT INTO temp.${table} (code) VALUES (?)`);
  m.db.transaction(() => {
    for (const sku of skus) for (const form of skuForms(sku)) insert.run(form);
  })();
  return `(SELECT code FROM temp.${table})`;
}

/**
 * Rounds half away from zero to a whole number of 1/scale. Float noise a millionth of a unit
 * below the half goes with the half: the register rounds 187.255, which a float keeps as
 * 187.25499999999999, up.
 */
function roundTo(n: number, scale: number): number {
  const whole = Math.floor(Math.abs(n) * scale + 0.5 + 1e-6);
  return n < 0 && whole !== 0 ? -whole : whole;
}

export const toCents = (n: number) => roundTo(n, 100);
/** Quantities are kept to three decimals, as the reference schema rounds them. */
export const toMilli = (n: number) => roundTo(n, 1000);

const TIME = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d\d(?::?\d\d)?)?$/;

const daysIn = (year: number, month: number) =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** A time as a store database may keep it: ISO 8601 with an offset, or a wall-clock time (T or a space; a date alone is its midnight) in the store's zone. */
export function parseDbTime(text: string, timeZone: string): { ms: number; local: boolean } | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  const zone = m[8];
  // Date.UTC would carry 2026-02-30 into March: that is a wrong value, not a date.
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3)));
  if (zone === undefined) return { ms: localToMs(asUtc, timeZone), local: true };
  if (zone === 'Z' || zone === 'z') return { ms: asUtc, local: false };
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0');
  return { ms: asUtc - (zone[0] === '-' ? -minutes : minutes) * 60_000, local: false };
}

/** A value as a message shows it: text quoted, NULL as NULL, never more than a line. */
function shownValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Buffer.isBuffer(v)) return `x'${v.subarray(0, 16).toString('hex')}…'`;
  return String(v);
}

export type ValueProblem = 'sku' | 'time' | 'number' | 'text';

/** The shape of a date and time. Text compared by shape alone is not parsed: it sorts as written. */
const SHAPE = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/;

/** A count's time: its moment, its text, and the UTC offset the text ends with ('' when none). */
export interface CountTime {
  ms: number;
  text: string;
  offset: string;
}

/** The first time without an offset the run read, for the one warning that says how it was read. */
export interface LocalTimes {
  key: string;
  example: string;
  zone: string;
}

/** Reads one database's query results into comparable values; remembers whether any time lacked an offset. */
export class Normalizer {
  localTimes: LocalTimes | undefined;
  private readonly offsets = new Map<string, string>();

  constructor(private readonly store: MappedDb, readonly timeZone: string) {}

  private fail(name: ReadName, column: string, value: unknown, problem: ValueProblem): never {
    throw mappingValueError(this.store, `queries.${name}`, column, shownValue(value), problem);
  }

  sku(name: ReadName, value: unknown, column = 'sku'): string {
    return canonicalSku(value) ?? this.fail(name, column, value, 'sku');
  }

  /** Register, receipt number, kind: text, or a whole number as its decimals. */
  text(name: ReadName, column: string, value: unknown): string {
    return canonicalSku(value) ?? this.fail(name, column, value, 'text');
  }

  /** A reference that may be missing (a movement without one). */
  ref(name: ReadName, column: string, value: unknown): string | null {
    return value === null ? null : this.text(name, column, value);
  }

  /**
   * A time against a count's: -1 before it, 0 at it, 1 after it. Text that has the count's own
   * shape (same length, separator and UTC offset) sorts as the time it says, so it is compared as
   * text: a store keeps millions of movements in one form, and only another form needs parsing.
   */
  compareTime(name: ReadName, column: string, value: unknown, count: CountTime): number {
    if (count.offset !== '' && typeof value === 'string' && value.length === count.text.length && value[10] === count.text[10] && value.endsWith(count.offset) && SHAPE.test(value)) {
      return value < count.text ? -1 : value > count.text ? 1 : 0;
    }
    const ms = this.time(name, column, value);
    return ms < count.ms ? -1 : ms > count.ms ? 1 : 0;
  }

  /** A count's time, read once, for compareTime. */
  countTime(name: ReadName, column: string, value: unknown): CountTime {
    const ms = this.time(name, column, value);
    const text = value as string;
    const found = /(?:Z|[+-]\d\d:?\d\d)$/.exec(text)?.[0] ?? '';
    // One string per offset, shared: a store has a count time for each of 200 000 SKUs.
    let offset = this.offsets.get(found);
    if (offset === undefined) this.offsets.set(found, (offset = found));
    return { ms, text, offset };
  }

  /** A moment (a count file's counted_at) as the store writes it, for compareTime. */
  momentTime(ms: number): CountTime {
    const text = formatStoreTime(ms, this.timeZone);
    return { ms, text, offset: text.slice(-6) };
  }

  time(name: ReadName, column: string, value: unknown): number {
    const t = typeof value === 'string' ? parseDbTime(value, this.timeZone) : undefined;
    if (!t) return this.fail(name, column, value, 'time');
    if (t.local && !this.localTimes) this.localTimes = { key: `queries.${name}`, example: value as string, zone: this.timeZone };
    return t.ms;
  }

  number(name: ReadName, column: string, value: unknown): number {
    return typeof value === 'number' && Number.isFinite(value) ? value : this.fail(name, column, value, 'number');
  }

  cents(name: ReadName, column: string, value: unknown): number {
    return toCents(this.number(name, column, value));
  }

  milli(name: ReadName, column: string, value: unknown): number {
    return toMilli(this.number(name, column, value));
  }
}
