// Interrupted walks: an answers file that runs out mid-way, and a process killed with SIGKILL while
// a `run` step's command runs. Either way the incident stays open at that exact step, and resume
// continues there with the answers given so far.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunbookFile, runbookFiles } from '../../src/runbook/load.js';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { answersFor } from '../helpers/runbook-answers.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
let store: DemoStore;
const posCrash = loadRunbookFile(runbookFiles(undefined).find((f) => f.id === 'pos-crash')!, { cwd: ROOT });

interface StatusDoc {
  incidents: Array<{ id: number; runbook: string; status: string; step: { id: string } | null; stage: { id: string } | null; interrupted_command: string[] | null }>;
}
const status = async () => JSON.parse((await store.cli(['--json', 'runbook', 'status'])).stdout) as StatusDoc;
const report = async (id: number) => (await store.cli(['--lang', 'zh', 'runbook', 'report', String(id)])).stdout;

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  expect((await store.cli(['backup', 'run'])).code).toBe(0);
});

describe('an answers file that stops before the end', () => {
  const partial = path.join(tmp.dir, 'partial.yaml');
  const full = path.join(tmp.dir, 'full.yaml');

  it('stops at the first step without an answer with a clear message, exit 2, and the incident open there', async () => {
    writeFileSync(partial, answersFor(posCrash, { run: false, lang: 'zh', omit: ['restart-service'] }));
    const r = await store.cli(['--lang', 'zh', 'runbook', 'start', 'pos-crash', '--answers', partial]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('partial.yaml 中没有步骤“restart-service”（重启门店系统服务（只重启一次），第 1 次）的回答；事件 #1 保持未结束，停在这一步');
    // The hint repeats --config and --lang, so pasting it acts on this store in this language.
    expect(r.stderr).toContain(`store-ops --config ${store.config} --lang zh runbook resume 1 --answers`);
    expect(r.stdout).toContain('第 10/38 步 · 重启门店系统服务（只重启一次）');
    expect((await status()).incidents).toEqual([expect.objectContaining({ id: 1, status: 'open', step: expect.objectContaining({ id: 'restart-service' }), stage: expect.objectContaining({ id: 'emergency' }) })]);
  });

  it('starting the same runbook again without a terminal refuses and points at resume', async () => {
    const r = await store.cli(['runbook', 'start', 'pos-crash', '--answers', partial]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('incident #1 (pos-crash) is still open');
    expect(r.stderr).toContain(`store-ops --config ${store.config} runbook resume 1`);
  });

  it('resume continues at that same step, keeps the earlier answers, and closes the incident', async () => {
    writeFileSync(full, answersFor(posCrash, { run: false, lang: 'zh' }).replace(/noticed: .*/, 'noticed: 这个回答不应被使用'));
    const r = await store.cli(['--lang', 'zh', '--operator', '第二班', 'runbook', 'resume', '--answers', full]);
    expect(r.code, r.stderr).toBe(0);
    const firstStep = r.stdout.split('\n').find((l) => l.startsWith('第 '));
    expect(firstStep).toBe('第 10/38 步 · 重启门店系统服务（只重启一次） (restart-service)');
    expect(r.stdout).toContain('继续处理事件 #1（pos-crash），从上次中断的步骤开始。');
    const md = await report(1);
    expect(md).toContain('演练记录：何时开始、谁发现、当时在做什么？');
    expect(md).not.toContain('这个回答不应被使用');
    expect(md).toMatch(/\| 第二班 \| 应急处置 \| 重启门店系统服务（只重启一次） \| 继续处理 \|/);
    expect(md).toContain('参与人员：');
    expect((await status()).incidents).toEqual([]);
  });

  it('resuming a closed incident is refused with the way to its report', async () => {
    const r = await store.cli(['runbook', 'resume', '1', '--answers', full]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('incident #1 was closed');
    expect(r.stderr).toContain(`store-ops --config ${store.config} runbook report 1`);
  });
});

describe('SIGKILL while a run step runs', () => {
  const answers = path.join(tmp.dir, 'kill.yaml');

  it('leaves the incident open at that step, and resume shows the command as cut off and runs it again', async () => {
    writeFileSync(answers, answersFor(posCrash, { run: true, lang: 'en' }));
    const child = spawn(process.execPath, [BIN, '--config', store.config, '--lang', 'en', 'runbook', 'start', 'pos-crash', '--answers', answers], {
      cwd: tmp.dir, env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const killed = new Promise<string | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('Running store-ops backup list')) child.kill('SIGKILL');
    });
    expect(await killed).toBe('SIGKILL');
    const open = (await status()).incidents;
    expect(open).toEqual([expect.objectContaining({ runbook: 'pos-crash', step: expect.objectContaining({ id: 'backup-list' }), interrupted_command: ['backup', 'list'] })]);

    const id = open[0]!.id;
    const r = await store.cli(['--lang', 'en', 'runbook', 'resume', String(id), '--answers', answers]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('Step '))).toBe('Step 8/38 · Check the newest backup (backup-list)');
    // On the store's clock with its offset, whatever the machine's zone (TZ=UTC here, the demo is in Shanghai).
    expect(r.stdout).toMatch(/Last time store-ops backup list started at \d{4}-\d\d-\d\d \d\d:\d\d \+08:00 and never reported back/);
    const md = (await store.cli(['runbook', 'report', String(id)])).stdout;
    expect(md.match(/started store-ops backup list/g)).toHaveLength(2);
    expect(md).toContain('noted: rehearsal note: When did it start, who noticed, what were they doing?');
  });
});
