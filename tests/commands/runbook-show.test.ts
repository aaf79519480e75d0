// runbook list, show and status as a person reads them: the printable checklist in text and
// Markdown, in both languages, with no config at all (printed at home before the bad night).
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
const cli = (args: string[]) => runCli(args, { cwd: tmp.dir });

describe('runbook list and show without a config', () => {
  it('list names every built-in runbook with its title in the chosen language', async () => {
    const r = await cli(['--lang', 'zh', 'runbook', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pos-crash +收银 \/ 进销存系统崩溃 +（5 个阶段，38 步）$/m);
    expect(r.stdout).toMatch(/^payment-failure +支付系统故障（只收现金 \+ 手工记录）/m);
  });

  it('show prints every step as a checklist with stage targets, branches and commands', async () => {
    const r = await cli(['--lang', 'en', 'runbook', 'show', 'pos-crash']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('== Stage 2/5: Emergency handling (target 2 h) ==');
    expect(r.stdout).toContain('== Stage 3/5: Detailed investigation (target 1–3 d) ==');
    expect(r.stdout).toContain('[ ] 1. Keep the evidence; do not restart anything yet  (do, keep-evidence)');
    expect(r.stdout).toMatch(/\( \) Only one register has a problem → go to step \d+/);
    expect(r.stdout).toContain('Run: store-ops restore --latest [--identity {identity}] --yes');
    expect(r.stdout).toContain('Write: ______');
  });

  it('show --format md is Markdown with tick boxes, in Chinese', async () => {
    const r = await cli(['--lang', 'zh', 'runbook', 'show', 'payment-failure', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('# 支付系统故障（只收现金 + 手工记录） (`payment-failure`)\n')).toBe(true);
    expect(r.stdout).toContain('## 阶段 1/5：初步诊断（目标 1 小时）');
    expect(r.stdout).toMatch(/^- \[ \] \*\*\d+\. 手写小票（手工记录交易）\*\*/m);
    expect(r.stdout).toContain('at,register,slip_no,sku_or_barcode,qty,unit_price,payment_method,staff,note');
  });

  it('show of an unknown runbook is a usage error listing the ones there are', async () => {
    const r = await cli(['runbook', 'show', 'pos-crahs']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^store-ops: no runbook "pos-crahs" \(there are: data-loss-no-backup, .*pos-crash/);
  });

  it('status needs the config (incidents live in its state database)', async () => {
    const r = await cli(['runbook', 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no config file found');
  });
});
