// Walks built-in runbooks end to end on a demo store with an answers file, in Chinese (running
// their commands) and in English (skipping them with a reason): each ends with its incident closed,
// a report holding the timeline and the stage durations, and one audit row per step event. The
// runbooks are split into groups, one test file each, so that the walks run in parallel workers;
// WALK_GROUPS is checked against the built-in list so that a new runbook cannot go unwalked.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readAudit } from '../../src/core/audit.js';
import { loadRunbookFile, runbookFiles } from '../../src/runbook/load.js';
import { ROOT, tempDir } from './cli.js';
import { makeDemoStore, type DemoStore } from './demo.js';
import { answersFor } from './runbook-answers.js';

export const WALK_GROUPS: Record<string, string[]> = {
  a: ['data-loss-no-backup', 'db-corruption', 'disk-full', 'hardware-failure'],
  b: ['network-outage', 'payment-failure', 'pos-crash'],
  c: ['power-loss', 'restore-from-backup', 'security-incident'],
};

interface WalkDoc {
  finished: boolean;
  incident: { id: number; status: string; runbook: string };
}

/** A demo store with one backup, for the walks of one test file. */
function walkStore(): () => DemoStore {
  const tmp = tempDir();
  let store: DemoStore;
  beforeAll(async () => {
    store = await makeDemoStore(tmp.dir);
    const r = await store.cli(['backup', 'run']);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(tmp.cleanup);
  return () => store;
}

function eventCount(store: DemoStore, incident: number): number {
  const db = new Database(path.join(store.dir, '.store-ops', 'state.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM incident_events WHERE incident = ?').get(incident) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Defines the walks of one group; returns its store, for more tests in the same file. */
export function walkRunbooks(group: keyof typeof WALK_GROUPS): () => DemoStore {
  const store = walkStore();
  const ids = new Set(WALK_GROUPS[group]);
  for (const f of runbookFiles(undefined).filter((r) => ids.has(r.id))) {
    for (const lang of ['zh', 'en'] as const) {
      it(`${f.id} walks from first step to incident report in ${lang} with an answers file`, async () => {
        const rb = loadRunbookFile(f, { cwd: ROOT });
        const answers = path.join(store().dir, `${f.id}-${lang}.yaml`);
        writeFileSync(answers, answersFor(rb, { run: lang === 'zh', lang }));
        const r = await store().cli(['--lang', lang, '--json', '--operator', 'rehearsal', 'runbook', 'start', f.id, '--answers', answers]);
        expect(r.code, r.stderr).toBe(0);
        const doc = JSON.parse(r.stdout) as WalkDoc;
        expect(doc.finished).toBe(true);
        expect(doc.incident).toMatchObject({ status: 'closed', runbook: f.id });
        // The step screens went to stderr under --json, in the chosen language.
        expect(r.stderr).toContain(lang === 'zh' ? '阶段 1/5 初步诊断' : 'Stage 1/5 Initial diagnosis');
        expect(r.stderr).toContain(rb.stages[0]!.steps[0]!.title[lang]);

        const report = await store().cli(['--lang', lang, 'runbook', 'report', String(doc.incident.id)]);
        expect(report.code, report.stderr).toBe(0);
        expect(report.stdout).toContain(lang === 'zh' ? `# 事件 #${doc.incident.id}：${rb.title.zh}` : `# Incident #${doc.incident.id}: ${rb.title.en}`);
        expect(report.stdout).toContain(lang === 'zh' ? '## 时间线' : '## Timeline');
        expect(report.stdout).toContain(lang === 'zh' ? '| 1. 初步诊断 |' : '| 1. Initial diagnosis |');
        expect(report.stdout).toContain(lang === 'zh' ? '| 1 小时 |' : '| 1 h |');
        expect(report.stdout).toContain(lang === 'zh' ? '## 根本原因' : '## Root cause');
        if (lang === 'en') expect(report.stdout).toContain('skipped: commands are not run in this rehearsal');

        const rows = readAudit(path.join(store().dir, '.store-ops'), 10_000).filter((a) => a.command === 'runbook step' && a.details.incident === doc.incident.id);
        expect(rows.length).toBe(eventCount(store(), doc.incident.id));
        expect(rows.every((a) => a.operator === 'rehearsal')).toBe(true);
      });
    }
  }
  return store;
}
