// The interactive path on a real pseudo-terminal: script(1) gives store-ops a terminal, and keys
// are typed as each prompt appears: a checklist confirmed, a value typed, a choice made with the
// arrow keys, a command skipped with a reason, then Ctrl+C, which pauses the incident at that step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { onTerminal } from '../helpers/terminal.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
let store: DemoStore;
const DOWN = '\x1b[B';

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
});

describe('runbook start on a terminal', () => {
  it('asks step by step, and Ctrl+C pauses with the incident open at that step', async () => {
    const { code, screen } = await onTerminal(tmp.dir, ['--config', store.config, '--lang', 'en', 'runbook', 'start', 'pos-crash'], [
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
