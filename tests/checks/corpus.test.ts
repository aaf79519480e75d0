// The evaluation corpus (tests/checks/corpus/*): log slices written from the documented formats
// of the programs a store server runs, each with a manifest naming the cause class that must
// rank first, every class present, and the lines that prove it. The real CLI diagnoses each
// scenario; the scorer measures the right primary cause, the recall of proving lines cited as
// evidence, and the classes raised that the scenario does not contain, prints the table and
// holds the aims: right cause everywhere, ≥ 95 % of proving lines cited, no false class.
// The stand-in store's own probe findings (no backup configured, no full check on record) are
// not part of a scenario and are left out of the scoring.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

const CORPUS = path.join(ROOT, 'tests', 'checks', 'corpus');
const NOW = '2026-11-21T20:00:00+08:00';

interface Manifest {
  about: string;
  primary: string;
  classes: string[];
  logs: Array<{ path: string; encoding?: 'utf-8' | 'gb18030' }>;
  proving: Array<{ file: string; line: number; text: string }>;
}

interface Score {
  scenario: string;
  expected: string;
  got: string;
  cited: number;
  proving: number;
  falseClasses: string[];
  uncited: string[];
}

const scenarios = readdirSync(CORPUS).filter((d) => !d.startsWith('.')).sort();
const scores: Score[] = [];
const tmp = tempDir('store-ops-corpus-');
afterAll(() => {
  tmp.cleanup();
  if (scores.length === 0) return;
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(0)} %`;
  const rows = scores.map((s) => `| ${s.scenario} | ${s.expected} | ${s.got} | ${s.got === s.expected ? 'yes' : 'NO'} | ${s.cited}/${s.proving} (${pct(s.cited, s.proving)}) | ${s.falseClasses.join(', ') || '-'} |`);
  const cited = scores.reduce((n, s) => n + s.cited, 0);
  const proving = scores.reduce((n, s) => n + s.proving, 0);
  const right = scores.filter((s) => s.got === s.expected).length;
  console.log([
    '| scenario | primary cause | ranked first | right | proving lines cited | false classes |', '|---|---|---|---|---|---|', ...rows,
    `| **all ${scores.length}** | | | **${right}/${scores.length}** | **${cited}/${proving} (${pct(cited, proving)})** | **${scores.reduce((n, s) => n + s.falseClasses.length, 0)}** |`,
    ...scores.flatMap((s) => s.uncited.map((u) => `uncited in ${s.scenario}: ${u}`)),
  ].join('\n'));
});

/** The line of a log file as diagnose reads it: gunzipped, decoded in its encoding, without CR. */
function lineOf(file: string, encoding: string, n: number): string {
  let bytes = readFileSync(file);
  if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
  const text = encoding === 'gb18030' ? iconv.decode(bytes, 'gb18030') : new TextDecoder('utf-8').decode(bytes);
  return (text.split('\n')[n - 1] ?? '').replace(/\r$/, '');
}

async function score(name: string): Promise<Score> {
  const dir = path.join(CORPUS, name);
  const m = parse(readFileSync(path.join(dir, 'manifest.yaml'), 'utf8')) as Manifest;
  const work = path.join(tmp.dir, name);
  mkdirSync(work);
  const db = new Database(path.join(work, 'store.db'));
  db.exec('PRAGMA user_version = 1; CREATE TABLE t (x)');
  db.close();
  writeFileSync(path.join(work, 'store-ops.yaml'), [
    'store: { id: CORPUS-1, name: corpus, timezone: Asia/Shanghai }',
    'databases: [{ name: main, path: ./store.db }]',
    `logs: [${m.logs.map((l) => `{ path: ${JSON.stringify(path.join(dir, l.path))}, encoding: ${l.encoding ?? 'utf-8'} }`).join(', ')}]`,
    'probes: { load: { warn_per_core: 1000, critical_per_core: 2000 }, disk: { warn_free_percent: 0, critical_free_percent: 0 } }',
  ].join('\n'));
  // The manifest's line numbers still point at its texts (a corpus file edited without its manifest fails here).
  for (const p of m.proving) {
    const log = m.logs.find((l) => p.file === l.path || p.file.startsWith(`${l.path}.`));
    expect(lineOf(path.join(dir, p.file), log?.encoding ?? 'utf-8', p.line).slice(0, p.text.length), `${name}/${p.file}:${p.line}`).toBe(p.text);
  }
  const r = await runCli(['--config', path.join(work, 'store-ops.yaml'), '--json', 'diagnose', '--now', NOW, '--since', '24h'], { cwd: work });
  expect(r.stdout, r.stderr).toMatch(/^\{/);
  const d = JSON.parse(r.stdout) as {
    causes: Array<{ class: string; findings: string[] }>;
    findings: Array<{ id: string; source: string; evidence: Array<{ file: string; line: number | null }> }>;
  };
  const fromLogs = new Set(d.findings.filter((f) => f.source === 'log').map((f) => f.id));
  const causes = d.causes.filter((c) => c.findings.some((id) => fromLogs.has(id)));
  const cited = new Set(d.findings.filter((f) => f.source === 'log').flatMap((f) => f.evidence.map((e) => `${path.basename(e.file)}:${e.line}`)));
  const uncited = m.proving.filter((p) => !cited.has(`${p.file}:${p.line}`)).map((p) => `${p.file}:${p.line} ${p.text.slice(0, 100)}`);
  return {
    scenario: name, expected: m.primary, got: causes[0]?.class ?? 'none', proving: m.proving.length, cited: m.proving.length - uncited.length,
    falseClasses: [...new Set(causes.map((c) => c.class))].filter((c) => !m.classes.includes(c)), uncited,
  };
}

describe('diagnose on the evaluation corpus', () => {
  it('holds at least 15 scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(scenarios.map((s) => [s]))('%s', (name) => {
    it('ranks the right cause first, cites the proving lines and raises no class it lacks', async () => {
      const s = await score(name);
      scores.push(s);
      expect(s.got, name).toBe(s.expected);
      expect(s.falseClasses, name).toEqual([]);
    }, 30_000);
  });

  it('cites at least 95 % of all proving lines', () => {
    const cited = scores.reduce((n, s) => n + s.cited, 0);
    const proving = scores.reduce((n, s) => n + s.proving, 0);
    expect(scores.length).toBe(scenarios.length);
    expect(cited / proving).toBeGreaterThanOrEqual(0.95);
  });
});
