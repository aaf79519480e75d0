// keys generate: a 0600 identity that is never overwritten, whose recipient the real `age` CLI
// encrypts to and whose identity decrypts (and the other way round).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Decrypter, Encrypter } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIdentityFile } from '../../src/keys/identity.js';
import { runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const at = (f: string) => path.join(tmp.dir, f);

describe('store-ops keys generate', () => {
  it('writes an identity with mode 0600 and prints its recipient', async () => {
    const r = await runCli(['keys', 'generate', '--out', 'manager.txt'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(statSync(at('manager.txt')).mode & 0o777).toBe(0o600);
    const recipient = r.stdout.split('\n')[1]!;
    expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(readFileSync(at('manager.txt'), 'utf8')).toContain(`# public key: ${recipient}`);
  });

  it('refuses to overwrite an existing file and leaves it byte for byte', async () => {
    writeFileSync(at('precious.txt'), 'AGE-SECRET-KEY-1EXISTING\n', { mode: 0o600 });
    const r = await runCli(['keys', 'generate', '--out', 'precious.txt'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('precious.txt already exists; an identity is never overwritten');
    expect(readFileSync(at('precious.txt'), 'utf8')).toBe('AGE-SECRET-KEY-1EXISTING\n');
  });

  it('interoperates with the age CLI both ways', async () => {
    const r = await runCli(['--json', 'keys', 'generate', '--out', 'interop.txt'], { cwd: tmp.dir });
    const { recipient } = JSON.parse(r.stdout) as { recipient: string };
    writeFileSync(at('plain.txt'), '门店备份 test\n');
    execFileSync('age', ['-r', recipient, '-o', at('by-cli.age'), at('plain.txt')]);
    const d = new Decrypter();
    for (const key of await readIdentityFile(at('interop.txt'))) d.addIdentity(key);
    expect(await d.decrypt(readFileSync(at('by-cli.age')), 'text')).toBe('门店备份 test\n');

    const e = new Encrypter();
    e.addRecipient(recipient);
    writeFileSync(at('by-lib.age'), await e.encrypt('from store-ops\n'));
    expect(execFileSync('age', ['-d', '-i', at('interop.txt'), at('by-lib.age')], { encoding: 'utf8' })).toBe('from store-ops\n');
  });

  it('without a terminal and without STORE_OPS_PASSPHRASE, --passphrase refuses instead of waiting', async () => {
    const r = await runCli(['keys', 'generate', '--out', 'never.txt', '--passphrase'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--passphrase needs a terminal');
    expect(() => statSync(at('never.txt'))).toThrow();
  });

});

// scrypt at age's work factor costs seconds of CPU, so the protected identity is made once (by the
// real command) and each test reads that one file.
describe('keys generate --passphrase', () => {
  beforeAll(async () => {
    writeFileSync(at('store-ops.yaml'), 'store: { id: SH-1, name: x }\ndatabases: [{ name: main, path: ./s.db }]\n');
    const r = await runCli(['--json', 'keys', 'generate', '--out', 'locked.txt', '--passphrase'], {
      cwd: tmp.dir,
      env: { STORE_OPS_PASSPHRASE: 'correct horse battery' },
    });
    expect(r.code, r.stderr).toBe(0);
  });

  it('protects the identity with the passphrase from STORE_OPS_PASSPHRASE, never shown in the audit log', async () => {
    const text = readFileSync(at('locked.txt'), 'utf8');
    expect(text.startsWith('-----BEGIN AGE ENCRYPTED FILE-----')).toBe(true);
    expect(text).not.toContain('AGE-SECRET-KEY');
    expect(statSync(at('locked.txt')).mode & 0o777).toBe(0o600);
    await expect(readIdentityFile(at('locked.txt'), 'wrong one')).rejects.toThrow(/wrong passphrase/);
    const audit = execFileSync('sqlite3', [at('.store-ops/state.db'), 'SELECT args || details FROM audit'], { encoding: 'utf8' });
    expect(audit).toContain('locked.txt');
    expect(audit).not.toContain('correct horse');
    expect(audit).not.toContain('AGE-SECRET-KEY');
  });

  it('opens with the age CLI (passphrase typed on a pseudo-terminal by script(1)), holding the secret key of the printed recipient', () => {
    const out = spawnSync('script', ['-qc', `age -d -o ${at('locked-plain.txt')} ${at('locked.txt')}`, '/dev/null'], {
      input: 'correct horse battery\n',
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(out.status).toBe(0);
    const plain = readFileSync(at('locked-plain.txt'), 'utf8');
    expect(plain).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/m);
    const recipient = /^# public key: (age1[0-9a-z]+)$/m.exec(plain)?.[1];
    expect(recipient).toBeDefined();
    expect(execFileSync('age-keygen', ['-y', at('locked-plain.txt')], { encoding: 'utf8' }).trim()).toBe(recipient);
  });
});
