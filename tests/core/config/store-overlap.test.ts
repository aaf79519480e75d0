// Configs whose outputs or backups land on the store's own data, or whose folders are links out
// of the store: `config check` says exit 2, file:line, the key and what it hits; stdout stays empty.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers/cli.js';

const RECIPIENT = 'age1ez8dudqrmvxpcs6enqjeqd4saza7gzw5vzlfh5k3j7a0x7tr2snqa2cyel';
const GOOD = `store:
  id: SH-0012
  name: 浦东店
databases:
  - name: main
    path: ./store.db
files: [./config/]
journals: [./journals/*.jsonl]
backup:
  recipients: [${RECIPIENT}]
  destinations:
    - { name: local, type: dir, path: ./backups }
  metrics_file: ./metrics/store_ops.prom
state_dir: ./.store-ops
`;

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const outside = mkdtempSync(path.join(tmp.dir, 'elsewhere-'));

/** A store folder with its database, config folder and journals, and the config given. */
function storeWith(text: string, prepare?: (dir: string) => void): { dir: string; config: string } {
  const dir = mkdtempSync(path.join(tmp.dir, 'shop-'));
  writeFileSync(path.join(dir, 'store.db'), '');
  mkdirSync(path.join(dir, 'journals'));
  mkdirSync(path.join(dir, 'backups'));
  if (prepare) prepare(dir);
  else mkdirSync(path.join(dir, 'config'));
  writeFileSync(path.join(dir, 'store-ops.yaml'), text);
  return { dir, config: path.join(dir, 'store-ops.yaml') };
}

async function check(text: string, prepare?: (dir: string) => void) {
  const { dir, config } = storeWith(text, prepare);
  return { dir, ...(await runCli(['--config', config, 'config', 'check'], { cwd: dir })) };
}

const REFUSED: Array<{ name: string; text: string; line: string }> = [
  {
    name: 'metrics_file on the database',
    text: GOOD.replace('metrics_file: ./metrics/store_ops.prom', 'metrics_file: ./store.db'),
    line: 'store-ops: store-ops.yaml:13: backup.metrics_file (./store.db) is also databases[0].path (./store.db)',
  },
  {
    name: "metrics_file on the database's WAL",
    text: GOOD.replace('metrics_file: ./metrics/store_ops.prom', 'metrics_file: ./store.db-wal'),
    line: 'store-ops: store-ops.yaml:13: backup.metrics_file (./store.db-wal) is also databases[0].path',
  },
  {
    name: 'metrics_file on a register journal',
    text: GOOD.replace('metrics_file: ./metrics/store_ops.prom', 'metrics_file: ./journals/POS-01.jsonl'),
    line: 'store-ops: store-ops.yaml:13: backup.metrics_file (./journals/POS-01.jsonl) is also journals[0] (./journals/*.jsonl)',
  },
  {
    name: 'files: ["./"] takes in the database',
    text: GOOD.replace('files: [./config/]', 'files: [./]'),
    line: 'store-ops: store-ops.yaml:7: files[0] (./) contains ./store.db (databases[0].path)',
  },
  {
    name: 'files takes in the journals folder',
    text: GOOD.replace('files: [./config/]', 'files: [./config/, ./journals/]'),
    line: 'store-ops: store-ops.yaml:7: files[1] (./journals) contains ./journals/*.jsonl (journals[0])',
  },
  {
    name: 'files takes in the backups',
    text: GOOD.replace('files: [./config/]', 'files: [./backups/]'),
    line: 'store-ops: store-ops.yaml:7: files[0] (./backups) is also backup.destinations[0].path (./backups)',
  },
  {
    name: 'a destination inside the state folder',
    text: GOOD.replace('path: ./backups }', 'path: ./.store-ops/backups }'),
    line: 'store-ops: store-ops.yaml:12: backup.destinations[0].path (./.store-ops/backups) lies inside ./.store-ops (state_dir)',
  },
  {
    name: 'the state folder inside a destination',
    text: GOOD.replace('state_dir: ./.store-ops', 'state_dir: ./backups/state'),
    line: 'store-ops: store-ops.yaml:12: backup.destinations[0].path (./backups) contains ./backups/state (state_dir)',
  },
  {
    name: 'the state folder is the journals folder',
    text: GOOD.replace('state_dir: ./.store-ops', 'state_dir: ./journals'),
    line: 'store-ops: store-ops.yaml:14: state_dir (./journals) contains ./journals/*.jsonl (journals[0])',
  },
  {
    name: 'a destination that is the store folder itself',
    text: GOOD.replace('path: ./backups }', 'path: ./ }'),
    line: 'store-ops: store-ops.yaml:12: backup.destinations[0].path (./) contains ./store.db (databases[0].path)',
  },
];

