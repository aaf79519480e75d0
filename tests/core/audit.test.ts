import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAudit, recordAudit, redactArgs } from '../../src/core/audit.js';
import { DEMO_NOW, runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('the audit log', () => {
  it('redacts secret option values and anything shaped like an age secret key', () => {
    expect(redactArgs(['--passphrase', 'hunter2', '--password=abc', '--out', 'k.txt', 'AGE-SECRET-KEY-1ABCDEF'])).toEqual([
      '--passphrase', '[redacted]', '--password=[redacted]', '--out', 'k.txt', '[redacted]',
    ]);
    expect(redactArgs(['--passphrase', '--out', 'k.txt'])).toEqual(['--passphrase', '--out', 'k.txt']);
  });

  it('records and reads rows, newest first, in a state database it creates', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    try {
      recordAudit(dir, { operator: 'a', command: 'x', args: ['--token', 's3cret'], outcome: 'ok', details: { n: 1 } });
      recordAudit(dir, { operator: 'b', command: 'y', args: [], outcome: 'failed' });
      const rows = readAudit(dir);
      expect(rows.map((r) => [r.operator, r.command, r.outcome])).toEqual([['b', 'y', 'failed'], ['a', 'x', 'ok']]);
      expect(rows[1]!.args).toEqual(['--token', '[redacted]']);
      expect(rows[1]!.details).toEqual({ n: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gets a row from demo init, with the operator given on the command line', async () => {
    const r = await runCli(['--operator', 'alice', 'demo', 'init', 'shop', '--now', DEMO_NOW], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    const rows = readAudit(path.join(tmp.dir, 'shop', '.store-ops'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ operator: 'alice', command: 'demo init', outcome: 'ok' });
    expect(rows[0]!.args).toEqual(['--operator', 'alice', 'demo', 'init', 'shop', '--now', DEMO_NOW]);
    expect(rows[0]!.details).toMatchObject({ size: 'small', seed: 1 });
  });

  it('takes the operator from the login name when --operator is not given', async () => {
    await runCli(['--config', 'shop/store-ops.yaml', 'keys', 'generate', '--out', 'k.txt'], { cwd: tmp.dir });
    const rows = readAudit(path.join(tmp.dir, 'shop', '.store-ops'));
    expect(rows[0]).toMatchObject({ operator: os.userInfo().username, command: 'keys generate', outcome: 'ok' });
  });

  it('redacts an operator name that holds a secret key, from --operator and from $STORE_OPS_OPERATOR', async () => {
    const secret = 'AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQS2Q9H6S';
    const minisign = `RWRTY0Iy${'A'.repeat(204)}=`;
    const state = path.join(tmp.dir, 'shop', '.store-ops');
    await runCli(['--operator', secret, '--config', 'shop/store-ops.yaml', 'keys', 'generate', '--out', 'k2.txt'], { cwd: tmp.dir });
    await runCli(['--config', 'shop/store-ops.yaml', 'keys', 'generate', '--out', 'k3.txt'], { cwd: tmp.dir, env: { STORE_OPS_OPERATOR: `bob ${minisign}` } });
    const [fromEnv, fromFlag] = readAudit(state, 2);
    expect(fromFlag).toMatchObject({ operator: '[redacted]', command: 'keys generate' });
    expect(fromFlag!.args).toEqual(['--operator', '[redacted]', '--config', 'shop/store-ops.yaml', 'keys', 'generate', '--out', 'k2.txt']);
    expect(fromEnv).toMatchObject({ operator: '[redacted]', command: 'keys generate' });
    const raw = readFileSync(path.join(state, 'state.db')).toString('latin1');
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(minisign);
  });
});
