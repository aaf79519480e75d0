// fleet status for people and for machines. Times are on the store's clock with its offset when
// its status says which zone it is in, else on this machine's (HQ's) clock, also with the offset.
// In --json the sentences follow --lang as everywhere; status_file.reason stays English beside its
// code, for HQ's scripts.
import type { Context } from '../../core/context.js';
import { saySentence, type Sentence, type Translator } from '../../core/i18n.js';
import type { FleetReport, FleetRow } from '../../fleet/judge.js';
import { isoInZone } from '../../checks/store-time.js';
import { formatDuration } from '../../runbook/duration.js';
import { formatBytes, padColumns } from '../format.js';
import type { Status } from '../../checks/types.js';
import { paint } from '../output.js';
import { storeClock } from '../backup-entry.js';

const hqZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const zoneOf = (row: FleetRow) => row.timezone ?? hqZone();

/** Said once per report: how little a signature proves while stores are not bound to their keys. */
function notices(t: Translator, r: FleetReport): string[] {
  if (r.trust === 'none') return [t('fleet.notice.noSigners')];
  if (r.trust === 'any_key') return [t('fleet.notice.anyKey')];
  return [];
}

export function fleetJson(ctx: Context, r: FleetReport) {
  const say = (s: Sentence) => saySentence(ctx.lang, s);
  return {
    status: r.status,
    exit_code: r.exit_code,
    checked_at: isoInZone(r.now, hqZone()),
    signer_trust: r.trust,
    notices: notices(ctx.t, r),
    stores: r.rows.map((row) => {
      const tz = zoneOf(row);
      return {
        id: row.id, name: row.name, destination: row.destination,
        newest_backup: row.newest_backup && { id: row.newest_backup.id, base: row.newest_backup.base, created: isoInZone(row.newest_backup.created, tz), size: row.newest_backup.size },
        age_hours: row.age_hours, max_age_hours: row.max_age_hours, verified: row.verified,
        last_drill: row.last_drill, last_diagnose: row.last_diagnose,
        status_file: { ...row.status_file, reason: row.status_file.reason && saySentence('en', row.status_file.reason), reason_code: row.status_file.reason?.code ?? null },
        bound: row.bound, signed_with_other_key: row.signed_with_other_key, silent: row.silent, silent_since: row.silent_since,
        status: row.status, reasons: row.reasons.map(say),
      };
    }),
    destination_errors: r.errors.map((e) => ({ destination: e.destination, error: say(e.error) })),
  };
}

const statusWord = (ctx: Context, s: Status) => ctx.t(`diag.status.${s}`);
const VERIFIED = ['never', 'quick', 'deep', 'drill', 'failed'] as const;
const STATUSES = ['ok', 'warning', 'critical', 'unknown'] as const satisfies readonly Status[];
const CAUSE_CLASSES = ['hardware', 'software', 'network', 'human', 'external'] as const;
// A store's status may come from a newer store-ops with words this one has no translation for: shown as written.
const known = <T extends string>(words: readonly T[], w: string): w is T => (words as readonly string[]).includes(w);
const verifiedWord = (ctx: Context, v: string) => (known(VERIFIED, v) ? ctx.t(`list.verified.${v}`) : v === 'unknown' ? ctx.t('fleet.verifiedUnknown') : v);
const diagnoseWord = (ctx: Context, s: string) => (known(STATUSES, s) ? statusWord(ctx, s) : s);
const causeWord = (ctx: Context, c: string | null) => (c === null ? '-' : known(CAUSE_CLASSES, c) ? ctx.t(`diag.class.${c}`) : c);

function rowLine(ctx: Context, r: FleetReport, row: FleetRow): string {
  const tz = zoneOf(row);
  const at = (iso: string) => storeClock(Date.parse(iso), tz);
  const b = row.newest_backup;
  const parts = [
    b ? ctx.t('fleet.backup', { id: b.id, created: storeClock(b.created, tz), age: formatDuration(r.now - b.created, ctx.lang), max: row.max_age_hours, size: formatBytes(b.size), verified: verifiedWord(ctx, row.verified) })
      : ctx.t('fleet.noBackup'),
    row.last_drill ? (row.last_drill.ok ? ctx.t('fleet.drill', { at: at(row.last_drill.at), seconds: (row.last_drill.restore_seconds ?? 0).toFixed(1) }) : ctx.t('fleet.drillFailed', { at: at(row.last_drill.at) }))
      : ctx.t('fleet.noDrill'),
    row.last_diagnose ? ctx.t('fleet.diagnose', { at: at(row.last_diagnose.checked_at), status: diagnoseWord(ctx, row.last_diagnose.status), cause: causeWord(ctx, row.last_diagnose.cause_class), runbook: row.last_diagnose.runbook ?? '-' })
      : ctx.t('fleet.noDiagnose'),
  ];
  if (row.silent) parts.push(row.silent_since ? ctx.t('fleet.silentSince', { at: at(row.silent_since) }) : ctx.t('fleet.silentUnknown'));
  const head = `${padColumns(statusWord(ctx, row.status), 9)}${row.id}${row.name ? ` ${row.name}` : ''} [${row.destination}]`;
  const why = row.reasons.length ? ` → ${row.reasons.map((x) => saySentence(ctx.lang, x)).join(ctx.lang === 'zh' ? '；' : '; ')}` : '';
  return `${head}: ${parts.join(' · ')}${why}`;
}

export function fleetText(ctx: Context, r: FleetReport): string[] {
  const c = paint(ctx);
  const colour = (row: FleetRow) => (row.status === 'critical' ? c.red : row.status === 'warning' ? c.yellow : row.status === 'unknown' ? c.magenta : (s: string) => s);
  const count = (s: string) => r.rows.filter((row) => row.status === s).length;
  return [
    c.bold(ctx.t('fleet.summary', {
      status: statusWord(ctx, r.status), stores: r.rows.length, critical: count('critical'), warning: count('warning'), unknown: count('unknown'), ok: count('ok'),
      at: storeClock(r.now, hqZone()),
    })),
    ...r.errors.map((e) => c.magenta(ctx.t('fleet.destinationError', { name: e.destination, error: saySentence(ctx.lang, e.error) }))),
    ...r.rows.map((row) => colour(row)(rowLine(ctx, r, row))),
    ...notices(ctx.t, r),
  ];
}
