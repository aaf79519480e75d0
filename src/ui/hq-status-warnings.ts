// A status for HQ that could not be written is a warning on the command it followed, in the
// reader's language, never its failure.
import type { Context } from '../core/context.js';
import type { PublishProblem } from '../status/publish.js';

export function hqStatusWarnings(ctx: Context, problems: readonly PublishProblem[]): string[] {
  return problems.map((p) => ctx.t('hqStatus.notWritten', { name: p.destination, problem: ctx.t(p.error.key, p.error.params) }));
}
