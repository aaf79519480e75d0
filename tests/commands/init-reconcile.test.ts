// store-ops init names what reconcile reads (--journals, --manual-records, --mapping) and makes the
// backup folder it names, owner-only and never over anything there, so the first backup run works.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const RECIPIENT = 'age1ez8dudqrmvxpcs6enqjeqd4saza7gzw5vzlfh5k3j7a0x7tr2snqa2cyel';
const tmp = tempDir();
afterAll(tmp.cleanup);

function folder(name: string): string {
  const dir = path.join(tmp.dir, name);
  mkdirSync(dir);
  const db = new Database(path.join(dir, 'pos.db'));
  db.exec('CREATE TABLE sales (id INTEGER PRIMARY KEY, total REAL); INSERT INTO sales (total) VALUES (7.5)');
  db.close();
  return dir;
}

const init = (dir: string, ...args: string[]) => runCli(['--json', 'init', '--store-id', 'SH-0040', '--store-name', '新店', '--database', './pos.db', ...args], { cwd: dir });

describe('init and reconcile', () => {
  it('--journals, --manual-records and --mapping go into the config, which config check reads back', async () => {
    const dir = folder('reconcile-flags');
    writeFileSync(path.join(dir, 'mapping.yaml'), 'queries:\n  products: x\n');
    const r = await init(dir, '--journals', './journals/*.jsonl', '--journals', '/mnt/tills/*.jsonl', '--manual-records', './manual/*.csv', '--mapping', './mapping.yaml');
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'store-ops.yaml'), 'utf8');
    expect(text).toContain('journals:\n  - ./journals/*.jsonl\n  - /mnt/tills/*.jsonl');
    expect(text).toContain('manual_records:\n  - ./manual/*.csv');
    expect(text).toContain('reconcile:\n  mapping: ./mapping.yaml');
    // The mapping named is checked as every command would read it: here it is incomplete.
    const check = await runCli(['config', 'check'], { cwd: dir });
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('store-ops: mapping.yaml:1: queries.on_hand: missing');
    writeFileSync(path.join(dir, 'store-ops.yaml'), text.replace('mapping: ./mapping.yaml', 'mapping: builtin'));
    const ok = await runCli(['--json', 'config', 'check'], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    const config = JSON.parse(ok.stdout).config;
    // A glob alone, or with its encoding: either way the path is resolved beside the config.
    expect(JSON.stringify(config.journals)).toContain(JSON.stringify(path.join(dir, 'journals', '*.jsonl')));
    expect(JSON.stringify(config.manual_records)).toContain(JSON.stringify(path.join(dir, 'manual', '*.csv')));
  });

  it('makes the backup folder, owner-only, and the first backup run works', async () => {
    const dir = folder('first-backup');
    const r = await init(dir, '--recipient', RECIPIENT);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).backup_folder).toEqual({ path: path.join(dir, 'backups'), state: 'made', problem: null });
    expect(statSync(path.join(dir, 'backups')).mode & 0o777).toBe(0o700);
    const run = await runCli(['--json', 'backup', 'run'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'backups', JSON.parse(run.stdout).sidecar))).toBe(true);
  });

  it('uses a backup folder that is there as it is', async () => {
    const dir = folder('folder-there');
    mkdirSync(path.join(dir, 'backups'), { mode: 0o755 });
    writeFileSync(path.join(dir, 'backups', 'older.txt'), 'kept');
    const r = await runCli(['init', '--store-id', 'SH-0041', '--store-name', 'x', '--database', './pos.db', '--recipient', RECIPIENT], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('The backup folder ./backups is already there; it is used as it is.');
    expect(statSync(path.join(dir, 'backups')).mode & 0o777).toBe(0o755);
    expect(readFileSync(path.join(dir, 'backups', 'older.txt'), 'utf8')).toBe('kept');
  });

  it('refuses a backup path that is a file, and writes nothing', async () => {
    const dir = folder('file-there');
    writeFileSync(path.join(dir, 'backups'), 'not a folder');
    const r = await runCli(['init', '--store-id', 'SH-0042', '--store-name', 'x', '--database', './pos.db', '--recipient', RECIPIENT], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('store-ops: --backup-dir ./backups is there but is not a folder; init writes nothing over it');
    expect(existsSync(path.join(dir, 'store-ops.yaml'))).toBe(false);
    expect(existsSync(path.join(dir, 'keys'))).toBe(false);
    expect(readFileSync(path.join(dir, 'backups'), 'utf8')).toBe('not a folder');
  });

  it('does not make a folder outside the store whose parent is missing (a drive not mounted), and says so', async () => {
    const dir = folder('not-mounted');
    const usb = path.join(tmp.dir, 'usb-not-mounted', 'backups');
    const r = await runCli(['init', '--store-id', 'SH-0043', '--store-name', 'x', '--database', './pos.db', '--recipient', RECIPIENT, '--backup-dir', usb], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`The backup folder ${usb} was not made: ${path.dirname(usb)} is not there (a drive not mounted?).`);
    expect(existsSync(path.dirname(usb))).toBe(false);
  });
});
