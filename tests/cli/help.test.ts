import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli.js';
import { runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('store-ops --help', () => {
  it('lists every registered command by its full name, and the exit codes', async () => {
    const r = await runCli(['--help'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    for (const spec of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${spec.words.join(' ')}\\b`, 'm'));
    expect(r.stdout).toContain('Exit codes: 0 done, 1 the operation failed, 2 usage or configuration error.');
    for (const flag of ['--config', '--json', '--lang', '--no-color', '--operator', '--yes', '--verbose']) expect(r.stdout).toContain(flag);
  });

  it.each(COMMANDS.map((c) => [c.words.join(' ')]))('"%s --help" works and shows the global options', async (words) => {
    const r = await runCli([...words.split(' '), '--help'], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: store-ops ${words}`);
    expect(r.stdout).toContain('--json');
    expect(r.stderr).toBe('');
  });

  it('is translated with --lang zh', async () => {
    const r = await runCli(['--lang', 'zh', '--help'], { cwd: tmp.dir });
    expect(r.stdout).toContain('校验配置并打印解析后的完整配置');
    expect(r.stdout).toContain('退出码');
  });

  it('follows LANG when no --lang is given', async () => {
    const r = await runCli(['--help'], { cwd: tmp.dir, env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.stdout).toContain('生成演示门店');
  });
});
