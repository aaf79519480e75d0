// store-ops runbook resume [ID] [--answers FILE]: after a crash, a reboot or a pause, continues the
// incident at the exact step its events say, with the answers so far (and a command that was cut
// off mid-run shown as such). Without an id: the one open incident.
import path from 'node:path';
import type { Context } from '../core/context.js';
import { usageError } from '../core/errors.js';
import { answersPrompter, loadAnswers } from '../runbook/answers.js';
import { IncidentStore } from '../runbook/incidents.js';
import { walkSession } from '../ui/runbook-session.js';
import { getIncident, needAnswersOrTerminal, pickOpenIncident, walkResult } from './runbook-shared.js';
import type { CommandResult } from './types.js';

interface Options {
  answers?: string;
}

export async function run(args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  needAnswersOrTerminal(ctx, options.answers, `store-ops runbook resume${args[0] ? ` ${args[0]}` : ''}`);
  const config = ctx.config();
  const store = IncidentStore.open(config.state_dir);
  try {
    const incident = args[0] !== undefined ? getIncident(store, args[0]) : await pickOpenIncident(ctx, store);
    if (incident.closed_at) throw usageError('runbook.closed', { id: incident.id, at: incident.closed_at }, { key: 'hint.runbookReport', params: { id: incident.id } });
    const answersFile = options.answers && path.resolve(ctx.io.cwd, options.answers);
    const prompter = answersFile ? answersPrompter(loadAnswers(answersFile, options.answers!, incident.runbook), options.answers!) : undefined;
    ctx.audit.stateDir = config.state_dir;
    ctx.audit.details = { incident: incident.id, runbook: incident.runbook.id, answers: answersFile ?? null };
    const result = await walkSession(ctx, incident, { store, config, prompter, resuming: true });
    return walkResult(ctx, store, incident.id, result.finished);
  } finally {
    store.close();
  }
}
