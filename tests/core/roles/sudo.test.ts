// The sudoers line setup-permissions prints, installed for real: sudo accepts the file, an operator
// runs the nightly job's commands as root without a password, and store-ops still records the
// person sudo names (SUDO_USER) with their role; anything wider is refused by sudo itself, before
// store-ops starts. Root only (users, groups and /etc/sudoers.d); CI runs as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../../src/core/audit.js';
import { runCli, tempDir, type CliResult } from '../../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../../helpers/demo.js';
import { isRoot, makeAccounts, rolesYaml, type TestAccounts } from './os-users.js';

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.skipIf(!isRoot)('the printed sudoers line, with the real sudo', () => {
  const tmp = tempDir();
  let accounts: TestAccounts;
  let store: DemoStore;
  let stateDir: string;
  // A file of this run's own, beside whatever the machine has; removed after.
  const sudoersFile = `/etc/sudoers.d/store-ops-test-${process.pid}`;
  const groupOf = (user: string) => execFileSync('id', ['-gn', user], { encoding: 'utf8' }).trim();
  const sudoAs = (user: string, args: string[]): Promise<CliResult> =>
    runCli(['--config', store.config, ...args], { cwd: tmp.dir, via: ['setpriv', '--reuid', user, '--regid', groupOf(user), '--init-groups', 'sudo', '-n'] });

  beforeAll(async () => {
    accounts = makeAccounts('s');
    chmodSync(tmp.dir, 0o755);
    store = await makeDemoStore(tmp.dir);
    stateDir = path.join(store.dir, '.store-ops');
    writeFileSync(store.config, readFileSync(store.config, 'utf8') + rolesYaml(accounts.groups));
    execFileSync('chmod', ['-R', 'a+rX', store.dir]);
    const setup = await runCli(['--json', '--config', store.config, 'setup-permissions'], { cwd: tmp.dir });
    expect(setup.code, setup.stderr).toBe(0);
    const lines = (JSON.parse(setup.stdout) as { sudoers: string[] }).sudoers;
    expect(lines).toHaveLength(1);
    writeFileSync(sudoersFile, `${lines.join('\n')}\n`, { mode: 0o440 });
  });

  afterAll(() => {
    rmSync(sudoersFile, { force: true });
    accounts?.remove();
    tmp.cleanup();
  });

  it('is a file sudo accepts', () => {
    // visudo lives in sbin, which a CI runner's PATH may leave out.
    const visudo = existsSync('/usr/sbin/visudo') ? '/usr/sbin/visudo' : 'visudo';
    const check = spawnSync(visudo, ['-c', '-f', sudoersFile], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });

  it('lets an operator run the nightly backup as root, signed with the key only root reads, recorded under their own name', async () => {
    expect(statSync(path.join(store.dir, 'keys', 'signing.key')).mode & 0o777).toBe(0o600);
    const run = await sudoAs(accounts.users.operator, ['backup', 'run']);
    expect(run.code, run.stderr).toBe(0);
    const archives = readdirSync(store.backups).filter((n) => n.endsWith('.tar.zst.age') || n.endsWith('.tar.gz.age'));
    expect(archives).toHaveLength(1);
    expect(readdirSync(store.backups).filter((n) => n.endsWith('.minisig'))).toHaveLength(1);
    expect(readAudit(stateDir, 1)[0]).toMatchObject({
      user: accounts.users.operator, role: 'operator', command: 'backup run', outcome: 'ok', details: expect.objectContaining({ sudo: true }),
    });
    // What root made stays usable by the roles without sudo: the operator lists and verifies it.
    const list = await runCli(['--config', store.config, 'backup', 'list'], { cwd: tmp.dir, via: ['setpriv', '--reuid', accounts.users.operator, '--regid', groupOf(accounts.users.operator), '--init-groups'] });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^  ${archives[0]!.replace(/\.tar\..*$/, '').split('_').pop()}  .*  trusted  `, 'm'));
  });

  it('lets sudo refuse anything wider, before store-ops starts: a restore by an operator, the backup by a viewer', async () => {
    const before = digest(path.join(store.dir, 'store.db'));
    const rows = readAudit(stateDir, 100).length;
    const restore = await sudoAs(accounts.users.operator, ['restore', '--latest', '--yes']);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/^sudo: /m);
    const viewer = await sudoAs(accounts.users.viewer, ['backup', 'run']);
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toMatch(/^sudo: /m);
    expect(digest(path.join(store.dir, 'store.db'))).toBe(before);
    // store-ops never ran, so it has nothing to record; sudo's own log keeps these.
    expect(readAudit(stateDir, 100)).toHaveLength(rows);
  });
});
