// Every built-in runbook walked end to end on a demo store with an answers file, in Chinese
// (running its commands) and in English (skipping them with a reason): each ends with its incident
// closed, a report holding the timeline and the stage durations, and one audit row per step event.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/core/audit.js';
import { loadRunbookFile, runbookFiles } from '../../src/runbook/load.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';
import { answersFor } from '../helpers/runbook-answers.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
let store: DemoStore;
const stateDb = () => path.join(store.dir, '.store-ops', 'state.db');

function eventCount(incident: number): number {
  const db = new Database(stateDb(), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM incident_events WHERE incident = ?').get(incident) as { n: number }).n;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
  const r = await store.cli(['backup', 'run']);
  expect(r.code, r.stderr).toBe(0);
});

interface WalkDoc {
  finished: boolean;
  incident: { id: number; status: string; runbook: string; stages: Array<{ stage: string; started_at: string | null }> };
}

for (const f of runbookFiles(undefined)) {
  for (const lang of ['zh', 'en'] as const) {
    it(`${f.id} walks from first step to incident report in ${lang} with an answers file`, async () => {
      const rb = loadRunbookFile(f, { cwd: ROOT });
      const answers = path.join(tmp.dir, `${f.id}-${lang}.yaml`);
      writeFileSync(answers, answersFor(rb, { run: lang === 'zh', lang }));
      const r = await store.cli(['--lang', lang, '--json', '--operator', 'rehearsal', 'runbook', 'start', f.id, '--answers', answers]);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as WalkDoc;
      expect(doc.finished).toBe(true);
      expect(doc.incident).toMatchObject({ status: 'closed', runbook: f.id });
      // The step screens went to stderr under --json, in the chosen language.
      expect(r.stderr).toContain(lang === 'zh' ? '阶段 1/5 初步诊断' : 'Stage 1/5 Initial diagnosis');
      expect(r.stderr).toContain(rb.stages[0]!.steps[0]!.title[lang]);

      const report = await store.cli(['--lang', lang, 'runbook', 'report', String(doc.incident.id)]);
      expect(report.code, report.stderr).toBe(0);
      expect(report.stdout).toContain(lang === 'zh' ? `# 事件 #${doc.incident.id}：${rb.title.zh}` : `# Incident #${doc.incident.id}: ${rb.title.en}`);
      expect(report.stdout).toContain(lang === 'zh' ? '## 时间线' : '## Timeline');
      expect(report.stdout).toContain(lang === 'zh' ? '| 1. 初步诊断 |' : '| 1. Initial diagnosis |');
      expect(report.stdout).toContain(lang === 'zh' ? '| 1 小时 |' : '| 1 h |');
      expect(report.stdout).toContain(lang === 'zh' ? '## 根本原因' : '## Root cause');
      if (lang === 'en') expect(report.stdout).toContain('skipped: commands are not run in this rehearsal');

      const rows = readAudit(path.join(store.dir, '.store-ops'), 10_000).filter((a) => a.command === 'runbook step' && a.details.incident === doc.incident.id);
      expect(rows.length).toBe(eventCount(doc.incident.id));
      expect(rows.every((a) => a.operator === 'rehearsal')).toBe(true);
    });
  }
}

describe('runbook start without a terminal', () => {
  it('and without --answers exits 2 at once, opens no incident and leaves stdout empty', async () => {
    const r = await store.cli(['runbook', 'start', 'pos-crash']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('store-ops: a runbook asks questions, and there is no terminal to ask on\n→ run it on a terminal, or give the answers: store-ops runbook start pos-crash --answers FILE\n');
    const status = JSON.parse((await store.cli(['--json', 'runbook', 'status'])).stdout) as { incidents: unknown[] };
    expect(status.incidents).toEqual([]);
  });

  it('with an answers file naming a step the runbook lacks exits 2 naming file, line and key', async () => {
    const answers = path.join(tmp.dir, 'typo.yaml');
    writeFileSync(answers, 'keep-evidence: done\nnotcied: 14:02\n');
    const r = await store.cli(['runbook', 'start', 'pos-crash', '--answers', answers]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`store-ops: ${answers}:2: notcied: no step "notcied" in runbook pos-crash (see: store-ops runbook show pos-crash)`);
  });
});
