// Configs that are not a mapping of keys at all: empty, a list, a lone value, two documents, an
// alias bomb. Each is a config error (exit 2) naming the file and line with a hint that works,
// never an "internal error", and the command that would have written does nothing.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../helpers/cli.js';

function aliasBomb(): string {
  let text = `a: &a [${Array(9).fill('"lol"').join(', ')}]\n`;
  let previous = 'a';
  for (const name of 'bcdefghi') {
    text += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
    previous = name;
  }
  return text;
}

const CASES: Array<{ name: string; text: string; error: string; hint: string }> = [
  { name: 'empty', text: '', error: 'empty.yaml:1: the config file is empty', hint: '→ move it aside and write a new one: mv empty.yaml empty.yaml.empty && store-ops init --out empty.yaml' },
  { name: 'comments-only', text: '# store-ops\n\n', error: 'comments-only.yaml:1: the config file is empty', hint: '→ move it aside' },
  { name: 'list', text: '- a\n- b\n', error: 'list.yaml:1: the config must be a mapping of keys (store:, databases:, …), got a list', hint: '→ start from a working config: store-ops init --out new-store-ops.yaml' },
  { name: 'number', text: '42', error: 'number.yaml:1: the config must be a mapping of keys (store:, databases:, …), got the single value 42', hint: '→ start from' },
  { name: 'null', text: '\nnull\n', error: 'null.yaml:2: the config must be a mapping of keys (store:, databases:, …), got the single value null', hint: '→ start from' },
  { name: 'two-documents', text: 'store:\n  id: SH-1\n---\nstore:\n  id: SH-2\n', error: 'two-documents.yaml:3: the config holds more than one YAML document (a second one starts here)', hint: '→ remove the second document (from the --- line on), then run: store-ops --config two-documents.yaml config check' },
  { name: 'alias-bomb', text: aliasBomb(), error: 'alias-bomb.yaml:2: too many YAML aliases (*name); the config expands to too much data', hint: '→ write the values out instead of repeating aliases, then run: store-ops --config alias-bomb.yaml config check' },
];

const tmp = tempDir();
beforeAll(() => {
  for (const c of CASES) writeFileSync(path.join(tmp.dir, `${c.name}.yaml`), c.text);
});
afterAll(tmp.cleanup);

describe('a config that is not a mapping of keys', () => {
  it.each(CASES)('config check: $name → exit 2 with file and line', async (c) => {
    const r = await runCli(['--config', `${c.name}.yaml`, 'config', 'check'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const [first, hint, rest] = r.stderr.split('\n');
    expect(first).toBe(`store-ops: ${c.error}`);
    expect(hint!.startsWith(c.hint)).toBe(true);
    expect(rest).toBe('');
  });

  it.each(CASES)('backup run: $name → exit 2, nothing written, no internal error', async (c) => {
    const before = readdirSync(tmp.dir).sort();
    const r = await runCli(['--config', `${c.name}.yaml`, 'backup', 'run'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(c.error);
    expect(r.stderr).not.toContain('internal error');
    expect(readdirSync(tmp.dir).sort()).toEqual(before);
  });

  it('is said in Chinese with --lang zh', async () => {
    const r = await runCli(['--lang', 'zh', '--config', 'empty.yaml', 'config', 'check'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('store-ops: empty.yaml:1: 配置文件是空的\n→ 把它移开并生成新的配置：mv empty.yaml empty.yaml.empty && store-ops init --out empty.yaml\n');
  });
});
