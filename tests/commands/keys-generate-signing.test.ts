// keys generate --signing: the store's minisign key pair, secret 0600 and public 0644, neither
// ever overwritten; the .pub is read by the real minisign CLI; the audit row has no secret in it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const at = (f: string) => path.join(tmp.dir, f);

describe('store-ops keys generate --signing', () => {
  it('writes signing.key (0600) and signing.key.pub (0644) by default, and prints the public key, key id and config lines', async () => {
    const r = await runCli(['keys', 'generate', '--signing'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(statSync(at('signing.key')).mode & 0o777).toBe(0o600);
    expect(statSync(at('signing.key.pub')).mode & 0o777).toBe(0o644);
    const pub = readFileSync(at('signing.key.pub'), 'utf8').split('\n');
    const keyId = /^untrusted comment: minisign public key ([0-9A-F]+)$/.exec(pub[0]!)![1]!;
    expect(r.stdout).toContain(`key id ${keyId}`);
    expect(r.stdout).toContain(`\n${pub[1]}\n`);
    expect(r.stdout).toContain(`  signing_key: ${at('signing.key')}`);
    expect(r.stdout).toContain(`  trusted_signers: [${pub[1]}]`);
  });

  it('the .pub verifies, with minisign, what minisign signs with the secret key', () => {
    writeFileSync(at('x.json'), '{"id":"1"}\n');
    execFileSync('minisign', ['-S', '-s', at('signing.key'), '-m', at('x.json')], { stdio: 'pipe' });
    const v = spawnSync('minisign', ['-Vm', at('x.json'), '-p', at('signing.key.pub')], { encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stdout).toContain('Signature and comment signature verified');
  });

  it('refuses to overwrite an existing secret key, byte for byte, and writes no .pub', async () => {
    writeFileSync(at('old.key'), 'precious\n', { mode: 0o600 });
    const r = await runCli(['keys', 'generate', '--signing', '--out', 'old.key'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${at('old.key')} already exists; a key is never overwritten`);
    expect(r.stdout).toBe('');
    expect(readFileSync(at('old.key'), 'utf8')).toBe('precious\n');
    expect(existsSync(at('old.key.pub'))).toBe(false);
  });

  it('refuses when only the .pub exists, and writes no secret key', async () => {
    writeFileSync(at('half.key.pub'), 'someone else\'s public key\n');
    const r = await runCli(['keys', 'generate', '--signing', '--out', 'half.key'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${at('half.key.pub')} already exists`);
    expect(existsSync(at('half.key'))).toBe(false);
    expect(readFileSync(at('half.key.pub'), 'utf8')).toBe('someone else\'s public key\n');
  });

  it('refuses --passphrase: the nightly job signs unattended', async () => {
    const r = await runCli(['keys', 'generate', '--signing', '--passphrase', '--out', 'pp.key'], { cwd: tmp.dir, env: { STORE_OPS_PASSPHRASE: 'x' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--passphrase and --signing cannot be combined');
    expect(existsSync(at('pp.key'))).toBe(false);
  });

  it('its audit row names the files and the public key, never the secret key', async () => {
    writeFileSync(at('store-ops.yaml'), 'store: { id: SH-1, name: x }\ndatabases: [{ name: main, path: ./s.db }]\n');
    const r = await runCli(['--json', 'keys', 'generate', '--signing', '--out', 'audited.key'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    const made = JSON.parse(r.stdout) as { public_key: string; key_id: string };
    const secretLine = readFileSync(at('audited.key'), 'utf8').split('\n')[1]!;
    const audit = execFileSync('sqlite3', [at('.store-ops/state.db'), "SELECT args || details FROM audit WHERE command = 'keys generate'"], { encoding: 'utf8' });
    expect(audit).toContain(made.public_key);
    expect(audit).toContain(made.key_id);
    expect(audit).not.toContain(secretLine);
    expect(audit).not.toContain(secretLine.slice(60, 120));
  });
});
