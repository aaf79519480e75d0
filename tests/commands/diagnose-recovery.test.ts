// diagnose after a recovery: a demo store built at the present moment (its logs tell of a power cut
// a few hours ago) with its database damaged is CRITICAL with the power-loss cause; once a backup is
// restored, or an incident closed, the logs are read from then on, the output says from when and
// why, and the old cause is no longer the verdict. --since wins over the cut; an undone restore
// does not count.
import { closeSync, cpSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunbookFile, runbookFiles } from '../../src/runbook/load.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { answersFor } from '../helpers/runbook-answers.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

interface Json {
  status: string;
  since: string;
  since_reason: { kind: string; restore: { backup: string; at: string } | null; incident: { id: number; runbook: string; closed_at: string } | null };
  causes: Array<{ rule: string; runbook: string | null }>;
  findings: Array<{ id: string; source: string }>;
}

const stores: Record<'restored' | 'closed', { dir: string; config: string }> = {} as never;
const cli = (store: { config: string }, args: string[]) => runCli(['--config', store.config, ...args], { cwd: tmp.dir });
async function diagnose(store: { config: string }, ...args: string[]): Promise<Json> {
  const r = await cli(store, ['--json', 'diagnose', ...args]);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Json;
}

/** Pages of sales and stock movements overwritten, as a power cut mid-write might leave them. */
function damage(dir: string): void {
  const fd = openSync(path.join(dir, 'store.db'), 'r+');
  writeSync(fd, Buffer.alloc(64 * 1024, 0x5a), 0, 64 * 1024, 200 * 4096);
  closeSync(fd);
}

beforeAll(async () => {
  const first = path.join(tmp.dir, 'restored');
  const built = await runCli(['demo', 'init', first], { cwd: tmp.dir });
  expect(built.code, built.stderr).toBe(0);
  const backup = await runCli(['--config', path.join(first, 'store-ops.yaml'), 'backup', 'run'], { cwd: tmp.dir });
  expect(backup.code, backup.stderr).toBe(0);
  damage(first);
  const second = path.join(tmp.dir, 'closed');
  cpSync(first, second, { recursive: true });
  stores.restored = { dir: first, config: path.join(first, 'store-ops.yaml') };
  stores.closed = { dir: second, config: path.join(second, 'store-ops.yaml') };
});

describe('diagnose after a recovery', () => {
  it('reads the logs from the restore: the power cut is no longer the verdict, and the output says from when and why', async () => {
    const s = stores.restored;
    const before = await diagnose(s);
    expect(before.status).toBe('critical');
    expect(before.causes[0]).toMatchObject({ rule: 'power-loss', runbook: 'power-loss' });
    expect(before.since_reason).toEqual({ kind: 'default', restore: null, incident: null });

    const restored = await cli(s, ['--yes', 'restore', '--latest']);
    expect(restored.code, restored.stderr).toBe(0);
    const after = await diagnose(s);
    expect(after.causes.map((c) => c.rule)).not.toContain('power-loss');
    expect(after.findings.filter((f) => f.source === 'log')).toEqual([]);
    expect(after.since_reason.kind).toBe('restore');
    expect(after.since_reason.restore!.backup).toMatch(/^SH-0012_\d{8}T\d{6}Z_[0-9a-f]+$/);
    expect(after.since).toBe(after.since_reason.restore!.at);
    expect(after.since).toMatch(/\+08:00$/);

    const text = await cli(s, ['--lang', 'en', 'diagnose']);
    const at = after.since.slice(0, 16).replace('T', ' ');
    expect(text.stdout).toContain(`Logs read from ${at} +08:00, when backup ${after.since_reason.restore!.backup} was restored`);
    expect(text.stdout).toContain(`(to read them too: store-ops --config ${s.config} diagnose --since 24h)`);
    const zh = await cli(s, ['--lang', 'zh', 'diagnose']);
    expect(zh.stdout).toContain(`日志从 ${at} +08:00 读起：那时恢复了备份 ${after.since_reason.restore!.backup}`);

    // The user's window wins: the power cut is back.
    const given = await diagnose(s, '--since', '24h');
    expect(given.since_reason).toEqual({ kind: 'option', restore: null, incident: null });
    expect(given.causes.map((c) => c.rule)).toContain('power-loss');

    // Undone, the restore is no recovery: the damaged file is back, and so is the whole day of logs.
    const undone = await cli(s, ['--yes', 'restore', '--undo']);
    expect(undone.code, undone.stderr).toBe(0);
    const again = await diagnose(s);
    expect(again.since_reason.kind).toBe('default');
    expect(again.causes[0]!.rule).toBe('power-loss');
  });

  it('reads the logs from the moment an incident was closed', async () => {
    const s = stores.closed;
    const rb = loadRunbookFile(runbookFiles(undefined).find((f) => f.id === 'power-loss')!, { cwd: ROOT });
    const answers = path.join(s.dir, 'answers.yaml');
    writeFileSync(answers, answersFor(rb, { run: false, lang: 'en' }));
    const walk = await cli(s, ['--lang', 'en', '--json', 'runbook', 'start', 'power-loss', '--answers', answers]);
    expect(walk.code, walk.stderr).toBe(0);
    const id = (JSON.parse(walk.stdout) as { incident: { id: number } }).incident.id;

    const after = await diagnose(s);
    expect(after.since_reason).toMatchObject({ kind: 'incident', restore: null, incident: { id, runbook: 'power-loss' } });
    expect(after.since).toBe(after.since_reason.incident!.closed_at);
    expect(after.causes.map((c) => c.rule)).not.toContain('power-loss');
    const text = await cli(s, ['--lang', 'en', 'diagnose']);
    expect(text.stdout).toContain(`when incident #${id} (power-loss) was closed`);
  });
});
