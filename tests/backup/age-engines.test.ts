// The two age engines (the `age` program, and age-encryption in JS when the program is not
// installed) write and read the same standard format, and a passphrase-protected identity works.
import { Encrypter, armor, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../helpers/demo.js';

const tmp = tempDir();
let store: DemoStore;
const JS = { STORE_OPS_AGE: 'js' };

beforeAll(async () => {
  store = await makeDemoStore(tmp.dir);
});
afterAll(tmp.cleanup);

describe('age engines', () => {
  it('a backup written by the JS engine is read by the age program and by store-ops with either engine', async () => {
    const r = await store.cli(['--json', 'backup', 'run'], JS);
    expect(r.code).toBe(0);
    const { archive, id } = JSON.parse(r.stdout) as { archive: string; id: string };
    const listing = execSync(`age -d -i "${store.identity}" "${path.join(store.backups, archive)}" | tar --zstd -t`, { encoding: 'utf8' });
    expect(listing).toContain('databases/main.db');
    expect((await store.cli(['backup', 'verify', id], JS)).code).toBe(0);
    expect((await store.cli(['backup', 'verify', id])).code).toBe(0);
  });

  it('a backup written by the age program is verified by the JS engine', async () => {
    const r = await store.cli(['--json', 'backup', 'run']);
    const { id } = JSON.parse(r.stdout) as { id: string };
    const v = await store.cli(['backup', 'verify', id, '--drill'], JS);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('ok  drill');
  });

  it('the JS engine names a wrong key too', async () => {
    await runCli(['keys', 'generate', '--out', 'other.txt'], { cwd: tmp.dir });
    const v = await store.cli(['backup', 'verify', '--latest', '--identity', path.join(tmp.dir, 'other.txt')], JS);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('none of the given identities can decrypt it');
  });

  it('a passphrase-protected identity verifies with STORE_OPS_PASSPHRASE, and not without it', async () => {
    // Written here, in the format `keys generate --passphrase` writes, with a cheap scrypt work
    // factor: what is under test is verify's handling of the file, not scrypt's cost (which
    // tests/commands/keys-generate.test.ts pays once at the real factor).
    const secret = await generateX25519Identity();
    const recipient = await identityToRecipient(secret);
    const e = new Encrypter();
    e.setPassphrase('hq-vault-2026');
    e.setScryptWorkFactor(10);
    const hq = path.join(tmp.dir, 'hq.txt');
    writeFileSync(hq, armor.encode(await e.encrypt(`# public key: ${recipient}\n${secret}\n`)), { mode: 0o600 });
    writeFileSync(store.config, readFileSync(store.config, 'utf8').replace(/recipients:\n/, `recipients:\n    - ${recipient}\n`));
    const r = await store.cli(['--json', 'backup', 'run']);
    const { id } = JSON.parse(r.stdout) as { id: string };
    const ok = await store.cli(['backup', 'verify', id, '--identity', hq], { STORE_OPS_PASSPHRASE: 'hq-vault-2026' });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(id);
    const locked = await store.cli(['backup', 'verify', id, '--identity', hq]);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain('hq.txt is protected by a passphrase');
    const wrong = await store.cli(['backup', 'verify', id, '--identity', hq], { STORE_OPS_PASSPHRASE: 'guess' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('wrong passphrase');
  });
});
