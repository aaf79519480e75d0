// backup schedule's pure core: when the nightly run goes, what the crontab lines say, and how
// they merge into a crontab that already has lines (ours, hand-edited, or someone else's).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeCrontab } from '../../src/backup/crontab.js';
import { buildSchedule, chooseNightlyTime, type ScheduleInput } from '../../src/backup/schedule.js';
import { tempDir } from '../helpers/cli.js';

const input = (over: Partial<ScheduleInput> = {}): ScheduleInput => ({
  storeId: 'SH-0012', openingHours: '07:00-22:00', configFile: '/srv/store/store-ops.yaml', stateDir: '/srv/store/.store-ops',
  hasIdentity: true, node: '/opt/node/bin/node', launcher: '/opt/store-ops/bin/store-ops.js', drillDay: 'sunday',
  storeZone: 'Asia/Shanghai', machineZone: 'Asia/Shanghai', now: Date.parse('2026-11-21T12:00:00Z'), ...over,
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
    expect(s.nightly).toMatchObject({ time: '03:00', chosen_by: 'fallback_0300', inside_opening_hours: true });
  });

  it('--at wins over the opening hours, and a time inside them is flagged', () => {
    expect(buildSchedule(input({ at: 12 * 60 })).nightly).toMatchObject({ time: '12:00', chosen_by: 'at_flag', inside_opening_hours: true });
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
    expect(m.present).toEqual([{ entry: entries[0], line: edited, differs: false, timeDiffers: true }]);
    expect(m.text).toBe(`${edited}\n${entries[1]!.line}\n`);
  });

  it('reports a commented-out line as different, without reading its first words as times', () => {
    const m = mergeCrontab(`# ${entries[0]!.line}\n`, entries);
    expect(m.present).toEqual([{ entry: entries[0], line: `# ${entries[0]!.line}`, differs: true, timeDiffers: false }]);
  });

  it("does not mistake another store's lines for this store's", () => {
    const other = buildSchedule(input({ storeId: 'SH-0012-B' })).entries.map((e) => e.line).join('\n');
    expect(mergeCrontab(`${other}\n`, entries).added).toHaveLength(2);
  });

  it('keeps a line that runs another node, and reports it as different', () => {
    const stale = entries[0]!.line.replaceAll('/opt/node/bin/node', '/home/it/.nvm/versions/node/v18.0.0/bin/node');
    const m = mergeCrontab(`${stale}\n`, entries);
    expect(m.present).toEqual([{ entry: entries[0], line: stale, differs: true, timeDiffers: false }]);
    expect(m.text).toContain(stale);
  });
});


