// Reading logs as they are found in stores: bad files are findings or notes, never crashes,
// and the rest of the logs is still read. Each case names its damage.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { deadline } from '../../src/checks/deadline.js';
import { scanLogs, type LogScanResult } from '../../src/checks/logs/scan.js';
import type { ResolvedLog } from '../../src/core/config/resolve.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'store-ops-logs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = Date.parse('2026-11-21T20:00:00+08:00');
const CORRUPT = '2026-11-21 18:14:05.000 FATAL [main] cannot open store database: database disk image is malformed (SQLITE_CORRUPT)';
let n = 0;

/** A folder with one good log (a corruption line) plus whatever the case adds. */
function logsWith(extra: (d: string) => ResolvedLog[]): ResolvedLog[] {
  const d = path.join(dir, `case-${n++}`);
  mkdirSync(d);
  writeFileSync(path.join(d, 'good.log'), `${CORRUPT}\n`);
  return [{ path: path.join(d, 'good.log'), encoding: 'utf-8' }, ...extra(d)];
}

function scan(logs: ResolvedLog[], since = NOW - 86_400_000, budgetMs = 10_000): Promise<LogScanResult> {
  return scanLogs({ logs, since, now: NOW, timeZone: 'Asia/Shanghai', deadline: deadline(budgetMs), root: dir });
}

const ids = (r: LogScanResult) => r.findings.map((f) => f.id);

describe('log scan, bad input', () => {
  it('reports a log path that is a folder as unreadable and still reads the rest', async () => {
    const r = await scan(logsWith((d) => {
      mkdirSync(path.join(d, 'pos.log'));
      return [{ path: path.join(d, 'pos.log'), encoding: 'utf-8' }];
    }));
    expect(ids(r)).toEqual(expect.arrayContaining(['sqlite-corrupt', 'log-unreadable']));
  });

  it('never opens a FIFO configured as a log (it would block forever) and reports it', async () => {
    const r = await scan(logsWith((d) => {
      execFileSync('mkfifo', [path.join(d, 'pipe.log')]);
      return [{ path: path.join(d, 'pipe.log'), encoding: 'utf-8' }];
    }));
    expect(ids(r)).toEqual(expect.arrayContaining(['sqlite-corrupt', 'log-unreadable']));
    expect(r.findings.find((f) => f.id === 'log-unreadable')!.evidence[0]!.text).toBe('fifo');
  });

  it('reports a glob that matches no file', async () => {
    const r = await scan(logsWith((d) => [{ path: path.join(d, 'nothing-*.log'), encoding: 'utf-8' }]));
    expect(ids(r)).toEqual(expect.arrayContaining(['sqlite-corrupt', 'log-missing']));
  });

  it('skips a binary file with a warning', async () => {
    const r = await scan(logsWith((d) => {
      writeFileSync(path.join(d, 'store.db.log'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0), Buffer.from(`${CORRUPT}\n`)]));
      return [{ path: path.join(d, 'store.db.log'), encoding: 'utf-8' }];
    }));
    expect(ids(r)).toContain('log-binary');
    expect(r.findings.find((f) => f.id === 'sqlite-corrupt')!.count).toBe(1);
  });

  it('flags invalid UTF-8 (a GB18030 file configured as UTF-8) with its first line, and still matches ASCII text in it', async () => {
    const r = await scan(logsWith((d) => {
      writeFileSync(path.join(d, 'inv.log'), Buffer.concat([Buffer.from('2026-11-21 10:00:00 ok\n'), iconv.encode('2026-11-21 17:12:00 [错误] 数据库被锁定 (database is locked)\n', 'gb18030')]));
      return [{ path: path.join(d, 'inv.log'), encoding: 'utf-8' }];
    }));
    expect(ids(r)).toEqual(expect.arrayContaining(['log-encoding', 'sqlite-busy']));
    expect(r.files.find((f) => f.file.endsWith('inv.log'))!.problems).toEqual([{ kind: 'invalid-utf8', line: 2, count: 1 }]);
  });

  it('checks only the first 64 KB of a 20 MB single line, and reads on after it', async () => {
    const r = await scan(logsWith((d) => {
      const long = `2026-11-21 12:00:00 ERROR [db] SqliteError: database is locked ${'x'.repeat(20 * 1024 * 1024)} No space left on device\n`;
      writeFileSync(path.join(d, 'long.log'), `${long}2026-11-21 12:00:01 ERROR connect ECONNREFUSED 10.0.0.5:9100\n`);
      return [{ path: path.join(d, 'long.log'), encoding: 'utf-8' }];
    }));
    const file = r.files.find((f) => f.file.endsWith('long.log'))!;
    expect(file.lines).toBe(2);
    expect(file.problems).toEqual([{ kind: 'long-line', line: 1 }]);
    expect(ids(r)).toEqual(expect.arrayContaining(['sqlite-busy', 'conn-refused', 'sqlite-corrupt']));
    expect(ids(r)).not.toContain('disk-full');
    expect(r.findings.find((f) => f.id === 'sqlite-busy')!.evidence[0]!.text.length).toBeLessThan(1000);
  });

  it('reads a truncated .gz up to the damage and says so', async () => {
    const r = await scan(logsWith((d) => {
      const lines = Array.from({ length: 5000 }, (_, i) => `2026-11-21 09:${String(i % 60).padStart(2, '0')}:00 INFO sale ${i}`);
      lines[10] = '2026-11-21 09:10:00 kernel: Buffer I/O error on dev sda2, logical block 1';
      const gz = gzipSync(`${lines.join('\n')}\n`);
      writeFileSync(path.join(d, 'pos.log.1.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
      return [{ path: path.join(d, 'pos.log.1.gz'), encoding: 'utf-8' }];
    }));
    expect(ids(r)).toEqual(expect.arrayContaining(['buffer-io-error', 'log-truncated', 'sqlite-corrupt']));
  });
});

