// store-ops setup-permissions and config check's view of the roles, on real groups: the groups
// are created when asked, the files get the owners and modes of the table, the store's database
// keeps its owner, a second run changes nothing; a config naming a group the system lacks, or
// giving nobody the manager role, is refused.
import { execFileSync } from 'node:child_process';
import { chownSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { makeDemoStore, type DemoStore } from '../../helpers/demo.js';
import { COMMANDS } from '../../../src/cli.js';
import { englishIn } from '../../helpers/zh-latin.js';
import { isRoot, rolesYaml } from './os-users.js';

const groupExists = (name: string) => {
  try {
    execFileSync('getent', ['group', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const modeOf = (file: string) => {
  const st = statSync(file);
  return `${st.uid}:${execFileSync('getent', ['group', String(st.gid)], { encoding: 'utf8' }).split(':')[0]} ${(st.mode & 0o7777).toString(8).padStart(4, '0')}`;
};

// groupadd and chown need root; CI runs as root. Elsewhere the file is skipped.
describe.skipIf(!isRoot)('store-ops setup-permissions', () => {
  const tmp = tempDir();
  const id = `p${process.pid}`;
  const groups = { viewer: `sv-${id}`, operator: `so-${id}`, manager: `sm-${id}` };
  let store: DemoStore;

  beforeAll(async () => {
    store = await makeDemoStore(tmp.dir);
    writeFileSync(store.config, readFileSync(store.config, 'utf8') + rolesYaml(groups));
    // The store system's own account owns its database; setup-permissions must leave it so.
    chownSync(path.join(store.dir, 'store.db'), 4242, 4243);
  });

  afterAll(() => {
    for (const g of Object.values(groups)) if (groupExists(g)) execFileSync('groupdel', [g]);
    tmp.cleanup();
  });

  it('refuses without --create-groups while the groups are missing, and changes nothing', async () => {
    const before = modeOf(path.join(store.dir, '.store-ops'));
    const r = await store.cli(['setup-permissions']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`store-ops: the roles' groups ${groups.viewer}, ${groups.operator}, ${groups.manager} do not exist on this system; nothing was changed`);
    expect(modeOf(path.join(store.dir, '.store-ops'))).toBe(before);
  });

  it('refuses in config check a group the system does not have', async () => {
    const r = await store.cli(['config', 'check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`roles.viewer.groups names "${groups.viewer}", a group this system does not have`);
  });

  it('creates the groups and sets every path of the table, leaving the store database\'s owner alone', async () => {
    const r = await store.cli(['setup-permissions', '--create-groups']);
    expect(r.code, r.stderr).toBe(0);
    for (const g of Object.values(groups)) {
      expect(groupExists(g)).toBe(true);
      expect(r.stdout).toContain(`created the group ${g}`);
    }
    expect(modeOf(path.join(store.dir, '.store-ops'))).toBe(`0:${groups.viewer} 2771`);
    expect(modeOf(path.join(store.dir, '.store-ops', 'refusals'))).toBe(`0:${groups.viewer} 1773`);
    expect(modeOf(path.join(store.dir, '.store-ops', 'state.db'))).toBe(`0:${groups.viewer} 0660`);
    expect(modeOf(path.join(store.dir, '.store-ops', 'locks'))).toBe(`0:${groups.viewer} 2770`);
    expect(modeOf(path.join(store.dir, 'keys', 'signing.key'))).toBe('0:root 0600');
    expect(modeOf(path.join(store.dir, 'keys', 'identity.txt'))).toBe(`0:${groups.manager} 0640`);
    expect(modeOf(path.join(store.dir, 'backups'))).toBe(`0:${groups.operator} 2775`);
    expect(modeOf(path.join(store.dir, 'metrics'))).toBe(`0:${groups.operator} 2775`);
    expect(statSync(path.join(store.dir, 'store.db'))).toMatchObject({ uid: 4242, gid: 4243 });
    expect(r.stdout).toContain(`The store's databases are left as they are (owner and mode unchanged): ${path.join('shop', 'store.db')}`);
    expect(r.stdout).toContain(`%${groups.operator} ALL=(root) NOPASSWD: ${process.execPath} `);
    expect(r.stdout).toMatch(/--config \S+store-ops\.yaml backup run, \S+ \S+ --config \S+store-ops\.yaml backup verify --latest --drill$/m);
    // The state database keeps its shared mode when store-ops opens it again.
    const status = await store.cli(['status']);
    expect(status.code, status.stderr).toBe(0);
    expect(modeOf(path.join(store.dir, '.store-ops', 'state.db'))).toBe(`0:${groups.viewer} 0660`);
  });

  it('changes nothing when run again, and says so', async () => {
    const r = await store.cli(['--json', 'setup-permissions']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { changes: Array<{ path: string; outcome: string }> };
    expect(doc.changes.filter((c) => c.outcome !== 'unchanged' && c.outcome !== 'missing')).toEqual([]);
    expect(doc.changes.length).toBeGreaterThan(5);
  });

  it('speaks Chinese throughout with --lang zh: its report, the roles in config check, the audit log', async () => {
    const commands = COMMANDS.map((c) => c.words);
    for (const args of [['setup-permissions', '--dry-run'], ['config', 'check'], ['audit']]) {
      const r = await store.cli(['--lang', 'zh', ...args]);
      expect(r.code, r.stderr).toBe(0);
      // The sudoers line is text to paste into sudoers, shown as sudo reads it (like a crontab line).
      // The audit log shows each command as it was typed (a --now time among its words): literal text.
      const text = r.stdout.split('\n').filter((l) => !l.startsWith('%')).join('\n').replace(/store-ops [^：\n]*：/g, '：');
      expect(englishIn(text, { names: ['浦东店 (demo)', 'main', 'local', 'root'], commands })).toEqual([]);
    }
  });

  it('shows in config check who is what', async () => {
    const r = await store.cli(['config', 'check']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Roles (who may do what):\n  viewer: ${groups.viewer} (no members yet)\n  operator: ${groups.operator} (no members yet)\n  manager: ${groups.manager} (no members yet), root`);
  });

  it('refuses a config that gives nobody the manager role', async () => {
    writeFileSync(store.config, readFileSync(store.config, 'utf8').replace(/\nroles:[\s\S]*$/, rolesYaml(groups, '{ groups: [], users: [] }')));
    const r = await store.cli(['config', 'check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/store-ops\.yaml:\d+: roles\.manager: nobody but root would be a manager: name a group or a user/);
  });
});
