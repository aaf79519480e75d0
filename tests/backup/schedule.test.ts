// backup schedule's pure core: when the nightly run goes, what the crontab lines say, and how
// they merge into a crontab that already has lines (ours, hand-edited, or someone else's).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeCrontab } from '../../src/backup/crontab.js';
import { buildSchedule, chooseNightlyTime, zonesDiffer, type ScheduleInput } from '../../src/backup/schedule.js';
import { tempDir } from '../helpers/cli.js';

const input = (over: Partial<ScheduleInput> = {}): ScheduleInput => ({
  storeId: 'SH-0012', openingHours: '07:00-22:00', configFile: '/srv/store/store-ops.yaml', stateDir: '/srv/store/.store-ops',
  hasIdentity: true, node: '/opt/node/bin/node', launcher: '/opt/store-ops/bin/store-ops.js', drillDay: 'sunday', ...over,
});
const lines = (over: Partial<ScheduleInput> = {}) => buildSchedule(input(over)).entries.map((e) => e.line);

describe('choosing the nightly time from the opening hours', () => {
  it('a store open 07:00-22:00 backs up at 23:30, 90 minutes after closing', () => {
    expect(chooseNightlyTime('07:00-22:00')).toEqual({ minute: 23 * 60 + 30, chosenBy: 'after_closing' });
  });

  it('a store closing at 23:00 backs up at 00:30, wrapped past midnight', () => {
    expect(chooseNightlyTime('08:00-23:00')).toEqual({ minute: 30, chosenBy: 'after_closing' });
  });

  it('a store open overnight until 02:00 backs up at 03:30, before it opens again', () => {
    expect(chooseNightlyTime('08:00-02:00')).toEqual({ minute: 3 * 60 + 30, chosenBy: 'after_closing' });
  });

  it('when 90 minutes after closing is already open again, it falls back to 03:00', () => {
    expect(chooseNightlyTime('03:30-02:30')).toEqual({ minute: 3 * 60, chosenBy: 'fallback_0300' });
  });

  it('a store open around the clock gets 03:00 and is flagged as inside the opening hours', () => {
    const s = buildSchedule(input({ openingHours: '00:00-00:00' }));
    expect(s.nightly).toEqual({ time: '03:00', chosen_by: 'fallback_0300', inside_opening_hours: true });
  });

  it('--at wins over the opening hours, and a time inside them is flagged', () => {
    expect(buildSchedule(input({ at: 12 * 60 })).nightly).toEqual({ time: '12:00', chosen_by: 'at_flag', inside_opening_hours: true });
  });
});

