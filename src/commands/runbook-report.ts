// store-ops runbook report ID [--out FILE]: the incident report in Markdown, for the store's
// records and the follow-up meeting; open incidents get a report so far.
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import type { Context } from '../core/context.js';
import { IncidentStore } from '../runbook/incidents.js';
import { renderReport } from '../runbook/report.js';
import { incidentState } from '../runbook/state.js';
import { getIncident } from './runbook-shared.js';
import type { CommandResult } from './types.js';

interface Options {
  out?: string;
}

export async function run(args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  const store = IncidentStore.open(config.state_dir);
  try {
    const incident = getIncident(store, args[0]!);
    const events = store.events(incident.id);
    const state = incidentState(incident, events, new Date(), ctx.lang);
    const markdown = renderReport({ incident, events, state, store: config.store, t: ctx.t, lang: ctx.lang });
    const file = options.out ? path.resolve(ctx.io.cwd, options.out) : null;
    if (file) writeFileAtomic(file, markdown);
    return {
      data: { incident: state, file, markdown, events },
      text: file ? [ctx.t('report.written', { file: path.relative(ctx.io.cwd, file) || file })] : [markdown.trimEnd()],
    };
  } finally {
    store.close();
  }
}
