// store-ops audit: the audit log, newest first: when (the store's clock with its offset; ISO 8601
// in JSON), who the operating system says ran it and their role, the name typed with --operator,
// the command as it was typed (secrets already taken out when the row was written) and how it
// ended. --since (a duration back, or a time) and --user narrow it.
import type { AuditRow } from '../core/audit.js';
import { readAudit } from '../core/audit.js';
import type { Context } from '../core/context.js';
import { usageError } from '../core/errors.js';
import { shellQuote } from '../core/pasteable.js';
import type { MessageKey } from '../core/i18n.js';
import { isoInZone } from '../checks/store-time.js';
import { parseSince } from './diagnose.js';
import type { CommandResult } from './types.js';

interface Options {
  since?: string;
  user?: string;
  limit: string;
}

/** The command line as typed, so a look and a change (`reconcile sales`, `… --apply`) read apart. */
const typed = (r: AuditRow) => ['store-ops', ...(r.args.length > 0 ? r.args : r.command.split(' '))].map(shellQuote).join(' ');

const VERDICTS: Record<string, MessageKey> = {
  ok: 'diag.status.ok', warning: 'diag.status.warning', critical: 'diag.status.critical', unknown: 'diag.status.unknown',
  complete: 'audit.verdict.complete', waiting: 'audit.verdict.waiting',
};

/** How it ended; a command whose exit code is its verdict (diagnose, fleet status, --check) shows it. */
function outcomeText(ctx: Context, r: AuditRow): string {
  const outcome = ctx.t(`audit.outcome.${r.outcome}`);
  const key = typeof r.details.verdict === 'string' ? VERDICTS[r.details.verdict] : undefined;
  return key ? ctx.t('audit.withVerdict', { outcome, verdict: ctx.t(key) }) : outcome;
}

const clockWithSeconds = (iso: string) => `${iso.slice(0, 19).replace('T', ' ')} ${iso.slice(19)}`;

export async function run(_args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  const tz = config.store.timezone;
  const since = options.since === undefined ? undefined : parseSince(options.since, Date.now(), tz);
  if (options.since !== undefined && since === undefined) throw usageError('audit.badSince', { value: options.since }, { key: 'hint.auditSince' });
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) throw usageError('audit.badLimit', { value: options.limit }, { key: 'hint.auditLimit' });
  const rows = readAudit(config.state_dir, limit, { since: since === undefined ? undefined : new Date(since).toISOString(), user: options.user?.trim() || undefined });
  const at = (r: AuditRow) => isoInZone(Date.parse(r.at), tz);
  const role = (r: AuditRow) => (r.role ? ctx.t(`roles.name.${r.role}` as MessageKey) : '-');
  return {
    data: {
      entries: rows.map((r) => ({
        at: at(r), user: r.user, role: r.role, operator: r.operator, command: r.command, args: r.args, outcome: r.outcome, details: r.details,
      })),
    },
    // The commands are quoted as they were typed, not as hints to this shell: no --config added.
    document: true,
    text: rows.length === 0
      ? [ctx.t('audit.none')]
      : rows.map((r) => ctx.t('audit.row', {
        at: clockWithSeconds(at(r)), user: r.user ?? '-', role: role(r), operator: r.operator, command: typed(r),
        outcome: outcomeText(ctx, r),
      })),
  };
}
