import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('one error path for the whole program', () => {
  it('an unknown option is a usage error: exit 2, one line and a hint on stderr, stdout empty', async () => {
    const r = await runCli(['config', 'check', '--bogus'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("store-ops: unknown option '--bogus'\n→ try: store-ops config check --help\n");
  });

  it('a missing argument names it', async () => {
    const r = await runCli(['demo', 'init'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("store-ops: missing required argument 'dir'");
  });

  it('--lang accepts only zh and en', async () => {
    const r = await runCli(['--lang', 'fr', 'config', 'check'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lang must be zh or en, got "fr"');
  });

  it('under --json the error is also a JSON document on stdout', async () => {
    const r = await runCli(['--json', 'config', 'check'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { ok: boolean; exit_code: number; error: { code: string; message: string; hint: string } };
    expect(doc.ok).toBe(false);
    expect(doc.exit_code).toBe(2);
    expect(doc.error.code).toBe('config.notFound');
    expect(doc.error.hint).toContain('store-ops init');
  });

  it('speaks Chinese with --lang zh', async () => {
    const r = await runCli(['--lang', 'zh', '--config', 'missing.yaml', 'config', 'check'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('store-ops: missing.yaml：配置文件不存在');
    expect(r.stderr).toContain('→ 可以运行：store-ops init');
  });

  it('prints a stack trace only with --verbose', async () => {
    const quiet = await runCli(['--config', 'missing.yaml', 'config', 'check'], { cwd: tmp.dir });
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const verbose = await runCli(['--verbose', '--config', 'missing.yaml', 'config', 'check'], { cwd: tmp.dir });
    expect(verbose.code).toBe(2);
    // dist/ is a bundle; its source maps make the stack name the source file and line.
    expect(verbose.stderr).toMatch(/\n\s+at .*src\/core\/config\/load\.ts:\d+/);
  });
});
