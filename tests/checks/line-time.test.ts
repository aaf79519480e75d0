// Time stamps as stores' logs write them, read in the store's time zone.
import { describe, expect, it } from 'vitest';
import { lineTime } from '../../src/checks/logs/line-time.js';
import { tradingMinutes } from '../../src/checks/store-time.js';

const ctx = { timeZone: 'Asia/Shanghai', now: Date.parse('2026-01-02T10:00:00+08:00') };
const at = (iso: string) => Date.parse(iso);

describe('log line times', () => {
  it.each([
    ['2026-01-02 09:15:00.123 ERROR x', '2026-01-02T09:15:00.123+08:00'],
    ['2026-01-02T01:15:00Z kernel: x', '2026-01-02T01:15:00Z'],
    ['[2026/01/02 09:15:00] x', '2026-01-02T09:15:00+08:00'],
    ['2026-01-02 09:15:00,500 [main] ERROR', '2026-01-02T09:15:00.500+08:00'],
    ['10.0.0.5 - - [02/Jan/2026:09:15:00 +0000] "GET / HTTP/1.1" 504', '2026-01-02T09:15:00Z'],
    ['2026年1月2日 09:15:00 登录失败', '2026-01-02T09:15:00+08:00'],
    ['#1767316500', '2026-01-02T09:15:00+08:00'],
    ['Jan  2 09:15:00 pos sshd[1]: Failed password', '2026-01-02T09:15:00+08:00'],
    ['Dec 31 23:59:00 pos kernel: x', '2025-12-31T23:59:00+08:00'],
  ])('reads %s', (line, iso) => {
    expect(lineTime(line, ctx)).toBe(at(iso));
  });

  it('finds no time in a stack frame', () => {
    expect(lineTime('    at com.pos.Sync.run(Sync.java:42)', ctx)).toBeUndefined();
  });
});

describe('trading minutes', () => {
  it('counts only the opening hours, across midnight and for shifts past midnight', () => {
    expect(tradingMinutes(at('2026-01-01T21:50:00+08:00'), at('2026-01-02T07:10:00+08:00'), '07:00-22:00', 'Asia/Shanghai')).toBe(20);
    expect(tradingMinutes(at('2026-01-01T23:00:00+08:00'), at('2026-01-02T01:00:00+08:00'), '18:00-02:00', 'Asia/Shanghai')).toBe(120);
  });
});