describe('the crontab lines', () => {
  it('run backup then prune nightly with absolute paths, chained so prune follows only a good backup, ending in a marker', () => {
    const call = '/opt/node/bin/node /opt/store-ops/bin/store-ops.js --config /srv/store/store-ops.yaml';
    const log = '>> /srv/store/.store-ops/logs/backup.log 2>&1';
    expect(lines()[0]).toBe(`30 23 * * * ${call} backup run ${log} && ${call} backup prune ${log} # store-ops SH-0012 backup-run`);
  });

  it('run the drill weekly on the chosen day an hour after the nightly run, wrapping past midnight', () => {
    expect(lines()[1]).toMatch(/^30 0 \* \* 0 .* backup verify --latest --drill >> \S+ 2>&1 # store-ops SH-0012 backup-drill$/);
    expect(lines({ at: 2 * 60 + 15, drillDay: 'friday' })[1]).toMatch(/^15 3 \* \* 5 /);
  });

  it('have no drill line when backup.identity is not configured', () => {
    const s = buildSchedule(input({ hasIdentity: false }));
    expect(s.drill).toBeNull();
    expect(s.entries.map((e) => e.job)).toEqual(['backup-run']);
  });

  describe('with a space, a quote and a percent sign in the paths', () => {
    const tmp = tempDir("store-ops sched'%-");
    afterAll(tmp.cleanup);

    it('still reach the shell as the exact arguments after cron has unescaped the % signs', () => {
      const stateDir = path.join(tmp.dir, 'state');
      mkdirSync(path.join(stateDir, 'logs'), { recursive: true });
      const configFile = path.join(tmp.dir, 'my store.yaml');
      // Stands in for node and prints one argument per line, so a split or mangled path shows.
      const node = path.join(tmp.dir, 'print args');
      writeFileSync(node, '#!/bin/sh\nfor a; do printf "[%s]\\n" "$a"; done\n', { mode: 0o755 });
      const [line] = lines({ node, configFile, stateDir });
      // What cron does before the shell sees it: \\% becomes %, a bare % ends the command line.
      const command = line!.split(' ').slice(5).join(' ').replace(/\\?%/g, (m) => (m === '%' ? '\n' : '%'));
      const run = spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      const args = (words: string) => ['/opt/store-ops/bin/store-ops.js', '--config', configFile, ...words.split(' ')].map((a) => `[${a}]\n`).join('');
      expect(readFileSync(path.join(stateDir, 'logs', 'backup.log'), 'utf8')).toBe(args('backup run') + args('backup prune'));
    });
  });
});

describe('merging into an existing crontab', () => {
  const entries = buildSchedule(input()).entries;

  it('adds both lines to an empty crontab', () => {
    const m = mergeCrontab('', entries);
    expect(m.text).toBe(`${entries[0]!.line}\n${entries[1]!.line}\n`);
    expect(m.added).toHaveLength(2);
  });

  it('adds nothing the second time and returns the text unchanged', () => {
    const once = mergeCrontab('', entries).text;
    const twice = mergeCrontab(once, entries);
    expect(twice.text).toBe(once);
    expect(twice.added).toEqual([]);
    expect(twice.present.map((p) => p.differs)).toEqual([false, false]);
  });

  it('keeps the lines already there byte for byte and ends the last one with a newline', () => {
    const existing = 'MAILTO=it@store.example\n# pos housekeeping\n15 4 * * * /usr/local/bin/rotate-pos-logs';
    const m = mergeCrontab(existing, entries);
    expect(m.text.startsWith(`${existing}\n`)).toBe(true);
    expect(m.text.endsWith(`${entries[1]!.line}\n`)).toBe(true);
  });

  it('recognises a backup-run line whose time was edited by hand, keeps it, and adds only the drill', () => {
    const edited = entries[0]!.line.replace(/^30 23 /, '45  1 ');
    const m = mergeCrontab(`${edited}\n`, entries);
    expect(m.added.map((e) => e.job)).toEqual(['backup-drill']);
    expect(m.present).toEqual([{ entry: entries[0], line: edited, differs: false }]);
    expect(m.text).toBe(`${edited}\n${entries[1]!.line}\n`);
  });

  it("does not mistake another store's lines for this store's", () => {
    const other = buildSchedule(input({ storeId: 'SH-0012-B' })).entries.map((e) => e.line).join('\n');
    expect(mergeCrontab(`${other}\n`, entries).added).toHaveLength(2);
  });

  it('keeps a line that runs another node, and reports it as different', () => {
    const stale = entries[0]!.line.replaceAll('/opt/node/bin/node', '/home/it/.nvm/versions/node/v18.0.0/bin/node');
    const m = mergeCrontab(`${stale}\n`, entries);
    expect(m.present).toEqual([{ entry: entries[0], line: stale, differs: true }]);
    expect(m.text).toContain(stale);
  });
});

describe('time zones', () => {
  it('treats zones with the same offset as the same, and UTC as different from Shanghai', () => {
    const now = new Date('2026-11-21T12:00:00Z');
    expect(zonesDiffer('Asia/Shanghai', 'Asia/Chongqing', now)).toBe(false);
    expect(zonesDiffer('Asia/Shanghai', 'UTC', now)).toBe(true);
  });
});
