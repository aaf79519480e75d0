// The retention planner on synthetic catalogues in Asia/Shanghai (UTC+8), and the removal order
// on a destination that records, or refuses, deletes.
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../src/backup/catalog.js';
import type { Destination } from '../../src/backup/destination.js';
import { applyPrune, planPrune, reasonLabel, type PrunePlan, type Retention } from '../../src/backup/prune.js';
import { newBackupName } from '../../src/backup/naming.js';

const TZ = 'Asia/Shanghai';
type Level = CatalogEntry['verified']['level'];

function backup(utc: string, opts: { level?: Level; problems?: string[]; noSidecar?: boolean } = {}): CatalogEntry {
  const created = new Date(utc);
  const name = newBackupName('SH-0012', created, 'zstd', created.getTime().toString(16).slice(-8).padStart(8, '0'));
  const problems = opts.problems ?? (opts.noSidecar ? ['no sidecar: the write did not finish, or the sidecar was deleted'] : []);
  const level = opts.level ?? 'never';
  return {
    destination: 'local', location: '/backups', base: name.base, id: name.id, store: 'SH-0012', created, codec: 'zstd',
    archive: { name: name.archive, size: 100, modified: created },
    sidecar: opts.noSidecar ? undefined : { format: 'store-ops-backup', format_version: 1, id: name.id, store: 'SH-0012', created: utc, file: name.archive, codec: 'zstd', size: 100, sha256: 'x', recipients: [], tool_version: 't' },
    problems, verified: { level, at: level === 'never' ? null : '2026-11-22T00:00:00Z', restore_ms: null },
    signatureFile: `${name.base}.json.minisig`, signature: { state: 'trusted', key_id: 'A1', reason: null }, future: false, distrust: [],
    intact: problems.length === 0 && level !== 'failed',
    good: problems.length === 0 && level !== 'failed',
  };
}

const only = (r: Partial<Retention>): Retention => ({ daily: 0, weekly: 0, monthly: 0, ...r });
const created = (list: readonly CatalogEntry[]) => list.map((e) => e.created.toISOString());
const kept = (plan: PrunePlan) => plan.keep.map((k) => [k.entry.created.toISOString(), k.reasons.map(reasonLabel)]);

describe('planPrune: calendar periods in the store time zone', () => {
  it('keeps the newest backup of each Shanghai day, and a backup at 23:30 UTC counts for the next day', () => {
    const entries = [
      backup('2026-11-21T02:00:00Z'), // Shanghai 11-21 10:00
      backup('2026-11-20T23:30:00Z'), // Shanghai 11-21 07:30: same day as the one above, not 11-20
      backup('2026-11-20T10:00:00Z'), // Shanghai 11-20 18:00: the newest of 11-20
      backup('2026-11-20T01:00:00Z'), // Shanghai 11-20 09:00
      backup('2026-11-19T03:00:00Z'), // Shanghai 11-19: beyond daily 2
    ];
    const plan = planPrune(entries, only({ daily: 2 }), TZ);
    expect(kept(plan)).toEqual([
      ['2026-11-21T02:00:00.000Z', ['daily 2026-11-21']],
      ['2026-11-20T10:00:00.000Z', ['daily 2026-11-20']],
    ]);
    expect(created(plan.remove)).toEqual(['2026-11-20T23:30:00.000Z', '2026-11-20T01:00:00.000Z', '2026-11-19T03:00:00.000Z']);
  });

  it('counts ISO weeks, with the week of New Year belonging to the year of its Thursday', () => {
    const entries = [
      backup('2027-01-04T02:00:00Z'), // Monday, 2027-W01
      backup('2027-01-02T02:00:00Z'), // Saturday, 2026-W53
      backup('2026-12-29T02:00:00Z'), // Tuesday, 2026-W53
      backup('2026-12-27T02:00:00Z'), // Sunday, 2026-W52: beyond weekly 2
    ];
    const plan = planPrune(entries, only({ weekly: 2 }), TZ);
    expect(kept(plan)).toEqual([
      ['2027-01-04T02:00:00.000Z', ['weekly 2027-W01']],
      ['2027-01-02T02:00:00.000Z', ['weekly 2026-W53']],
    ]);
    expect(created(plan.remove)).toEqual(['2026-12-29T02:00:00.000Z', '2026-12-27T02:00:00.000Z']);
  });

  it('counts months in Shanghai, where 16:30 UTC on 31 October is already November', () => {
    const entries = [
      backup('2026-11-15T02:00:00Z'),
      backup('2026-10-31T16:30:00Z'), // Shanghai 2026-11-01 00:30
      backup('2026-10-20T02:00:00Z'),
      backup('2026-09-20T02:00:00Z'), // beyond monthly 2
    ];
    const plan = planPrune(entries, only({ monthly: 2 }), TZ);
    expect(kept(plan)).toEqual([
      ['2026-11-15T02:00:00.000Z', ['monthly 2026-11']],
      ['2026-10-20T02:00:00.000Z', ['monthly 2026-10']],
    ]);
    expect(created(plan.remove)).toEqual(['2026-10-31T16:30:00.000Z', '2026-09-20T02:00:00.000Z']);
  });

  it('lets each rule cover its own periods, so one backup can be kept for several reasons', () => {
    const entries = [backup('2026-11-21T02:00:00Z'), backup('2026-11-20T02:00:00Z'), backup('2026-11-10T02:00:00Z'), backup('2026-10-05T02:00:00Z')];
    const plan = planPrune(entries, { daily: 2, weekly: 2, monthly: 2 }, TZ);
    expect(kept(plan)).toEqual([
      ['2026-11-21T02:00:00.000Z', ['daily 2026-11-21', 'weekly 2026-W47', 'monthly 2026-11']],
      ['2026-11-20T02:00:00.000Z', ['daily 2026-11-20']],
      ['2026-11-10T02:00:00.000Z', ['weekly 2026-W46']],
      ['2026-10-05T02:00:00.000Z', ['monthly 2026-10']],
    ]);
    expect(plan.remove).toEqual([]);
  });
});

