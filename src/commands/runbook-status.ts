// store-ops runbook status [--all]: open incidents (with --all, closed ones too), each with its
// stage, its step, and time spent against the stage's target.
import type { Context } from '../core/context.js';
import { formatDuration, formatTarget } from '../runbook/duration.js';
import { IncidentStore } from '../runbook/incidents.js';
import { incidentState, type IncidentState } from '../runbook/state.js';
import { paint } from '../ui/output.js';
import type { CommandResult } from './types.js';

interface Options {
  all?: boolean;
}

export function incidentLine(ctx: Context, s: IncidentState): string {
  const { t, lang } = ctx;
  const took = formatDuration(s.elapsed_seconds * 1000, lang);
  if (s.status === 'closed') return t('incident.closedLine', { id: s.id, runbook: s.runbook, title: s.title, took });
  const stage = s.stage;
  const clock = stage ? t('incident.stageClock', {
    index: stage.index, count: stage.count, name: t(`stage.${stage.id}` as 'stage.diagnosis'),
    elapsed: formatDuration(stage.elapsed_seconds * 1000, lang), target: formatTarget(stage.target, lang),
  }) : '';
  const line = t('incident.openLine', { id: s.id, runbook: s.runbook, title: s.title, took, stage: clock, index: s.step?.index ?? '-', total: s.step?.total ?? '-', step: s.step?.title ?? '-' });
  return stage?.over_target ? paint(ctx).red(line) : line;
}

export async function run(_args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  const store = IncidentStore.open(ctx.config().state_dir);
  try {
    const now = new Date();
    const states = store.list(options.all ? 'all' : 'open').map((i) => incidentState(i, store.events(i.id), now, ctx.lang));
    const text = states.length === 0 ? [ctx.t(options.all ? 'incident.none' : 'incident.noneOpen')] : states.map((s) => incidentLine(ctx, s));
    if (states.some((s) => s.interrupted_command)) text.push(ctx.t('incident.interruptedNote'));
    if (states.some((s) => s.status === 'open')) text.push(ctx.t('incident.resumeNext'));
    return { data: { incidents: states }, text };
  } finally {
    store.close();
  }
}