describe('store time on the machine clock', () => {
  it("writes a Shanghai store's 23:30 as 15:30 on a UTC machine, and its Sunday 00:30 drill on Saturday 16:30", () => {
    const s = buildSchedule(input({ machineZone: 'UTC' }));
    expect(s.nightly.machine_times).toEqual([{ from: '2026-11-21', time: '15:30' }]);
    expect(s.drill!.machine_times).toEqual([{ from: '2026-11-21', time: '16:30', day: 'saturday' }]);
    expect(s.entries[0]!.line).toMatch(/^30 15 \* \* \* \/opt\/node\/bin\/node /);
    expect(s.entries[1]!.line).toMatch(/^30 16 \* \* 6 \/opt\/node\/bin\/node /);
  });

  it('keeps the times as they are on a machine in another zone with the same offset all year', () => {
    const s = buildSchedule(input({ machineZone: 'Asia/Chongqing' }));
    expect(s.entries.map((e) => e.line.split(' ').slice(0, 6).join(' '))).toEqual(['30 23 * * * /opt/node/bin/node', '30 0 * * 0 /opt/node/bin/node']);
  });

  it('on a machine with daylight saving time, names every change and runs at both hours behind a guard on the store clock', () => {
    const s = buildSchedule(input({ machineZone: 'America/New_York' }));
    expect(s.nightly.machine_times).toEqual([
      { from: '2026-11-21', time: '10:30' }, { from: '2027-03-14', time: '11:30' }, { from: '2027-11-07', time: '10:30' },
    ]);
    expect(s.entries[0]!.line).toMatch(/^30 10,11 \* \* \* \[ "\$\(TZ=Asia\/Shanghai date '\+\\%H:\\%M'\)" = '23:30' \] && \/opt\/node\/bin\/node /);
    expect(s.drill!.machine_times.map((t) => `${t.day} ${t.time}`)).toEqual(['saturday 11:30', 'saturday 12:30', 'saturday 11:30']);
    expect(s.entries[1]!.line).toMatch(/^30 11,12 \* \* 6 \[ "\$\(TZ=Asia\/Shanghai date '\+\\%w \\%H:\\%M'\)" = '0 00:30' \] && /);
  });

  it('for a store that keeps daylight saving time, follows its clock from a UTC machine', () => {
    const s = buildSchedule(input({ storeZone: 'Europe/Berlin', openingHours: '08:00-20:00', machineZone: 'UTC' }));
    expect(s.nightly.time).toBe('21:30');
    expect(s.nightly.machine_times).toEqual([
      { from: '2026-11-21', time: '20:30' }, { from: '2027-03-28', time: '19:30' }, { from: '2027-10-31', time: '20:30' },
    ]);
    expect(s.entries[0]!.line).toMatch(/^30 19,20 \* \* \* \[ "\$\(TZ=Europe\/Berlin date '\+\\%H:\\%M'\)" = '21:30' \] && /);
  });

  it('needs no guard when store and machine share a zone with daylight saving time', () => {
    const s = buildSchedule(input({ storeZone: 'America/New_York', machineZone: 'America/New_York' }));
    expect(s.nightly.machine_times).toEqual([{ from: '2026-11-21', time: '23:30' }]);
    expect(s.entries[0]!.line).toMatch(/^30 23 \* \* \* \/opt\/node\/bin\/node /);
  });

  describe('the guard, run by the shell with the real date program', () => {
    const tmp = tempDir('store-ops-guard-');
    afterAll(tmp.cleanup);
    const stateDir = path.join(tmp.dir, 'state');
    const log = path.join(stateDir, 'logs', 'backup.log');
    const node = path.join(tmp.dir, 'node');
    mkdirSync(path.join(stateDir, 'logs'), { recursive: true });
    writeFileSync(node, '#!/bin/sh\necho "ran $*"\n', { mode: 0o755 });
    const shanghaiMinute = (ms: number) => {
      const t = new Date(ms + 8 * 3_600_000);
      return t.getUTCHours() * 60 + t.getUTCMinutes();
    };
    /** Runs the nightly line as cron would, at the store minute `offset` minutes from now; '' when the guard stopped it. */
    const runAt = (offset: number): string => {
      for (;;) {
        writeFileSync(log, '');
        const before = shanghaiMinute(Date.now());
        const [line] = lines({ node, stateDir, machineZone: 'America/New_York', at: (before + offset) % (24 * 60), now: Date.now() });
        const command = line!.split(' ').slice(5).join(' ').replace(/\\?%/g, (m) => (m === '%' ? '\n' : '%'));
        spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
        // A minute that turned while the shell ran says nothing; try again in the next one.
        if (shanghaiMinute(Date.now()) === before) return readFileSync(log, 'utf8');
      }
    };

    it('lets the run through at the store time', () => {
      expect(runAt(0)).toBe(`ran /opt/store-ops/bin/store-ops.js --config /srv/store/store-ops.yaml backup run\nran /opt/store-ops/bin/store-ops.js --config /srv/store/store-ops.yaml backup prune\n`);
    });

    it('turns away the machine time that is the other hour on the store clock', () => {
      expect(runAt(60)).toBe('');
    });
  });
});
