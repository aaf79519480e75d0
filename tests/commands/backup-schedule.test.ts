// store-ops backup schedule end to end on a demo store: the printed lines, --json, --systemd, and
// --install into a crontab. The tests never touch the real user's crontab: a stand-in `crontab`
// script, put first on PATH, keeps "the crontab" in a file of the test's own.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/core/audit.js';
import { BIN, DEMO_NOW, runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const store = path.join(tmp.dir, 'shop');
const config = path.join(store, 'store-ops.yaml');
const stateDir = path.join(store, '.store-ops');
const logDir = path.join(stateDir, 'logs');
const fakeBin = path.join(tmp.dir, 'fake-bin');

const FAKE_CRONTAB = `#!/bin/sh
# crontab -l prints the file (or says there is none, exit 1, as crontab(1) does); crontab - replaces it.
case "$1" in
  -l) if [ -f "$FAKE_CRONTAB_FILE" ]; then cat "$FAKE_CRONTAB_FILE"; else echo "no crontab for tester" >&2; exit 1; fi ;;
  -) cat > "$FAKE_CRONTAB_FILE" ;;
  *) echo "fake crontab: unsupported $*" >&2; exit 2 ;;
esac
`;

const schedule = (args: string[], env: Record<string, string> = {}) =>
  runCli(['--config', config, 'backup', 'schedule', ...args], { cwd: tmp.dir, env });
const withFakeCrontab = (file: string) => ({ PATH: `${fakeBin}:${process.env.PATH ?? ''}`, FAKE_CRONTAB_FILE: file });
const count = (text: string, part: string) => text.split(part).length - 1;

beforeAll(async () => {
  const r = await runCli(['demo', 'init', 'shop', '--now', DEMO_NOW], { cwd: tmp.dir });
  expect(r.code).toBe(0);
  mkdirSync(fakeBin);
  writeFileSync(path.join(fakeBin, 'crontab'), FAKE_CRONTAB, { mode: 0o755 });
});

describe('store-ops backup schedule', () => {
  it('prints the nightly and weekly drill lines for the demo store with absolute paths, and changes nothing', async () => {
    const r = await schedule([]);
    expect(r.code).toBe(0);
    const jobs = r.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(jobs).toHaveLength(2);
    // runCli sets TZ=UTC: the demo store's 23:30 in Asia/Shanghai is 15:30 on this machine's clock, all year.
    expect(jobs[0]).toMatch(/^30 15 \* \* \* \/\S+ .* backup run >> .* && .* backup prune >> .* # store-ops SH-0012 backup-run$/);
    expect(jobs[1]).toMatch(/^30 16 \* \* 6 \/\S+ .* backup verify --latest --drill >> .* # store-ops SH-0012 backup-drill$/);
    expect(r.stdout).toContain('# 23:30 Asia/Shanghai = 15:30 UTC on this machine\n30 15 ');
    expect(r.stdout).toContain('# Sunday 00:30 Asia/Shanghai = Saturday 16:30 UTC on this machine\n30 16 ');
    for (const job of jobs) {
      expect(job).toContain(`${process.execPath} ${BIN} --config ${config} `);
      expect(job).toContain(`>> ${path.join(logDir, 'backup.log')} 2>&1`);
    }
    expect(r.stderr).not.toContain('time zone');
    expect(r.stderr).toContain(`the log folder ${logDir} does not exist yet`);
    expect(existsSync(logDir)).toBe(false);
    // Printing the lines is a look: recorded, with nothing added to any crontab.
    expect(readAudit(stateDir).filter((row) => row.command === 'backup schedule').map((row) => [row.outcome, row.details])).toEqual([['ok', {}]]);
  });

  it('--json gives the lines, the times and why, and no installation', async () => {
    const r = await schedule(['--json', '--at', '01:15', '--drill-day', 'wednesday']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(data).toMatchObject({
      store: 'SH-0012', format: 'crontab', nightly: { time: '01:15', chosen_by: 'at_flag', inside_opening_hours: false, machine_times: [{ time: '17:15' }] },
      drill: { day: 'wednesday', time: '02:15', machine_times: [{ time: '18:15', day: 'tuesday' }] },
      store_zone: 'Asia/Shanghai', machine_zone: 'UTC', log_file: path.join(logDir, 'backup.log'), systemd: null, installed: null,
    });
    expect(data.lines).toEqual([expect.stringMatching(/^15 17 \* \* \* \//), expect.stringMatching(/^15 18 \* \* 2 \//)]);
  });

  it('--install twice on a user without a crontab: each line exactly once, the log folder made, an audit row each time', async () => {
    const file = path.join(tmp.dir, 'crontab-fresh');
    const first = await schedule(['--install'], withFakeCrontab(file));
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Added to your crontab:');
    const installed = readFileSync(file, 'utf8');
    const second = await schedule(['--json', '--install'], withFakeCrontab(file));
    expect(second.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(installed);
    expect(count(installed, '# store-ops SH-0012 backup-run\n')).toBe(1);
    expect(count(installed, '# store-ops SH-0012 backup-drill\n')).toBe(1);
    expect(installed.split('\n').filter(Boolean)).toHaveLength(2);
    expect(count(installed, `${process.execPath} `)).toBe(3);
    expect(count(installed, `--config ${config} `)).toBe(3);
    expect(existsSync(logDir)).toBe(true);
    const report = JSON.parse(second.stdout) as { installed: { crontab_changed: boolean; added: string[]; already_present: unknown[] } };
    expect(report.installed).toEqual({
      crontab_changed: false, added: [],
      already_present: installed.split('\n').filter(Boolean).map((line) => ({ line, differs: false, time_differs: false })),
    });
    const rows = readAudit(stateDir).filter((row) => row.command === 'backup schedule' && row.args.includes('--install'));
    expect(rows.map((row) => [row.outcome, row.details.added])).toEqual([
      ['ok', []],
      ['ok', ['# store-ops SH-0012 backup-run', '# store-ops SH-0012 backup-drill']],
    ]);
  });

  it('--install keeps the lines already there and a hand-edited backup time, adding only the drill', async () => {
    const file = path.join(tmp.dir, 'crontab-existing');
    const printed = JSON.parse((await schedule(['--json'])).stdout) as { lines: string[] };
    const mine = 'MAILTO=it@store.example\n15 4 * * * /usr/local/bin/rotate-pos-logs\n';
    const handEdited = printed.lines[0]!.replace(/^30 15 /, '0 2 ');
    writeFileSync(file, `${mine}${handEdited}\n`);
    const r = await schedule(['--install'], withFakeCrontab(file));
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(`${mine}${handEdited}\n${printed.lines[1]}\n`);
    expect(r.stdout).toContain(`Already in your crontab, kept as it is:\n${handEdited}`);
    expect(r.stderr).toContain('the crontab line marked "# store-ops SH-0012 backup-run" has the times "0 2 * * *", the printed one "30 15 * * *"; it was kept.');
  });

  it('--install without a crontab program fails with a hint and creates nothing', async () => {
    const bare = await runCli(['demo', 'init', 'bare', '--now', DEMO_NOW], { cwd: tmp.dir });
    expect(bare.code).toBe(0);
    const emptyPath = path.join(tmp.dir, 'empty-path');
    mkdirSync(emptyPath);
    const r = await runCli(['--config', 'bare/store-ops.yaml', 'backup', 'schedule', '--install'], { cwd: tmp.dir, env: { PATH: emptyPath } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('store-ops: the crontab program is not installed, so the lines cannot be installed\n→ install the cron package');
    expect(existsSync(path.join(tmp.dir, 'bare', '.store-ops', 'logs'))).toBe(false);
  });

  it("--systemd prints a service and a timer with absolute paths, in the store's time zone", async () => {
    const r = await schedule(['--systemd']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# /etc/systemd/system/store-ops-backup-SH-0012.service\n[Unit]');
    expect(r.stdout).toContain(`ExecStart=${process.execPath} ${BIN} --config ${config} backup run\n`);
    expect(r.stdout).toContain('OnCalendar=*-*-* 23:30:00 Asia/Shanghai\n');
    expect(r.stderr).not.toContain('time zone');
  });

  it('--systemd on a machine with daylight saving time keeps the store time and its zone in OnCalendar, and says so', async () => {
    const r = await schedule(['--systemd'], { TZ: 'America/New_York' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OnCalendar=*-*-* 23:30:00 Asia/Shanghai\n');
    expect(r.stdout).toContain("# OnCalendar names the store's zone: the timer starts at 23:30 Asia/Shanghai all year, through daylight saving time, whatever this machine's zone (America/New_York).");
  });

  describe('on a machine with daylight saving time (TZ=America/New_York)', () => {
    const ny = { TZ: 'America/New_York' };

    it('writes both machine hours behind a guard on the store clock, and says when and why in the comment', async () => {
      const r = await schedule([], ny);
      expect(r.code).toBe(0);
      const out = r.stdout.split('\n');
      const nightly = out.findIndex((l) => l.endsWith('# store-ops SH-0012 backup-run'));
      // Any year ahead holds one change to daylight saving time and one back, whatever today is.
      expect(out[nightly - 1]).toMatch(
        /^# 23:30 Asia\/Shanghai falls on this machine's clock \(America\/New_York\) at (10|11):30 from \d{4}-\d\d-\d\d, (10|11):30 from \d{4}-(03|11)-\d\d, (10|11):30 from \d{4}-(03|11)-\d\d, as daylight saving time starts and ends\. cron reads only the machine's clock here \(Debian's cron ignores CRON_TZ\), so the line below starts at each of these times and its guard lets through only the run at 23:30 Asia\/Shanghai\.$/,
      );
      expect(out[nightly]).toMatch(/^30 10,11 \* \* \* \[ "\$\(TZ=Asia\/Shanghai date '\+\\%H:\\%M'\)" = '23:30' \] && \/\S+ /);
      const drill = out.findIndex((l) => l.endsWith('# store-ops SH-0012 backup-drill'));
      expect(out[drill]).toMatch(/^30 11,12 \* \* 6 \[ "\$\(TZ=Asia\/Shanghai date '\+\\%w \\%H:\\%M'\)" = '0 00:30' \] && /);
    });

    it('says the same in Chinese', async () => {
      const r = await schedule(['--lang', 'zh'], ny);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/# 门店时间 23:30（Asia\/Shanghai）在本机（America\/New_York）时钟上的时间随夏令时开始和结束而变化：\d{4}-\d\d-\d\d 起为 (10|11):30，/);
      expect(r.stdout).toContain('# 门店时间 周日 00:30（Asia/Shanghai）在本机（America/New_York）');
    });

    it('--json lists the machine times with the day each starts', async () => {
      const data = JSON.parse((await schedule(['--json'], ny)).stdout) as { machine_zone: string; nightly: { machine_times: Array<{ from: string; time: string }> } };
      expect(data.machine_zone).toBe('America/New_York');
      expect(data.nightly.machine_times).toHaveLength(3);
      expect(new Set(data.nightly.machine_times.map((t) => t.time))).toEqual(new Set(['10:30', '11:30']));
    });
  });

  it('refuses a machine zone it cannot name instead of converting to a guess', async () => {
    const r = await schedule([], { TZ: 'Foo/Bar' });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain('store-ops: cannot tell which time zone this machine is in (TZ="Foo/Bar")');
  });

  it('refuses --systemd with --install, and a malformed --at, as usage errors with nothing on stdout', async () => {
    const both = await schedule(['--systemd', '--install']);
    expect([both.code, both.stdout]).toEqual([2, '']);
    expect(both.stderr).toContain('--install writes crontab lines only');
    const badAt = await schedule(['--at', '25:00']);
    expect([badAt.code, badAt.stdout]).toEqual([2, '']);
    expect(badAt.stderr).toContain('--at must be a time HH:MM such as 23:30, got "25:00"');
  });
});
