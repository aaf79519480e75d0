// The probable cause: findings ordered in time and matched against the correlation rules.
import { describe, expect, it } from 'vitest';
import { correlate } from '../../src/checks/correlate.js';
import { say } from '../../src/checks/phrase.js';
import { loadSignatures } from '../../src/checks/logs/library.js';
import type { Finding } from '../../src/checks/types.js';

const T0 = Date.parse('2026-11-21T17:00:00+08:00');
const MIN = 60_000;
const sigs = new Map(loadSignatures().map((s) => [s.id, s]));

function seen(id: string, ...minutes: number[]): Finding {
  const s = sigs.get(id)!;
  const times = minutes.map((m) => T0 + m * MIN);
  return {
    id, source: 'log', class: s.class, severity: s.severity, count: times.length, first_seen: times[0]!, last_seen: times[times.length - 1]!,
    times, runbook: s.runbook, title: s.title, explain: s.explain, evidence: [],
  };
}

const opts = { now: T0 + 180 * MIN, timeZone: 'Asia/Shanghai', goodBackup: false };

describe('correlate', () => {
  it('blames the power failure for corruption that follows it', () => {
    const [first] = correlate([seen('ups-power-failure', 0), seen('sqlite-corrupt', 15)], opts);
    expect(first).toMatchObject({ class: 'external', runbook: 'power-loss', findings: ['ups-power-failure', 'sqlite-corrupt'] });
    expect(say('en', first!.summary)).toContain('11-21 17:00');
    expect(say('en', first!.summary)).toContain('15 min later');
  });

  it('blames the disk for "malformed" after kernel I/O errors when the power never failed', () => {
    const [first] = correlate([seen('disk-io-error', 0, 1), seen('sqlite-corrupt', 40)], opts);
    expect(first).toMatchObject({ class: 'hardware', runbook: 'hardware-failure' });
  });

  it('ranks the cause that came closer before the corruption first, and keeps the other', () => {
    const causes = correlate([seen('disk-io-error', 0), seen('ups-power-failure', 30), seen('sqlite-corrupt', 45)], opts);
    expect(causes.map((c) => c.class).slice(0, 2)).toEqual(['external', 'hardware']);
  });

  it('does not correlate a corruption that came before the power failure', () => {
    const causes = correlate([seen('sqlite-corrupt', 0), seen('ups-power-failure', 30)], opts);
    expect(causes.every((c) => c.rule !== 'power-loss')).toBe(true);
  });

  it('sends the technician on to restore a backup when one exists, to salvage when none does', () => {
    const findings = [seen('ups-power-failure', 0), seen('sqlite-corrupt', 15)];
    expect(correlate(findings, { ...opts, goodBackup: true })[0]!.runbooks).toEqual(['power-loss', 'db-corruption', 'restore-from-backup']);
    expect(correlate(findings, opts)[0]!.runbooks).toEqual(['power-loss', 'db-corruption', 'data-loss-no-backup']);
  });

  it('groups findings no rule explains by their runbook', () => {
    const causes = correlate([seen('ssh-failed-login', 0, 1, 2, 3, 4), seen('account-locked', 5), seen('printer-paper-out', 9)], opts);
    expect(causes.map((c) => [c.class, c.runbook, c.findings])).toEqual([
      ['human', 'security-incident', ['ssh-failed-login', 'account-locked']],
      ['hardware', null, ['printer-paper-out']],
    ]);
  });
});
