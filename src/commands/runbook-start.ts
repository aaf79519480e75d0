// store-ops runbook start NAME [--answers FILE] [--new]: opens an incident and walks its steps.
// Without a terminal it needs --answers and refuses at once otherwise. An open incident of the
// same runbook (a reboot, a second terminal) is resumed rather than duplicated unless --new.
import path from 'node:path';
import type { Context } from '../core/context.js';
import { usageError } from '../core/errors.js';
import { answersPrompter, loadAnswers } from '../runbook/answers.js';
import { IncidentStore } from '../runbook/incidents.js';
import { chooseOne } from '../ui/prompts.js';
import { storeClock } from '../ui/backup-entry.js';
import { walkSession } from '../ui/runbook-session.js';
import { loadRunbook, needAnswersOrTerminal, walkResult } from './runbook-shared.js';
import type { CommandResult } from './types.js';

interface Options {
  answers?: string;
  new?: boolean;
}

export async function run(args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  needAnswersOrTerminal(ctx, options.answers, `store-ops runbook start ${args[0]}`);
  const { runbook } = loadRunbook(ctx, args[0]!);
  const answersFile = options.answers && path.resolve(ctx.io.cwd, options.answers);
  const prompter = answersFile ? answersPrompter(loadAnswers(answersFile, options.answers!, runbook), options.answers!) : undefined;
  const config = ctx.config();
  const store = IncidentStore.open(config.state_dir);
  try {
    let incident = store.list('open').find((i) => i.runbook.id === runbook.id);
    let resuming = false;
    if (incident && !options.new) {
      const params = { id: incident.id, runbook: runbook.id, at: storeClock(Date.parse(incident.opened_at), config.store.timezone) };
      if (prompter || !ctx.interactive) throw usageError('runbook.alreadyOpen', params, { key: 'hint.runbookAlreadyOpen', params });
      const choice = await chooseOne(ctx.t('runbook.alreadyOpen', params), [
        { value: 'resume', name: ctx.t('runbook.choiceResume', params) },
        { value: 'new', name: ctx.t('runbook.choiceNew') },
      ], { lang: ctx.lang, ...(ctx.json ? { output: process.stderr } : {}) });
      resuming = choice === 'resume';
    }
    if (!resuming) incident = store.open(runbook, ctx.lang, ctx.operator, new Date());
    ctx.audit.stateDir = config.state_dir;
    ctx.audit.details = { incident: incident!.id, runbook: runbook.id, answers: answersFile ?? null };
    const result = await walkSession(ctx, incident!, { store, config, prompter, resuming });
    return walkResult(ctx, store, incident!.id, result.finished);
  } finally {
    store.close();
  }
}
