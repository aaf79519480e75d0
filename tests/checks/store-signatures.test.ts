// A store's own log signatures (config log_signatures): read from the store's YAML files in the
// library's format, tried before the built-in ones, and a bad file refused with its file:line.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir('store-ops-own-sigs-');
afterAll(tmp.cleanup);
let n = 0;

const SCALE = `# The deli counter's scale, as the store's POS logs it.
- id: deli-scale-offline
  pattern: '电子秤 \\S+ 通讯失败|scale \\S+ (not responding|comm(unication)? error)'
  keywords: ["电子秤", "scale"]
  ignore_case: true
  class: hardware
  severity: warning
  runbook: hardware-failure
  title: { en: Deli scale not answering, zh: 电子秤无响应 }
  explain:
    en: The deli counter's scale stopped answering the POS; weigh on the spare scale and check its cable.
    zh: 熟食柜台的电子秤不再响应收银系统，请改用备用秤并检查数据线。
`;

function store(signatures: string, logLines: string[]) {
  const dir = path.join(tmp.dir, `s${n++}`);
  mkdirSync(dir);
  const db = new Database(path.join(dir, 'store.db'));
  db.exec('PRAGMA user_version = 1; CREATE TABLE t (x)');
  db.close();
  writeFileSync(path.join(dir, 'own.yaml'), signatures);
  writeFileSync(path.join(dir, 'pos.log'), `${logLines.join('\n')}\n`);
  writeFileSync(path.join(dir, 'store-ops.yaml'), [
    'store: { id: OWN-1, name: own, timezone: Asia/Shanghai }',
    'databases: [{ name: main, path: ./store.db }]',
    'logs: [{ path: ./pos.log }]',
    'log_signatures: [./own.yaml]',
  ].join('\n'));
  return (args: string[]) => runCli(['--config', 'store-ops.yaml', ...args, 'diagnose', '--now', '2026-11-21T20:00:00+08:00'], { cwd: dir });
}

describe("a store's own log signatures", () => {
  it('finds lines with the store signature, cites them, and ranks its class', async () => {
    const run = store(SCALE, [
      '2026-11-21 10:00:00 [信息] 收银台 POS-01 登录成功',
      '2026-11-21 10:02:11 [错误] 电子秤 DELI-1 通讯失败（COM3）',
      '2026-11-21 10:02:41 ERROR [scale] scale DELI-1 not responding',
    ]);
    const r = await run(['--json']);
    const d = JSON.parse(r.stdout);
    const f = d.findings.find((x: { id: string }) => x.id === 'deli-scale-offline');
    expect(f).toMatchObject({ class: 'hardware', severity: 'warning', count: 2, runbook: 'hardware-failure' });
    expect(f.evidence.map((e: { line: number }) => e.line)).toEqual([2, 3]);
    expect(d.causes.find((c: { findings: string[] }) => c.findings.includes('deli-scale-offline')).class).toBe('hardware');
  });

  it('claims a line before the built-in signatures do', async () => {
    const own = SCALE.replace("'电子秤 \\S+ 通讯失败|", "'电子秤 \\S+ 通讯失败|scale \\S+ connect ETIMEDOUT|");
    const r = await store(own, ['2026-11-21 10:02:11 ERROR [scale] scale DELI-1 connect ETIMEDOUT 10.0.0.60:4001'])(['--json']);
    const ids = JSON.parse(r.stdout).findings.map((x: { id: string }) => x.id);
    expect(ids).toContain('deli-scale-offline');
    expect(ids).not.toContain('conn-timeout');
  });

  it('refuses a bad signature with its file, line and entry, and what to do', async () => {
    const bad = `${SCALE}- id: conn-timeout\n  pattern: 'x'\n  keywords: ["xx"]\n  class: network\n  severity: warning\n  runbook: null\n  title: { en: a, zh: 甲 }\n  explain: { en: a, zh: 甲 }\n`;
    const r = await store(bad, ['2026-11-21 10:00:00 ok'])([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/own\.yaml:13: log signature conn-timeout: this id is already taken/);
    expect(r.stderr).toContain('→');
    const broken = await store(SCALE.replace('class: hardware', 'class: weather'), ['2026-11-21 10:00:00 ok'])(['--lang', 'zh']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/own\.yaml:2：日志特征 deli-scale-offline：class：缺失或格式不符合特征库的写法\n→ 请按 README/);
  });
});
