// What the mapping's queries return, made comparable before anything is compared: a store
// system may keep SKUs as integers (60, or 60.0 in a REAL column), times without an offset
// (MySQL's 2026-12-03 14:05:00) and money as floats that SQL arithmetic leaves a hair off the
// cent (187.25499999999999). SKUs become canonical text, times moments (ms), money whole cents
// with the register's rounding, quantities thousandths. A value that cannot be made comparable
// stops the run, naming the mapping key, the column and the value: a guess would post wrong stock.
import { mappingValueError, type MappedDb } from './mapped-db.js';
import type { ReadName } from './mapping.js';
import { localToMs } from './store-time.js';

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

/** Rounds half away from zero to a whole number of 1/scale, after dropping float noise far below it (the register rounds 187.255, which a float keeps as 187.25499999999999, up). */
function roundTo(n: number, scale: number): number {
  const scaled = Number((Math.abs(n) * scale).toFixed(6));
  const whole = Math.floor(scaled + 0.5);
  return n < 0 && whole !== 0 ? -whole : whole;
}

export const toCents = (n: number) => roundTo(n, 100);
/** Quantities are kept to three decimals, as the reference schema rounds them. */
export const toMilli = (n: number) => roundTo(n, 1000);

const TIME = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d\d(?::?\d\d)?)?$/;

/** A time as a store database may keep it: ISO 8601 with an offset, or a wall-clock time (T or a space; a date alone is its midnight) in the store's zone. */
export function parseDbTime(text: string, timeZone: string): { ms: number; local: boolean } | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0').slice(0, 3)));
  // Date.UTC carries 2026-02-30 into March: that is a wrong value, not a date.
  const back = new Date(asUtc);
  if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || back.getUTCHours() !== Number(h) || back.getUTCMinutes() !== Number(mi)) return undefined;
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

/** The first time without an offset the run read, for the one warning that says how it was read. */
export interface LocalTimes {
  key: string;
  example: string;
  zone: string;
}

/** Reads one database's query results into comparable values; remembers whether any time lacked an offset. */
export class Normalizer {
  localTimes: LocalTimes | undefined;

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
