// Bad configs, through `config check` and through a command that would write (keys generate):
// each is exit 2, one line naming the file (and line) and the key, and nothing written.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers/cli.js';

const RECIPIENT = 'age1ez8dudqrmvxpcs6enqjeqd4saza7gzw5vzlfh5k3j7a0x7tr2snqa2cyel';
const VALID = `store:
  id: SH-0012
  name: 浦东店
databases:
  - name: main
    path: ./store.db
backup:
  recipients: [${RECIPIENT}]
  destinations:
    - { name: local, type: dir, path: ./backups }
  retention:
    daily: 7
`;

const CASES: Array<{ name: string; text: string; line: string }> = [
  {
    name: 'yaml-syntax-error',
    text: 'store:\n  id: SH-1\n  name: [unclosed\ndatabases:\n',
    line: 'store-ops: yaml-syntax-error.yaml:4: YAML syntax error:',
  },
  {
    name: 'unknown-key',
    text: VALID.replace('  name: 浦东店\n', '  name: 浦东店\n  colour: red\n'),
    line: 'store-ops: unknown-key.yaml:4: store.colour: unknown key',
  },
  {
    name: 'wrong-type',
    text: VALID.replace('daily: 7', 'daily: seven'),
    line: 'store-ops: wrong-type.yaml:12: backup.retention.daily: expected a whole number, got "seven"',
  },
  {
    name: 'bad-recipient',
    text: VALID.replace(RECIPIENT, 'AGE-SECRET-KEY-1XYZ'),
    line: 'store-ops: bad-recipient.yaml:8: backup.recipients[0]: not an age public key',
  },
  {
    name: 'missing-section',
    text: 'store:\n  id: SH-1\n  name: x\n',
    line: 'store-ops: missing-section.yaml: databases: missing (a list is required)',
  },
];

const tmp = tempDir();
beforeAll(() => {
  for (const c of CASES) writeFileSync(path.join(tmp.dir, `${c.name}.yaml`), c.text);
});
afterAll(tmp.cleanup);

describe('a bad config is refused with the file, the key and the problem', () => {
  it.each(CASES)('config check: $name', async (c) => {
    const r = await runCli(['--config', `${c.name}.yaml`, 'config', 'check'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const [first, hint, rest] = r.stderr.split('\n');
    expect(first!.startsWith(c.line)).toBe(true);
    expect(hint).toMatch(/^→ /);
    expect(rest).toBe('');
  });

  it.each(CASES)('keys generate: $name writes nothing', async (c) => {
    const before = readdirSync(tmp.dir).sort();
    const r = await runCli(['--config', `${c.name}.yaml`, 'keys', 'generate', '--out', 'k.txt'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(c.line)).toBe(true);
    expect(readdirSync(tmp.dir).sort()).toEqual(before);
    expect(existsSync(path.join(tmp.dir, '.store-ops'))).toBe(false);
  });

  it('a missing file is named, with the way out', async () => {
    const r = await runCli(['--config', 'nowhere.yaml', 'config', 'check'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('store-ops: nowhere.yaml: no such config file\n→ try: store-ops init, or pass --config FILE\n');
  });

  it('$STORE_OPS_CONFIG is used when --config is not given', async () => {
    const r = await runCli(['config', 'check'], { cwd: tmp.dir, env: { STORE_OPS_CONFIG: 'unknown-key.yaml' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown-key.yaml:4: store.colour');
  });
});

describe('config check on a valid config', () => {
  it('prints it resolved: absolute paths and defaults filled', async () => {
    writeFileSync(path.join(tmp.dir, 'store-ops.yaml'), VALID);
    const r = await runCli(['--json', 'config', 'check'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { config: Record<string, any> };
    expect(doc.config.databases[0].path).toBe(path.join(tmp.dir, 'store.db'));
    expect(doc.config.backup.destinations[0].path).toBe(path.join(tmp.dir, 'backups'));
    expect(doc.config.backup.retention).toEqual({ daily: 7, weekly: 4, monthly: 12 });
    expect(doc.config.store.timezone).toBe('Asia/Shanghai');
    expect(doc.config.probes.timeout_ms).toBe(3000);
    expect(doc.config.state_dir).toBe(path.join(tmp.dir, '.store-ops'));
  });
});
