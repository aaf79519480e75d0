// The interactive path on a real pseudo-terminal: script(1) gives store-ops a terminal, and keys
// are typed as each prompt appears: a checklist confirmed, a value typed, a choice made with the
// arrow keys, a command skipped with a reason, then Ctrl+C, which pauses the incident at that step.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
let store: DemoStore;
const DOWN = '\x1b[B';

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
});

/** Runs the command under script(1), typing each answer once the text before it has appeared. */
function onTerminal(args: string[], script: Array<[waitFor: string, keys: string]>): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: tmp.dir, stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, TERM: 'xterm', TZ: 'UTC' } });
  let screen = '';
  let next = 0;
  let from = 0;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    screen += d;
    const [waitFor, keys] = script[next] ?? [];
    const at = waitFor === undefined ? -1 : screen.indexOf(waitFor, from);
    if (at >= 0) {
      from = at + waitFor!.length;
      next++;
      // A little later, as a person would: the prompt must be listening before the keys arrive.
      setTimeout(() => child.stdin.write(keys!), 200);
    }
  });
  const timer = setTimeout(() => child.kill(), 30_000);
  return new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(timer);
    resolve({ code, screen: screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '') });
  }));
}

describe('runbook start on a terminal', () => {
  it('asks step by step, and Ctrl+C pauses with the incident open at that step', async () => {
    const { code, screen } = await onTerminal(['--config', store.config, '--lang', 'en', 'runbook', 'start', 'pos-crash'], [
      ['When it is done:', '\r'],
      ['(leave empty to skip)', '02:10, night shift\r'],
      ['What is down?', `${DOWN}\r`],
      ['When it is done:', '\r'],
      ['Run this command now?', `${DOWN}\r`],
      ['Why is it skipped?', 'no time\r'],
      ['Switch to the fallback', '\x03'],
    ]);
    expect(screen).toContain('Step 1/38 · Keep the evidence; do not restart anything yet');
    expect(screen).toContain('Step 6/38 · One register down: take it out of service, the others carry on');
    expect(screen).toContain('store-ops: paused; incident #1 stays open at this step');
    expect(screen).toContain(`→ continue with: store-ops --config ${store.config} --lang en runbook resume 1`);
    expect(code).toBe(1);

    const status = JSON.parse((await store.cli(['--json', 'runbook', 'status'])).stdout) as { incidents: Array<{ step: { id: string } }> };
    expect(status.incidents.map((i) => i.step.id)).toEqual(['fallback']);
    const md = (await store.cli(['runbook', 'report', '1'])).stdout;
    expect(md).toContain('noted: 02:10, night shift');
    expect(md).toContain('answered: Only one register has a problem');
    expect(md).toContain('skipped: no time');
    expect(md).toContain('| paused; the incident stays open at this step |');
    expect(md).not.toContain('paused: paused');
  });
});