describe('planPrune: what is never removed', () => {
  it('keeps the newest deep- or drill-verified backup although retention would drop it, and only that one', () => {
    const entries = [
      backup('2026-11-21T02:00:00Z', { level: 'quick' }),
      backup('2026-11-20T02:00:00Z', { level: 'drill' }),
      backup('2026-11-19T02:00:00Z', { level: 'deep' }),
    ];
    const plan = planPrune(entries, only({ daily: 1 }), TZ);
    expect(kept(plan)).toEqual([
      ['2026-11-21T02:00:00.000Z', ['daily 2026-11-21']],
      ['2026-11-20T02:00:00.000Z', ['newest deep-verified']],
    ]);
    expect(created(plan.remove)).toEqual(['2026-11-19T02:00:00.000Z']);
  });

  it('keeps the newest complete backup when retention would remove them all', () => {
    const plan = planPrune([backup('2026-11-21T02:00:00Z'), backup('2026-11-20T02:00:00Z')], only({}), TZ);
    expect(kept(plan)).toEqual([['2026-11-21T02:00:00.000Z', ['only backup']]]);
    expect(created(plan.remove)).toEqual(['2026-11-20T02:00:00.000Z']);
  });

  it('leaves backups with problems alone, and they take no retention slot from the complete ones', () => {
    const entries = [
      backup('2026-11-21T05:00:00Z', { noSidecar: true }),
      backup('2026-11-21T04:00:00Z', { problems: ['size mismatch: the sidecar says 100 bytes, the archive has 90'] }),
      backup('2026-11-21T03:00:00Z', { level: 'failed' }),
      backup('2026-11-21T02:00:00Z'),
      backup('2026-11-20T02:00:00Z'),
    ];
    const plan = planPrune(entries, only({ daily: 1 }), TZ);
    expect(kept(plan)).toEqual([['2026-11-21T02:00:00.000Z', ['daily 2026-11-21']]]);
    expect(created(plan.remove)).toEqual(['2026-11-20T02:00:00.000Z']);
    expect(created(plan.leftAlone)).toEqual(['2026-11-21T05:00:00.000Z', '2026-11-21T04:00:00.000Z', '2026-11-21T03:00:00.000Z']);
  });

  it('keeps the only complete backup when everything else has problems', () => {
    const plan = planPrune([backup('2026-11-21T05:00:00Z', { noSidecar: true }), backup('2026-11-01T02:00:00Z')], only({}), TZ);
    expect(kept(plan)).toEqual([['2026-11-01T02:00:00.000Z', ['only backup']]]);
    expect(plan.remove).toEqual([]);
    expect(plan.leftAlone).toHaveLength(1);
  });
});

function recordingDestination(refuse?: string): Destination & { removed: string[] } {
  const removed: string[] = [];
  const unused = () => Promise.reject(new Error('not used by prune'));
  return {
    name: 'local', location: '/backups', removed,
    checkWritable: unused, list: unused, leftovers: unused, begin: unused, writeWhole: unused, readText: unused,
    read: () => { throw new Error('not used by prune'); },
    remove: async (file) => {
      if (file === refuse) throw Object.assign(new Error(`EACCES: permission denied, unlink '${file}'`), { code: 'EACCES' });
      removed.push(file);
    },
  };
}

describe('applyPrune', () => {
  const old = backup('2026-11-19T02:00:00Z');
  const plan: PrunePlan = { keep: [], remove: [old], leftAlone: [] };

  it('removes the sidecar, then its signature, then the archive, so an interrupted removal never lists as good', async () => {
    const d = recordingDestination();
    const reported: string[] = [];
    expect(await applyPrune(d, plan, (f) => reported.push(f))).toEqual([`${old.base}.json`, `${old.base}.json.minisig`, old.archive!.name]);
    expect(d.removed).toEqual([`${old.base}.json`, `${old.base}.json.minisig`, old.archive!.name]);
    expect(reported).toEqual(d.removed);
  });

  it('names the file it could not remove, after reporting what it already removed', async () => {
    const d = recordingDestination(old.archive!.name);
    const reported: string[] = [];
    await expect(applyPrune(d, plan, (f) => reported.push(f))).rejects.toThrow(`could not remove /backups/${old.archive!.name}: EACCES`);
    expect(reported).toEqual([`${old.base}.json`, `${old.base}.json.minisig`]);
  });
});
