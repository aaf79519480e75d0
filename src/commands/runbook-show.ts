// store-ops runbook show NAME [--format text|md]: every step as a printable checklist, to print
// while the computer still works. Needs no config (a store's own runbooks are found when there is one).
import type { Context } from '../core/context.js';
import { usageError } from '../core/errors.js';
import { renderChecklist, type ChecklistFormat } from '../runbook/checklist.js';
import { commandWarnings, loadRunbook } from './runbook-shared.js';
import type { CommandResult } from './types.js';

interface Options {
  format: string;
}

export async function run(args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  if (options.format !== 'text' && options.format !== 'md') throw usageError('runbook.badFormat', { value: options.format });
  const { file, runbook } = loadRunbook(ctx, args[0]!);
  const text = renderChecklist(runbook, options.format as ChecklistFormat, ctx.t, ctx.lang);
  return { data: { file: file.file, source: file.source, runbook }, text: [text.trimEnd()], warnings: commandWarnings(ctx, runbook), document: true };
}
