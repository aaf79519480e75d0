// What the runbook commands share: where runbook files are, which commands a `run` step may name
// (the registry), the incident store of the config's state_dir, and choosing an incident by id.
import path from 'node:path';
import { COMMANDS } from '../cli.js';
import type { Context } from '../core/context.js';
import { StoreOpsError, usageError } from '../core/errors.js';
import type { Incident, IncidentStore } from '../runbook/incidents.js';
import { incidentState } from '../runbook/state.js';
import { unknownCommands } from '../runbook/check.js';
import { findRunbookFile, loadRunbookFile, runbookFiles, type RunbookFile } from '../runbook/load.js';
import type { Runbook } from '../runbook/schema.js';
import { chooseOne } from '../ui/prompts.js';
import { storeClock } from '../ui/backup-entry.js';
import { pasteable } from '../core/pasteable.js';
import type { CommandResult } from './types.js';

export const knownCommands = (): string[][] => COMMANDS.map((c) => c.words);

/** The store's own runbooks/ beside its config; none when there is no config (printing at home). */
export function storeRunbookDir(ctx: Context): string | undefined {
  try {
    return path.join(ctx.config().configDir, 'runbooks');
  } catch (err) {
    if (err instanceof StoreOpsError && err.key === 'config.notFound') return undefined;
    throw err;
  }
}

export function allRunbookFiles(ctx: Context): RunbookFile[] {
  return runbookFiles(storeRunbookDir(ctx));
}

export function loadRunbook(ctx: Context, name: string): { file: RunbookFile; runbook: Runbook } {
  const file = findRunbookFile(allRunbookFiles(ctx), name);
  return { file, runbook: loadRunbookFile(file, { cwd: ctx.io.cwd }) };
}

/** Warning lines for `run` steps naming a command this store-ops lacks. */
export function commandWarnings(ctx: Context, rb: Runbook): string[] {
  return unknownCommands(rb, knownCommands()).map((u) => `store-ops: ${ctx.t('runbook.unknownCommand', { runbook: rb.id, step: u.step, command: u.command })}`);
}

/** Without a terminal a walk needs --answers; refusing at once beats hanging under cron. */
export function needAnswersOrTerminal(ctx: Context, answers: string | undefined, command: string): void {
  if (answers === undefined && !ctx.interactive) throw usageError('runbook.needsTerminal', {}, { key: 'hint.runbookAnswers', params: { command } });
}

export function parseIncidentId(value: string): number {
  const id = Number(value.replace(/^#/, ''));
  if (!Number.isInteger(id) || id <= 0) throw usageError('runbook.badId', { value }, { key: 'hint.runbookStatus' });
  return id;
}

export function getIncident(store: IncidentStore, value: string): Incident {
  const incident = store.get(parseIncidentId(value));
  if (!incident) throw usageError('runbook.noIncident', { id: value.replace(/^#/, '') }, { key: 'hint.runbookStatus' });
  return incident;
}

/** The one open incident, or the one a person picks; without a terminal several is an error. */
export async function pickOpenIncident(ctx: Context, store: IncidentStore): Promise<Incident> {
  const open = store.list('open');
  if (open.length === 0) throw usageError('runbook.noneOpen', {}, { key: 'hint.runbookStart' });
  if (open.length === 1) return open[0]!;
  const list = open.map((i) => `#${i.id} ${i.runbook.id}`).join(', ');
  if (!ctx.interactive) throw usageError('runbook.whichIncident', { list }, { key: 'hint.runbookResumeId' });
  const tz = ctx.config().store.timezone;
  const id = await chooseOne(ctx.t('runbook.pickIncident'), open.map((i) => ({
    value: String(i.id), name: `#${i.id}  ${i.runbook.title[ctx.lang]}  ${ctx.t('runbook.openedAt', { at: storeClock(Date.parse(i.opened_at), tz), by: i.opened_by })}`,
  })), { lang: ctx.lang, ...(ctx.json ? { output: process.stderr } : {}) });
  return open.find((i) => String(i.id) === id)!;
}

/** What start and resume return: where the incident stands, and the report to read next. */
export function walkResult(ctx: Context, store: IncidentStore, id: number, finished: boolean): CommandResult {
  const incident = store.get(id)!;
  const state = incidentState(incident, store.events(id), new Date(), ctx.lang);
  return {
    data: { incident: state, finished, report_command: pasteable(ctx.configFlag, ['runbook', 'report', String(id)]) },
    text: [finished ? ctx.t('runbook.reportNext', { id }) : ctx.t('runbook.openNext', { id })],
  };
}
