// diagnose on a real pseudo-terminal (script(1)), where it shows progress and colour: what stays on
// the screen once the progress is gone starts with the verdict (no "✔ find what is wrong" left
// above it), and the probe table's columns line up although colour codes surround the status words.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, DEMO_NOW, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { displayWidth } from '../../src/ui/format.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
let store: DemoStore;

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
});

function onTerminal(args: string[]): Promise<{ code: number | null; raw: string }> {
  const command = ['stty', 'cols', '200', 'rows', '50', ';', ...[process.execPath, BIN, ...args].map((a) => `'${a}'`)].join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: tmp.dir, stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, TERM: 'xterm', TZ: 'UTC' } });
  let raw = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (raw += d));
  const timer = setTimeout(() => child.kill(), 30_000);
  return new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(timer);
    resolve({ code, raw });
  }));
}

/**
 * The lines a terminal shows at the end: enough of one to follow a progress renderer that moves
 * the cursor up and erases lines. Colour and other sequences are dropped.
 */
function screen(raw: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const write = (text: string) => {
    const line = lines[row] ?? '';
    lines[row] = line.slice(0, col).padEnd(col) + text + line.slice(col + text.length);
    col += text.length;
  };
  for (const m of raw.matchAll(/\x1b\[([0-9;?]*)([A-Za-z])|\r|\n|[^\x1b\r\n]+/g)) {
    const [all, params, op] = m;
    if (all === '\n') {
      row++;
      col = 0;
      lines[row] ??= '';
    } else if (all === '\r') col = 0;
    else if (op === 'A') row = Math.max(0, row - Number(params || 1));
    else if (op === 'G') col = Math.max(0, Number(params || 1) - 1);
    else if (op === 'K') lines[row] = params === '2' ? '' : (lines[row] ?? '').slice(0, col);
    else if (op === undefined) write(all);
  }
  return lines.map((l) => l.trimEnd());
}

describe('diagnose on a terminal', () => {
  it('leaves the verdict as the first line once the progress is gone, and lines up the coloured probe table', async () => {
    const { code, raw } = await onTerminal(['--config', store.config, '--lang', 'en', 'diagnose', '--now', DEMO_NOW]);
    expect(code).toBe(2);
    expect(raw).toMatch(/\x1b\[31m/);
    const shown = screen(raw).filter((l) => l !== '');
    expect(shown[0]).toMatch(/^CRITICAL {2}SH-0012 /);
    expect(shown.some((l) => l.includes('✔'))).toBe(false);
    expect(shown.some((l) => l.includes('find what is wrong'))).toBe(false);

    const rows = shown.slice(shown.indexOf('Probes') + 1).filter((l) => /^ {2}[✓✗] /.test(l));
    expect(rows.map((r) => /^ {2}[✓✗] (\w+)/.exec(r)![1])).toEqual(expect.arrayContaining(['OK', 'WARNING', 'CRITICAL']));
    const nameColumn = (r: string) => displayWidth(r.slice(0, r.search(/ (disk|memory|load|database|backup|permissions|tcp|http|dns|service)\b/) + 1));
    expect(new Set(rows.map(nameColumn))).toEqual(new Set([13]));
  });
});
