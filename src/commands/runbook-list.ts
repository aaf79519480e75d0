// store-ops runbook list: every runbook there is, built-in and the store's own. A broken file is
// named on stderr and makes the exit code 2, without hiding the runbooks that are fine; a `run`
// step naming a command this store-ops lacks is a warning.
import type { Context } from '../core/context.js';
import { StoreOpsError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { flatten } from '../runbook/machine.js';
import { loadRunbookFile } from '../runbook/load.js';
import { renderError } from '../ui/output.js';
import { allRunbookFiles, commandWarnings } from './runbook-shared.js';
import type { CommandResult } from './types.js';

export async function run(_args: string[], _options: object, ctx: Context): Promise<CommandResult> {
  const rows: Array<Record<string, unknown>> = [];
  const problems: Array<{ file: string; error: string }> = [];
  const warnings: string[] = [];
  for (const f of allRunbookFiles(ctx)) {
    try {
      const rb = loadRunbookFile(f, { cwd: ctx.io.cwd });
      warnings.push(...commandWarnings(ctx, rb));
      rows.push({
        id: rb.id, title: rb.title[ctx.lang], summary: rb.summary[ctx.lang].trim(), causes: rb.causes,
        stages: rb.stages.map((s) => ({ stage: s.stage, target: s.target })), steps: flatten(rb).length, source: f.source, file: f.file,
      });
    } catch (err) {
      if (!(err instanceof StoreOpsError)) throw err;
      problems.push({ file: f.file, error: renderError(err, ctx.lang).line.replace(/^store-ops: /, '') });
    }
  }
  const width = Math.max(0, ...rows.map((r) => String(r.id).length));
  const text = rows.map((r) =>
    `${String(r.id).padEnd(width)}  ${String(r.title)}  ${ctx.t('runbook.listFacts', { stages: (r.stages as unknown[]).length, steps: Number(r.steps) })}${r.source === 'store' ? `  ${ctx.t('runbook.storeOwn')}` : ''}`);
  text.push('', ctx.t('runbook.listNext'));
  return {
    data: { runbooks: rows, problems },
    text,
    warnings: [...problems.map((p) => `store-ops: ${p.error}`), ...warnings],
    exitCode: problems.length > 0 ? EXIT.usage : EXIT.ok,
  };
}