describe('log scan, windows, encodings and rotation', () => {
  it('reads GB18030 logs in their encoding and shows the evidence in Chinese', async () => {
    const r = await scan(logsWith((d) => {
      writeFileSync(path.join(d, 'inventory.log'), iconv.encode('2026-11-21 15:02:00 [警告] 账户 admin 已锁定 30 分钟：连续登录失败\n', 'gb18030'));
      return [{ path: path.join(d, 'inventory.log'), encoding: 'gb18030' }];
    }));
    expect(r.findings.find((f) => f.id === 'account-locked')!.evidence[0]!.text).toContain('账户 admin 已锁定');
  });

  it('reads rotated siblings of a plain path (syslog.1, syslog.2.gz) and drops lines outside the window', async () => {
    const r = await scan(logsWith((d) => {
      writeFileSync(path.join(d, 'syslog'), 'Nov 21 17:58:30 pos apcupsd[812]: Power failure.\n');
      writeFileSync(path.join(d, 'syslog.1'), 'Nov 21 06:00:00 pos kernel: e1000e: enp2s0 NIC Link is Down\n');
      writeFileSync(path.join(d, 'syslog.2.gz'), gzipSync('Nov 19 06:00:00 pos kernel: Kernel panic - not syncing: Fatal exception\n'));
      return [{ path: path.join(d, 'syslog'), encoding: 'utf-8' }];
    }));
    expect(ids(r)).toEqual(expect.arrayContaining(['ups-power-failure', 'nic-link-down']));
    expect(ids(r)).not.toContain('kernel-panic');
    expect(r.files.map((f) => path.basename(f.file))).toEqual(expect.arrayContaining(['syslog', 'syslog.1', 'syslog.2.gz']));
  });

  it('counts lines without a time stamp, and gives a stack trace the time of its header', async () => {
    const r = await scan(logsWith((d) => {
      writeFileSync(path.join(d, 'app.log'), [
        '2026-11-18 10:00:00 ERROR worker crashed',
        'Exception in thread "main" java.lang.NullPointerException',
        '2026-11-21 10:00:00 ERROR worker crashed',
        '    at com.pos.Sync.run(Sync.java:42)',
        'Segmentation fault (core dumped)',
      ].join('\n'));
      writeFileSync(path.join(d, 'untimed.log'), 'fork: Cannot allocate memory\n');
      return [{ path: path.join(d, '*.log'), encoding: 'utf-8' }];
    }));
    expect(ids(r)).not.toContain('java-fatal');
    expect(r.findings.find((f) => f.id === 'segfault')!.first_seen).toBe(Date.parse('2026-11-21T10:00:00+08:00'));
    expect(r.findings.find((f) => f.id === 'enomem')!.first_seen).toBeNull();
  });

  it('gives up reading when the budget runs out and reports the scan as incomplete', async () => {
    const r = await scan(logsWith((d) => {
      writeFileSync(path.join(d, 'big.log'), '2026-11-21 10:00:00 INFO sale ok\n'.repeat(200_000));
      return [{ path: path.join(d, 'big.log'), encoding: 'utf-8' }];
    }), NOW - 86_400_000, 0);
    expect(ids(r)).toContain('log-incomplete');
  });
});