describe('config check refuses outputs and backups that overlap the store data', () => {
  for (const c of REFUSED) {
    it(`${c.name}: exit 2, file:line, key and what it hits; stdout empty`, async () => {
      const r = await check(c.text);
      expect(r.stderr.split('\n')[0]).toContain(c.line);
      expect(r.stderr).toContain('→ give ');
      expect(r.stdout).toBe('');
      expect(r.code).toBe(2);
    });
  }

  it('the same refusal in Chinese when LANG is zh_CN', async () => {
    const { dir, config } = storeWith(GOOD.replace('files: [./config/]', 'files: [./]'));
    const r = await runCli(['--config', config, 'config', 'check'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.stderr).toContain('store-ops.yaml:7：files[0]（./）包含了 ./store.db（databases[0].path）');
    expect(r.code).toBe(2);
  });

  it('a store folder whose name reads like glob syntax ("shop (1) [a]") is matched literally', async () => {
    const dir = path.join(tmp.dir, 'shop (1) [a]');
    mkdirSync(path.join(dir, 'journals'), { recursive: true });
    mkdirSync(path.join(dir, 'config'));
    writeFileSync(path.join(dir, 'store.db'), '');
    const config = path.join(dir, 'store-ops.yaml');
    writeFileSync(config, GOOD);
    const good = await runCli(['--config', config, 'config', 'check'], { cwd: dir });
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    writeFileSync(config, GOOD.replace('metrics_file: ./metrics/store_ops.prom', 'metrics_file: ./journals/POS-01.jsonl'));
    const bad = await runCli(['--config', config, 'config', 'check'], { cwd: dir });
    expect(bad.stderr).toContain('store-ops.yaml:13: backup.metrics_file (./journals/POS-01.jsonl) is also journals[0] (./journals/*.jsonl)');
    expect(bad.code).toBe(2);
  });

  it('metrics_file on the config file itself is refused', async () => {
    const r = await check(GOOD.replace('metrics_file: ./metrics/store_ops.prom', 'metrics_file: ./store-ops.yaml'));
    expect(r.stderr).toContain('store-ops.yaml:13: backup.metrics_file (./store-ops.yaml) is also --config (./store-ops.yaml)');
    expect(r.code).toBe(2);
  });

  it('a state folder below the journals folder that no journal glob can reach is accepted', async () => {
    const r = await check(GOOD.replace('state_dir: ./.store-ops', 'state_dir: ./journals/store-ops-state'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('config check refuses configured folders that are links leading out of the store', () => {
  it('files: ["./config/"] where config is a link to a folder outside the store names the key and both paths', async () => {
    const r = await check(GOOD, (dir) => symlinkSync(outside, path.join(dir, 'config')));
    expect(r.stderr.split('\n')[0]).toBe(
      `store-ops: store-ops.yaml:7: files[0] (./config/) is a link leading outside the store folder ${r.dir}, to ${outside}; store-ops does not follow a configured folder out of the store`,
    );
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  });

  it('state_dir whose parent folder is a link out of the store is refused', async () => {
    const r = await check(GOOD.replace('state_dir: ./.store-ops', 'state_dir: ./var/store-ops'), (dir) => {
      mkdirSync(path.join(dir, 'config'));
      symlinkSync(outside, path.join(dir, 'var'));
    });
    expect(r.stderr).toContain(`store-ops.yaml:14: state_dir (./var/store-ops) is a link leading outside the store folder ${r.dir}, to ${path.join(outside, 'store-ops')}`);
    expect(r.code).toBe(2);
  });

  it('a destination that is a link to a NAS mount outside the store is accepted', async () => {
    const r = await check(GOOD.replace('path: ./backups }', 'path: ./nas }'), (dir) => {
      mkdirSync(path.join(dir, 'config'));
      symlinkSync(outside, path.join(dir, 'nas'));
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a folder named outside the store in the config itself is accepted', async () => {
    const r = await check(GOOD.replace('files: [./config/]', `files: [${outside}/]`));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
