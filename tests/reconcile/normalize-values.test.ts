// The rules normalize.ts reads database values by, on the values stores actually hold: the
// register's rounding of float sums, integer and REAL SKUs, and times with and without an offset
// (in a zone with summer time too, where a wall-clock time's offset depends on the date).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canonicalSku, parseDbTime, skuForms, skuSql, toCents, toMilli } from '../../src/reconcile/normalize.js';

describe('money and quantities', () => {
  it('rounds half away from zero to the cent, float noise under the half going with it', () => {
    // What SQLite gives for these sums and products, as doubles.
    const db = new Database(':memory:');
    const [product, sum, sqlRounded] = db.prepare('SELECT 0.5 * 374.51, 0.1 + 0.2 + 1.005, round(0.5 * 374.51, 2)').raw().get() as [number, number, number];
    db.close();
    // SQL's own rounding of the double (187.25499999999999…) loses the cent the register kept.
    expect(sqlRounded).toBe(187.25);
    expect(toCents(product)).toBe(18726);
    expect(toCents(sum)).toBe(131);
    expect(toCents(1.005)).toBe(101);
    expect(toCents(-1.005)).toBe(-101);
    expect(toCents(187.2549)).toBe(18725);
    expect(toCents(-0.001)).toBe(0);
    expect(Object.is(toCents(-0.001), -0)).toBe(false);
    expect(toMilli(0.452)).toBe(452);
    expect(toMilli(0.0005)).toBe(1);
    expect(toMilli(-2.0004999999999997)).toBe(-2001);
  });
});

describe('SKUs', () => {
  it('an integer, a whole REAL and the text are one SKU; a fraction, NULL, empty text or bytes are not a SKU', () => {
    expect([canonicalSku(60), canonicalSku(60.0), canonicalSku('60'), canonicalSku(60n)]).toEqual(['60', '60', '60', '60']);
    expect(canonicalSku('060')).toBe('060');
    for (const bad of [60.5, null, undefined, '', Buffer.from('60'), Number.NaN, 2 ** 60]) expect(canonicalSku(bad)).toBeUndefined();
  });

  it('SQLite computes the same canonical text, and finds a SKU in either form', () => {
    const db = new Database(':memory:');
    db.exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT); INSERT INTO t VALUES (60, 60.0, '60'), (61, 61.0, 'A-61')");
    expect(db.prepare(`SELECT ${skuSql('i')}, ${skuSql('r')}, ${skuSql('s')} FROM t`).raw().all()).toEqual([['60', '60', '60'], ['61', '61', 'A-61']]);
    const forms = skuForms('60');
    expect(forms).toEqual(['60', 60]);
    expect(skuForms('060')).toEqual(['060']);
    for (const column of ['i', 'r', 's']) {
      expect(db.prepare(`SELECT count(*) FROM t WHERE ${column} IN (?, ?)`).pluck().get(...forms)).toBe(1);
    }
    db.close();
  });
});

describe('times', () => {
  const at = (text: string, zone = 'Asia/Shanghai') => {
    const t = parseDbTime(text, zone);
    return t && { iso: new Date(t.ms).toISOString(), local: t.local };
  };

  it('reads ISO 8601 with an offset as it says, and a time without one in the store\'s zone', () => {
    expect(at('2026-12-03T14:05:00+08:00')).toEqual({ iso: '2026-12-03T06:05:00.000Z', local: false });
    expect(at('2026-12-03 14:05:00+0800')).toEqual({ iso: '2026-12-03T06:05:00.000Z', local: false });
    expect(at('2026-12-03T06:05:00.250Z')).toEqual({ iso: '2026-12-03T06:05:00.250Z', local: false });
    expect(at('2026-12-03 14:05:00')).toEqual({ iso: '2026-12-03T06:05:00.000Z', local: true });
    expect(at('2026-12-03T14:05')).toEqual({ iso: '2026-12-03T06:05:00.000Z', local: true });
    expect(at('2026-12-03')).toEqual({ iso: '2026-12-02T16:00:00.000Z', local: true });
  });

  it('gives a wall-clock time the offset of its own date where the zone has summer time', () => {
    expect(at('2026-07-01 12:00:00', 'Europe/Berlin')?.iso).toBe('2026-07-01T10:00:00.000Z');
    expect(at('2026-12-01 12:00:00', 'Europe/Berlin')?.iso).toBe('2026-12-01T11:00:00.000Z');
  });

  it('refuses what is not a date and time', () => {
    for (const bad of ['03/12/2026 18:00', '2026-02-30 10:00:00', '2026-13-01 10:00:00', '2026-12-03 24:00:00', 'yesterday', '', '1764741900']) {
      expect(parseDbTime(bad, 'Asia/Shanghai')).toBeUndefined();
    }
  });
});
