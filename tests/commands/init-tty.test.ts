// store-ops init on a real terminal: script(1) gives it a pseudo-terminal, and the answers are
// typed one prompt at a time. Flags become the defaults offered (pressing Enter keeps them).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

function typeSlowly(keys: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qc', `stty cols 120; "${process.execPath}" "${BIN}" init --timezone Asia/Urumqi`, '/dev/null'], { cwd: tmp.dir, env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, LANG: 'C.UTF-8', TERM: 'xterm' } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    let i = 0;
    // Each answer waits for its question to appear, so no keystroke reaches the wrong prompt.
    const prompts = [/Store id/, /Store name/, /Time zone/, /Opening hours/, /Path of the store database/, /age public key/];
    const timer = setInterval(() => {
      if (i < keys.length && prompts[i]!.test(out.slice(out.lastIndexOf('?')))) child.stdin.write(keys[i++]!);
    }, 150);
    child.on('close', () => {
      clearInterval(timer);
      resolve(out);
    });
  });
}

describe('store-ops init on a terminal', () => {
  it('asks each question, offers the flags as defaults, and writes a valid config', async () => {
    const out = await typeSlowly(['SH-0042\r', '徐汇店\r', '\r', '08:00-21:00\r', './data/pos.db\r', '\r']);
    expect(out).toContain('Wrote store-ops.yaml.');
    const text = readFileSync(path.join(tmp.dir, 'store-ops.yaml'), 'utf8');
    expect(text).toContain('id: SH-0042');
    expect(text).toContain('name: 徐汇店');
    expect(text).toContain('timezone: Asia/Urumqi');
    expect(text).toContain('opening_hours: 08:00-21:00');
    expect(text).toContain('path: ./data/pos.db');
    expect(text).not.toMatch(/^backup:/m);
  }, 60_000);
});
