// store-ops runbook report ID [--out FILE]: the incident report in Markdown, for the store's
// records and the follow-up meeting; open incidents get a report so far.
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import type { Context } from '../core/context.js';
import { checkOutput } from '../core/output-guard.js';
import { IncidentStore } from '../runbook/incidents.js';
import { renderReport } from '../runbook/report.js';
import { incidentState } from '../runbook/state.js';
import { isStoreOpsReport } from '../ui/report-signatures.js';
import { getIncident } from './runbook-shared.js';
import type { CommandResult } from './types.js';

interface Options {
  out?: string;
  force?: boolean;
}

export async function run(args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  const file = options.out === undefined ? null
    : checkOutput(config, { given: options.out, cwd: ctx.io.cwd, force: Boolean(options.force), command: `runbook report ${args[0]!}`, suggest: `incident-${args[0]!}.md`, isOwnReport: isStoreOpsReport });
  const store = IncidentStore.open(config.state_dir);
  try {
    const incident = getIncident(store, args[0]!);
    const events = store.events(incident.id);
    const state = incidentState(incident, events, new Date(), ctx.lang);
    const markdown = renderReport({ incident, events, state, store: config.store, t: ctx.t, lang: ctx.lang });
    if (file) writeFileAtomic(file, markdown);
    return {
      data: { incident: state, file, markdown, events },
      text: file ? [ctx.t('report.written', { file: path.relative(ctx.io.cwd, file) || file })] : [markdown.trimEnd()],
      document: !file,
    };
  } finally {
    store.close();
  }
}
