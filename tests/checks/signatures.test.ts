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

  it('reports a burst signature only when enough lines fall within its window', async () => {
    const line = (i: number, minutes: number) => `2026-11-21 10:${String(minutes).padStart(2, '0')}:0${i % 10} sshd[4${i}]: Failed password for root from 10.0.0.77 port 5${i} ssh2`;
    expect(await scanOne([0, 1, 2, 3, 4].map((i) => line(i, 1)).join('\n'))).toContain('ssh-failed-login');
    expect(await scanOne([0, 1, 2, 3, 4].map((i) => line(i, i * 15)).join('\n'))).not.toContain('ssh-failed-login');
  });
});
