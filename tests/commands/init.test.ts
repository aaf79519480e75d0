// store-ops init without a terminal: flags only, never a prompt; the config it writes is valid;
// an existing config is never replaced; every write leaves an audit row with the operator.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const RECIPIENT = 'age1ez8dudqrmvxpcs6enqjeqd4saza7gzw5vzlfh5k3j7a0x7tr2snqa2cyel';
const tmp = tempDir();
afterAll(tmp.cleanup);

describe('store-ops init without a terminal', () => {
  it('writes a config from flags that config check accepts', async () => {
    const r = await runCli(
      ['--operator', 'li.na', 'init', '--store-id', 'SH-0031', '--store-name', '静安店', '--database', 'main=./data/pos.db', '--recipient', RECIPIENT, '--backup-dir', '/mnt/usb/backups'],
      { cwd: tmp.dir },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Wrote store-ops.yaml.');
    const check = await runCli(['--json', 'config', 'check'], { cwd: tmp.dir });
    expect(check.code).toBe(0);
    const cfg = (JSON.parse(check.stdout) as { config: any }).config;
    expect(cfg.store).toEqual({ id: 'SH-0031', name: '静安店', timezone: 'Asia/Shanghai', opening_hours: '07:00-22:00' });
    expect(cfg.databases).toEqual([{ name: 'main', path: path.join(tmp.dir, 'data', 'pos.db') }]);
    expect(cfg.backup.recipients).toEqual([RECIPIENT]);
    expect(cfg.backup.destinations[0].path).toBe('/mnt/usb/backups');
    const audit = execFileSync('sqlite3', ['-json', path.join(tmp.dir, '.store-ops', 'state.db'), 'SELECT operator, command, outcome FROM audit'], { encoding: 'utf8' });
    expect(JSON.parse(audit)).toEqual([{ operator: 'li.na', command: 'init', outcome: 'ok' }]);
  });

  it('never replaces an existing config', async () => {
    const before = readFileSync(path.join(tmp.dir, 'store-ops.yaml'), 'utf8');
    const r = await runCli(['init', '--store-id', 'SH-9', '--store-name', 'x', '--database', './y.db'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('store-ops.yaml already exists; init never overwrites a config');
    expect(readFileSync(path.join(tmp.dir, 'store-ops.yaml'), 'utf8')).toBe(before);
  });

  it('asks for the missing flag instead of prompting, and writes nothing', async () => {
    const r = await runCli(['init', '--store-name', 'x', '--out', 'other.yaml'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('store-ops: init needs --store-id when there is no terminal to ask on');
    expect(existsSync(path.join(tmp.dir, 'other.yaml'))).toBe(false);
  });

  it('rejects a bad value with the key it would have had, and writes nothing', async () => {
    const r = await runCli(['init', '--store-id', 'SH 9', '--store-name', 'x', '--database', './y.db', '--out', 'bad.yaml'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^store-ops: bad\.yaml:\d+: store\.id: letters, digits and single dashes only/);
    expect(existsSync(path.join(tmp.dir, 'bad.yaml'))).toBe(false);
  });

  it('leaves backup out, and says so, when no recipient is given', async () => {
    const r = await runCli(['init', '--store-id', 'SH-7', '--store-name', 'x', '--database', './y.db', '--out', 'nobackup.yaml'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No backup recipient yet');
    expect(readFileSync(path.join(tmp.dir, 'nobackup.yaml'), 'utf8')).not.toMatch(/^backup:/m);
  });

  it('writes a config with comments a person can follow', () => {
    writeFileSync(path.join(tmp.dir, 'unused'), '');
    const text = readFileSync(path.join(tmp.dir, 'store-ops.yaml'), 'utf8');
    expect(text).toMatch(/^# store-ops config for SH-0031/);
    expect(text).toContain('# Encrypted backups: public recipients only');
  });
});
