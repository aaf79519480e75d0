// The incident report's small print: stages done in under a minute show their seconds, a command
// cut off by a killed process keeps its row in the commands table, a pause is said once, and every
// time and unit is in the report's language. First from events written here (exact times), then
// from a walk killed with SIGKILL on a demo store.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator, type Lang } from '../../src/core/i18n.js';
import type { Incident } from '../../src/runbook/incidents.js';
import { parseRunbookText, loadRunbookFile, runbookFiles } from '../../src/runbook/load.js';
import type { IncidentEvent } from '../../src/runbook/machine.js';
import { renderReport } from '../../src/runbook/report.js';
import { incidentState } from '../../src/runbook/state.js';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { answersFor } from '../helpers/runbook-answers.js';

const rb = parseRunbookText(`id: t
title: { zh: 测试, en: Test }
summary: { zh: 测试, en: Test }
causes: [software]
stages:
  - stage: diagnosis
    target: 1h
    steps:
      - { id: look, kind: say, title: { zh: 查看, en: Look } }
      - { id: list, kind: run, title: { zh: 列出备份, en: List the backups }, command: [backup, list] }
  - stage: emergency
    target: 2h
    steps:
      - { id: restore, kind: run, title: { zh: 恢复, en: Restore }, command: [restore, --latest, --yes] }
      - { id: note, kind: input, title: { zh: 记录, en: Note } }
`, 't.yaml', { cwd: '/' });

const opened = Date.UTC(2026, 10, 21, 10, 0, 0);
const at = (seconds: number) => new Date(opened + seconds * 1000).toISOString();
const ev = (s: number, stage: IncidentEvent['stage'], step: string, kind: IncidentEvent['kind'], next: string | null = null, data: Record<string, unknown> = {}): IncidentEvent =>
  ({ at: at(s), operator: '值班员', stage, step, kind, next, data });

const listed = {
  argv: ['backup', 'list'], exit_code: 0, duration_ms: 1600, completed: true,
  summary: [{ key: 'summary.list', params: { id: '8852311f', created: '2026-11-21T09:30:00.000Z', verified: 'drill' }, keyParams: { verified: 'report.level.drill' }, times: ['created'] }],
};

/** 40 seconds of diagnosis, then a restore whose process was killed, resumed, and paused at a prompt. */
const events: IncidentEvent[] = [
  ev(0, 'diagnosis', 'look', 'started'),
  ev(10, 'diagnosis', 'look', 'answered', 'list', { answer: 'done' }),
  ev(10, 'diagnosis', 'list', 'started'),
  ev(20, 'diagnosis', 'list', 'command-started', null, { argv: ['backup', 'list'] }),
  ev(22, 'diagnosis', 'list', 'command', 'restore', listed),
  ev(40, 'emergency', 'restore', 'started'),
  ev(45, 'emergency', 'restore', 'command-started', null, { argv: ['restore', '--latest', '--yes'] }),
  ev(300, 'emergency', 'restore', 'resumed'),
  ev(305, 'emergency', 'restore', 'paused', null, { problem: 'paused; incident #7 stays open at this step', key: 'runbook.paused', params: { id: 7 } }),
];

function report(lang: Lang): string {
  const incident: Incident = { id: 7, runbook: rb, lang, opened_at: at(0), opened_by: '值班员', closed_at: null };
  const state = incidentState(incident, events, new Date(opened + 400_000), lang);
  return renderReport({ incident, events, state, store: { id: 'SH-0012', name: '浦东店', timezone: 'Asia/Shanghai' }, t: translator(lang), lang });
}

describe('the report, from events', () => {
  it('shows a stage done in under a minute in seconds, in either language', () => {
    expect(report('zh')).toContain('| 1. 初步诊断 | 2026-11-21 18:00:00 | 2026-11-21 18:00:40 | 40 秒 | 1 小时 | 在目标内 |');
    expect(report('en')).toContain('| 1. Initial diagnosis | 2026-11-21 18:00:00 | 2026-11-21 18:00:40 | 40 s | 1 h | within target |');
    expect(report('zh')).not.toMatch(/\| 0 分钟 \|/);
  });

  it('keeps the command a killed process cut off in the commands table, marked as such', () => {
    const zh = report('zh');
    expect(zh).toContain('| 2026-11-21 18:00:45 | `store-ops restore --latest --yes` | - | - | 已中断：没有返回结果（命令运行时进程被终止） |');
    expect(zh).toContain('| 2026-11-21 18:00:20 | `store-ops backup list` | 0 | 1.6 秒 | 最新备份 8852311f，生成于 2026-11-21 17:30，校验状态：恢复演练 |');
    expect(report('en')).toContain('| `store-ops restore --latest --yes` | - | - | cut off: no result was recorded (the process was stopped while the command ran) |');
    expect(report('en')).toContain('| `store-ops backup list` | 0 | 1.6 s | newest backup 8852311f, made 2026-11-21 17:30, verified: drill |');
  });

  it('says a pause once', () => {
    expect(report('zh')).toContain('| 暂停，事件保持未结束，停在这一步 |');
    expect(report('zh')).not.toContain('暂停：已暂停');
    expect(report('en')).toContain('| paused; the incident stays open at this step |');
  });
});

describe('the report of a walk killed while a command ran', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  let store: DemoStore;
  beforeAll(async () => {
    store = await makeDemoStore(tmp.dir);
  });

  it('lists the cut-off command, and gives the stages their seconds', async () => {
    const posCrash = loadRunbookFile(runbookFiles(undefined).find((f) => f.id === 'pos-crash')!, { cwd: ROOT });
    const answers = path.join(tmp.dir, 'answers.yaml');
    writeFileSync(answers, answersFor(posCrash, { run: true, lang: 'zh' }));
    const child = spawn(process.execPath, [BIN, '--config', store.config, '--lang', 'zh', 'runbook', 'start', 'pos-crash', '--answers', answers], {
      cwd: tmp.dir, env: { PATH: process.env.PATH ?? '', HOME: tmp.dir, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const killed = new Promise<string | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('正在运行 store-ops diagnose')) child.kill('SIGKILL');
    });
    expect(await killed).toBe('SIGKILL');
    const r = await store.cli(['--lang', 'zh', 'runbook', 'report', '1']);
    expect(r.code, r.stderr).toBe(0);
    const commands = r.stdout.split('## 执行的命令')[1]!.split('\n## ')[0]!;
    expect(commands).toMatch(/^\| [\d-]+ [\d:]+ \| `store-ops diagnose` \| - \| - \| 已中断：没有返回结果（命令运行时进程被终止） \|$/m);
    expect(r.stdout).toMatch(/^\| 1\. 初步诊断 \| [\d-]+ [\d:]+ \| - \| \d+ 秒 \| 1 小时 \| 进行中 \|$/m);
  });
});
