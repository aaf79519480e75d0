// store-ops init without a terminal: flags only, never a prompt; the config it writes is valid;
// an existing config is never replaced; every write leaves an audit row with the operator.
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
    // init's write, then config check's look, each with the operator of its own run.
    expect(JSON.parse(audit)).toEqual([
      { operator: 'li.na', command: 'init', outcome: 'ok' },
      { operator: expect.not.stringMatching(/^li\.na$/), command: 'config check', outcome: 'ok' },
    ]);
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

  it('makes the store signing key a backup needs, names it in the config, and keeps an existing one', async () => {
    const dir = path.join(tmp.dir, 'signing');
    mkdirSync(dir);
    const db = new Database(path.join(dir, 'pos.db'));
    db.exec('CREATE TABLE sales (id INTEGER PRIMARY KEY, total REAL); INSERT INTO sales (total) VALUES (7.5)');
    db.close();
    mkdirSync(path.join(dir, 'backups'));
    const first = await runCli(['--json', 'init', '--store-id', 'SH-0032', '--store-name', 'x', '--database', './pos.db', '--recipient', RECIPIENT], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const made = (JSON.parse(first.stdout) as { signing_key: { file: string; key_id: string; made: boolean } }).signing_key;
    const key = path.join(dir, 'keys', 'signing.key');
    expect(made).toMatchObject({ file: key, made: true });
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${key}.pub`, 'utf8')).toMatch(new RegExp(`^untrusted comment: minisign public key ${made.key_id}\n`));
    expect(readFileSync(path.join(dir, 'store-ops.yaml'), 'utf8')).toContain('signing_key: ./keys/signing.key');
    // The first nightly run works with nothing more to set up, and its backup checks by hand.
    const run = await runCli(['--json', 'backup', 'run'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const sidecar = path.join(dir, 'backups', (JSON.parse(run.stdout) as { sidecar: string }).sidecar);
    expect(execFileSync('minisign', ['-Vm', sidecar, '-p', `${key}.pub`], { encoding: 'utf8' })).toContain('Signature and comment signature verified');
    // Set up again (another config file): the key HQ already trusts is kept, byte for byte.
    const before = readFileSync(key);
    const again = await runCli(['init', '--store-id', 'SH-0032', '--store-name', 'x', '--database', './pos.db', '--recipient', RECIPIENT, '--out', 'again.yaml'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`Using the existing signing key keys/signing.key (key id ${made.key_id}).`);
    expect(readFileSync(key).equals(before)).toBe(true);
  });

  it('writes a config with comments a person can follow', () => {
    writeFileSync(path.join(tmp.dir, 'unused'), '');
    const text = readFileSync(path.join(tmp.dir, 'store-ops.yaml'), 'utf8');
    expect(text).toMatch(/^# store-ops config for SH-0031/);
    expect(text).toContain('# Encrypted backups: public recipients only');
  });
});
