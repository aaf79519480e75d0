// The signature library: well-formed, at least 40 entries, and every signature claims its
// sample line (through the real scanner, so its keywords are tested too) and leaves its near
// miss alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deadline } from '../../src/checks/deadline.js';
import { classify, loadSignatures } from '../../src/checks/logs/library.js';
import { scanLogs } from '../../src/checks/logs/scan.js';
import { SAMPLES } from './signature-samples.js';

const signatures = loadSignatures();
const dir = mkdtempSync(path.join(os.tmpdir(), 'store-ops-sigs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function scanOne(line: string) {
  const file = path.join(dir, `one-${Math.random().toString(36).slice(2)}.log`);
  writeFileSync(file, `${line}\n`);
  const r = await scanLogs({ logs: [{ path: file, encoding: 'utf-8' }], since: 0, now: Date.now(), timeZone: 'Asia/Shanghai', deadline: deadline(10_000), root: dir });
  return r.findings.map((f) => f.id);
}

describe('the signature library', () => {
  it('holds at least 40 signatures with unique ids, classes, runbooks and texts in both languages', () => {
    expect(signatures.length).toBeGreaterThanOrEqual(40);
    expect(new Set(signatures.map((s) => s.id)).size).toBe(signatures.length);
    for (const s of signatures) expect(s.title.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('has a sample and a near miss for every signature, and none for signatures that do not exist', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(signatures.map((s) => s.id).sort());
  });

  describe.each(signatures.map((s) => [s.id]))('%s', (id) => {
    it('claims its sample line', () => {
      expect(classify(SAMPLES[id]!.hit)?.id).toBe(id);
    });

    it('leaves its near miss alone', () => {
      expect(classify(SAMPLES[id]!.miss)?.id).not.toBe(id);
    });

    it('is found by the scanner in a log file (its keywords reach its pattern)', async () => {
      const found = await scanOne(SAMPLES[id]!.hit);
      const burst = signatures.find((s) => s.id === id)!.burst;
      if (burst) expect(found).not.toContain(id);
      else expect(found).toContain(id);
    });
  });

  it('claims a command only where one is written down (shell history, sudo, audit), never words quoted in free text', () => {
    const quoted = [
      '198.51.100.7 - - [21/Nov/2026:12:00:04 +0800] "GET /cgi-bin/status HTTP/1.1" 404 153 "-" "() { :; }; /bin/bash -c \'rm -rf /var/lib/pos\'"',
      '198.51.100.7 - - [21/Nov/2026:12:00:06 +0800] "GET /search?q=1\';DROP TABLE sales;-- HTTP/1.1" 400 0 "-" "sqlmap/1.7"',
      '2026-11-21 12:01:06.000 DEBUG [http] body={"note":"DROP DATABASE store; rm -rf /; chmod 777 /"} rejected by validator',
      '198.51.100.7 - - [21/Nov/2026:12:00:11 +0800] "GET / HTTP/1.1" 400 0 "-" "apcupsd[1]: Power failure."',
      '198.51.100.7 - - [21/Nov/2026:12:00:07 +0800] "POST /login HTTP/1.1" 401 0 "-" "Mozilla/5.0 (Permission denied)"',
      '2026-11-21 12:01:05.000 INFO  [ui] help search: "what to do when No space left on device"',
    ];
    expect(quoted.map((l) => classify(l)?.id)).toEqual(quoted.map(() => undefined));
    expect(classify('rm -rf /var/lib/pos')?.id).toBe('destructive-command');
    expect(classify("sqlite3 /var/lib/pos/store.db 'DROP TABLE sales;'")?.id).toBe('destructive-sql');
    expect(classify('Nov 21 19:10:02 pos-server apcupsd[812]: Power failure.')?.id).toBe('ups-power-failure');
    expect(classify('2026-11-21 19:10:02 +0800  Power failure.')?.id).toBe('ups-power-failure');
  });

  it('attributes a line several signatures match to the most specific one', () => {
    // nginx quotes errno text; the Chinese POS quotes Node's; the database server's fatal line says FATAL.
    expect(classify('2026/11/21 14:02:48 [error] 1402#1402: *5521 upstream timed out (110: Connection timed out) while connecting to upstream')?.id).toBe('nginx-upstream');
    expect(classify('2026-11-21 9:41:02 12 [ERROR] [FATAL] InnoDB: Aborting because of a corrupt database page.')?.id).toBe('db-page-corrupt');
    expect(classify('2026-11-21 11:41:30 [严重错误] 订单上传队列停止：服务器无响应')?.id).toBe('server-unreachable');
    expect(classify('Nov 21 00:00:03 pos-server systemd[1]: logrotate.service: Main process exited, code=exited, status=1/FAILURE')?.id).toBe('logrotate-failed');
  });

  it('reports a burst signature only when enough lines fall within its window', async () => {
    const line = (i: number, minutes: number) => `2026-11-21 10:${String(minutes).padStart(2, '0')}:0${i % 10} sshd[4${i}]: Failed password for root from 10.0.0.77 port 5${i} ssh2`;
    expect(await scanOne([0, 1, 2, 3, 4].map((i) => line(i, 1)).join('\n'))).toContain('ssh-failed-login');
    expect(await scanOne([0, 1, 2, 3, 4].map((i) => line(i, i * 15)).join('\n'))).not.toContain('ssh-failed-login');
  });
});
