// store-ops audit: the audit log, newest first: when (the store's clock with its offset; ISO 8601
// in JSON), who the operating system says ran it and their role, the name typed with --operator,
// the command and how it ended. --since (a duration back, or a time) and --user narrow it.
import type { AuditRow } from '../core/audit.js';
import { readAudit } from '../core/audit.js';
import type { Context } from '../core/context.js';
import { usageError } from '../core/errors.js';
import type { MessageKey } from '../core/i18n.js';
import { isoInZone } from '../checks/store-time.js';
import { parseSince } from './diagnose.js';
import type { CommandResult } from './types.js';

interface Options {
  since?: string;
  user?: string;
  limit: string;
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
    text: rows.length === 0
      ? [ctx.t('audit.none')]
      : rows.map((r) => ctx.t('audit.row', {
        at: clockWithSeconds(at(r)), user: r.user ?? '-', role: role(r), operator: r.operator, command: r.command,
        outcome: ctx.t(`audit.outcome.${r.outcome}`),
      })),
  };
}
