// Roles enforced by the operating system: real users and groups, made for this file and removed
// after it, run the real CLI through setpriv. A viewer is refused a restore before anything is
// touched, an operator runs the nightly backup but cannot apply a reconciliation, a manager does
// all of it; the audit log names the system's user each time, with the --operator name beside it.
import { chmodSync, chownSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../../src/core/audit.js';
import { runCli, tempDir } from '../../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../../helpers/demo.js';
import { isRoot, makeAccounts, rolesYaml, runAs, type TestAccounts } from './os-users.js';

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

// Making users and groups and switching to them needs root; CI runs as root. Elsewhere the file
// is skipped, since nothing here can be tried without those accounts.
describe.skipIf(!isRoot)('roles, with real users and groups', () => {
  const tmp = tempDir();
  let accounts: TestAccounts;
  let store: DemoStore;
  let stateDir: string;
  const as = (user: string, args: string[], env?: Record<string, string>) => runAs(user, ['--config', store.config, ...args], tmp.dir, env);

  beforeAll(async () => {
    accounts = makeAccounts('r');
    chmodSync(tmp.dir, 0o755);
    store = await makeDemoStore(tmp.dir);
    stateDir = path.join(store.dir, '.store-ops');
    const { viewer, operator } = accounts.groups;
    writeFileSync(store.config, readFileSync(store.config, 'utf8') + rolesYaml(accounts.groups));
    // The store system's own files, open to every test user so that only the roles decide; on a
    // real store they belong to the store system and store-ops reads them as it is allowed to.
    execFileSync('chmod', ['-R', 'a+rwX', store.dir]);
    const setup = await runCli(['--config', store.config, 'setup-permissions'], { cwd: tmp.dir });
    expect(setup.code, setup.stderr).toBe(0);
    // No sudo here: the operator's own account is the nightly backup job, so it reads the signing key.
    chownSync(path.join(store.dir, 'keys', 'signing.key'), 0, Number(execFileSync('getent', ['group', operator], { encoding: 'utf8' }).split(':')[2]));
    chmodSync(path.join(store.dir, 'keys', 'signing.key'), 0o640);
    // A restore gives the restored database its old owner, which only root or that owner can: here
    // the manager's account stands for the store system's (on a store, a manager restores with sudo).
    const gidOf = (g: string) => Number(execFileSync('getent', ['group', g], { encoding: 'utf8' }).split(':')[2]);
    chownSync(path.join(store.dir, 'store.db'), Number(execFileSync('id', ['-u', accounts.users.manager], { encoding: 'utf8' })), gidOf(viewer));
  });

  afterAll(() => {
    accounts?.remove();
    tmp.cleanup();
  });

  it('refuses a viewer a restore before it takes the lock or opens a database, in English and Chinese', async () => {
    const before = digest(path.join(store.dir, 'store.db'));
    const r = await as(accounts.users.viewer, ['restore', '--latest', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(
      `store-ops: restore needs the manager role; ${accounts.users.viewer}'s role is viewer; the manager role is held by members of ${accounts.groups.manager}, root; nothing was changed`,
    );
    expect(r.stderr).toContain(`usermod -aG ${accounts.groups.manager} ${accounts.users.viewer}`);
    const zh = await as(accounts.users.viewer, ['--lang', 'zh', 'restore', '--latest', '--yes']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain(`restore 需要店长角色；"${accounts.users.viewer}" 的角色是查看员；拥有店长角色的是：${accounts.groups.manager} 组的成员、"root"`);
    expect(existsSync(path.join(stateDir, 'locks', 'store.lock'))).toBe(false);
    expect(readdirSync(path.join(stateDir, 'quarantine'))).toEqual([]);
    expect(digest(path.join(store.dir, 'store.db'))).toBe(before);
    const rows = readAudit(stateDir, 2);
    expect(rows.map((a) => [a.user, a.role, a.command, a.outcome])).toEqual([
      [accounts.users.viewer, 'viewer', 'restore', 'refused'],
      [accounts.users.viewer, 'viewer', 'restore', 'refused'],
    ]);
  });

  it('lets a viewer see status, and refuses a user in none of the groups even that, naming the viewer group', async () => {
    const seen = await as(accounts.users.viewer, ['status']);
    expect(seen.code, seen.stderr).toBe(0);
    const r = await as(accounts.users.nobody, ['status']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `store-ops: status needs the viewer role; ${accounts.users.nobody}'s role is none; the viewer role is held by members of ${accounts.groups.viewer}, ${accounts.groups.operator}, ${accounts.groups.manager}, root; nothing was changed`,
    );
    // Outside every group they cannot open the state database: the refusal goes through the inbox,
    // and the row names them by the owner of the file they left there.
    expect(r.stderr).not.toContain('could not write the audit row');
    expect(readAudit(stateDir, 1)[0]).toMatchObject({ user: accounts.users.nobody, role: 'none', command: 'status', outcome: 'refused' });
    expect(readdirSync(path.join(stateDir, 'refusals'))).toEqual([]);
    // What the file says cannot change who left it, nor make it anything but a refusal.
    const forged = JSON.stringify({ at: '2026-01-01T00:00:00Z', operator: 'root', user: 'root', role: 'manager', outcome: 'ok', command: 'restore', args: [] });
    execFileSync('setpriv', ['--reuid', accounts.users.nobody, '--regid', 'nogroup', '--init-groups', 'sh', '-c', `printf '%s' '${forged}' > ${path.join(stateDir, 'refusals', 'x.json')}`]);
    expect(readAudit(stateDir, 1)[0]).toMatchObject({ user: accounts.users.nobody, role: 'none', command: 'restore', outcome: 'refused', operator: 'root' });
  });

  it('lets an operator run the nightly backup and reconcile sales, and refuses reconcile sales --apply', async () => {
    const run = await as(accounts.users.operator, ['--operator', '夜班', 'backup', 'run']);
    expect(run.code, run.stderr).toBe(0);
    const look = await as(accounts.users.operator, ['reconcile', 'sales']);
    expect(look.code, look.stderr).toBe(0);
    const before = digest(path.join(store.dir, 'store.db'));
    const apply = await as(accounts.users.operator, ['reconcile', 'sales', '--apply', '--yes']);
    expect(apply.code).toBe(2);
    expect(apply.stderr.split('\n')[0]).toBe(
      `store-ops: reconcile sales --apply needs the manager role; ${accounts.users.operator}'s role is operator; the manager role is held by members of ${accounts.groups.manager}, root; nothing was changed`,
    );
    expect(digest(path.join(store.dir, 'store.db'))).toBe(before);
    const rows = readAudit(stateDir, 3);
    expect(rows.map((a) => [a.user, a.role, a.operator, a.command, a.args.includes('--apply'), a.outcome])).toEqual([
      [accounts.users.operator, 'operator', accounts.users.operator, 'reconcile sales', true, 'refused'],
      [accounts.users.operator, 'operator', accounts.users.operator, 'reconcile sales', false, 'ok'],
      [accounts.users.operator, 'operator', '夜班', 'backup run', false, 'ok'],
    ]);
  });

  it('lets a manager restore, apply a reconciliation and prune', async () => {
    const restore = await as(accounts.users.manager, ['--operator', '李娜', 'restore', '--latest', '--only', 'db', '--yes']);
    expect(restore.code, restore.stderr).toBe(0);
    const apply = await as(accounts.users.manager, ['reconcile', 'sales', '--apply', '--yes']);
    expect(apply.code, apply.stderr).toBe(0);
    const prune = await as(accounts.users.manager, ['backup', 'prune']);
    expect(prune.code, prune.stderr).toBe(0);
    const rows = readAudit(stateDir, 10).filter((a) => a.user === accounts.users.manager);
    expect(rows.map((a) => [a.role, a.command, a.outcome])).toEqual([
      ['manager', 'backup prune', 'ok'], ['manager', 'reconcile sales', 'ok'], ['manager', 'restore', 'ok'],
    ]);
    expect(rows[2]!.operator).toBe('李娜');
  });

  it('shows the audit log on the store\'s clock, filtered by user, and as JSON in ISO 8601', async () => {
    const text = await as(accounts.users.viewer, ['audit', '--user', accounts.users.operator]);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trim().split('\n');
    // Each line shows the command as typed: the look and the refused --apply read apart.
    const typed = `store-ops --config ${store.config}`;
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+08:00  ${accounts.users.operator} \\(operator, operator ${accounts.users.operator}\\)  ${typed} reconcile sales --apply --yes: refused$`)),
      expect.stringContaining(`${accounts.users.operator} (operator, operator ${accounts.users.operator})  ${typed} reconcile sales: done`),
      expect.stringContaining(`${accounts.users.operator} (operator, operator 夜班)  ${typed} --operator '夜班' backup run: done`),
    ]);
    const json = await runCli(['--config', store.config, '--json', 'audit', '--since', '1h'], { cwd: tmp.dir });
    const entries = (JSON.parse(json.stdout) as { entries: Array<{ at: string; user: string; role: string; command: string; outcome: string }> }).entries;
    expect(entries.every((e) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/.test(e.at))).toBe(true);
    expect(new Set(entries.map((e) => e.user))).toEqual(new Set(['root', ...Object.values(accounts.users)]));
    expect(entries.find((e) => e.command === 'setup-permissions')).toMatchObject({ user: 'root', role: 'manager', outcome: 'ok' });
    expect(entries.filter((e) => e.outcome === 'refused').map((e) => e.command).sort()).toEqual(['reconcile sales', 'restore', 'restore', 'status']);
    const none = await runCli(['--config', store.config, 'audit', '--user', 'nobody-at-all'], { cwd: tmp.dir });
    expect(none.stdout.trim()).toBe('No audit entries match.');
  });

  it('under sudo takes the role of the user sudo names, and refuses when it cannot tell who that is', async () => {
    const sudoed = await runCli(['--config', store.config, 'restore', '--latest', '--yes'], { cwd: tmp.dir, env: { SUDO_USER: accounts.users.viewer, SUDO_UID: '1', SUDO_COMMAND: '/usr/bin/store-ops' } });
    expect(sudoed.code).toBe(2);
    expect(sudoed.stderr).toContain(`restore needs the manager role; ${accounts.users.viewer}'s role is viewer`);
    expect(readAudit(stateDir, 1)[0]).toMatchObject({ user: accounts.users.viewer, role: 'viewer', outcome: 'refused', details: expect.objectContaining({ sudo: true }) });
    const stranger = await runCli(['--config', store.config, 'status'], { cwd: tmp.dir, env: { SUDO_USER: 'no-such-user-here' } });
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toContain('run through sudo for "no-such-user-here", a user this system does not know');
    const stripped = await runCli(['--config', store.config, 'status'], { cwd: tmp.dir, env: { SUDO_COMMAND: '/usr/bin/store-ops status' } });
    expect(stripped.code).toBe(2);
    expect(stripped.stderr).toContain('sudo did not say who asked (SUDO_USER and SUDO_UID are not set)');
    // Outside sudo the variable is anyone's to set: a viewer claiming to be root is still a viewer.
    const forged = await as(accounts.users.viewer, ['restore', '--latest', '--yes'], { SUDO_USER: 'root' });
    expect(forged.code).toBe(2);
    expect(forged.stderr).toContain(`${accounts.users.viewer}'s role is viewer`);
  });

  it('reports a state folder whose modes were changed by hand, and setup-permissions puts it back, then finds nothing to do', async () => {
    chmodSync(stateDir, 0o700);
    const diag = await runCli(['--config', store.config, '--json', 'diagnose'], { cwd: tmp.dir });
    const doc = JSON.parse(diag.stdout) as { findings: Array<{ id: string; severity: string; message: string }> };
    const finding = doc.findings.find((f) => f.id === 'state-permissions');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toContain(`${stateDir} root:${accounts.groups.viewer} 0700`);
    const fix = await runCli(['--config', store.config, 'setup-permissions'], { cwd: tmp.dir });
    expect(fix.code, fix.stderr).toBe(0);
    expect(fix.stdout).toContain(`changed    shop/.store-ops  root:${accounts.groups.viewer} 2771 (was root:${accounts.groups.viewer} 0700)`);
    expect((statSync(stateDir).mode & 0o7777).toString(8)).toBe('2771');
    const again = await runCli(['--config', store.config, 'setup-permissions'], { cwd: tmp.dir });
    expect(again.stdout).toMatch(/Done: 0 changed, \d+ already right\./);
  });
});
