// store-ops backup list: what backups exist, per destination, newest first, and what is odd,
// including who signed each one (trusted, unsigned, untrusted, forged, or dated in the future).
import { catalog, type CatalogEntry } from '../backup/catalog.js';
import type { Context } from '../core/context.js';
import { translate, type MessageKey } from '../core/i18n.js';
import { backupAge, reasonText, storeClock, verifiedLabel } from '../ui/backup-entry.js';
import { formatBytes, leftColumns } from '../ui/format.js';
import type { CommandResult } from './types.js';

interface Options {
  destination?: string;
}

export function entryJson(e: CatalogEntry, now: number) {
  return {
    id: e.id,
    name: e.base,
    archive: e.archive?.name ?? null,
    created: e.created.toISOString(),
    age_seconds: Math.round((now - e.created.getTime()) / 1000),
    size: e.archive?.size ?? null,
    codec: e.codec ?? null,
    sha256: e.sidecar?.sha256 ?? null,
    verified: e.verified,
    signature: {
      state: e.signature.state,
      key_id: e.signature.key_id,
    },
    future: e.future,
    distrust: e.distrust.map((r) => translate('en', r.key, r.params)),
    good: e.good,
    problems: e.problems,
  };
}

/** The signature column: the state, or FUTURE when the date is beyond the tolerance whatever the signature. */
export function signatureLabel(ctx: Context, e: CatalogEntry): string {
  const key: MessageKey = e.future ? 'trust.state.future' : `trust.state.${e.signature.state}`;
  return ctx.t(key);
}

const COLUMNS = ['id', 'created', 'age', 'size', 'signature', 'verified'] as const;
const INDENT = '  ';

export async function run(_args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  const now = Date.now();
  const config = ctx.config();
  const tz = config.store.timezone;
  const all = await catalog(config, new Date(now));
  const destinations = options.destination ? all.filter((d) => d.name === options.destination) : all;
  const text: string[] = [];
  for (const d of destinations) {
    if (d.error) {
      text.push(ctx.t('list.destinationError', { name: d.name, location: d.location, problem: d.error }));
      continue;
    }
    text.push(ctx.t('list.destination', { name: d.name, location: d.location }));
    if (d.entries.length === 0) {
      text.push(ctx.t('list.empty'));
      continue;
    }
    const header = COLUMNS.map((c) => ctx.t(`list.col.${c}`));
    const rows = d.entries.map((e) => [
      e.id, storeClock(e.created.getTime(), tz), backupAge(ctx, e, now), e.archive ? formatBytes(e.archive.size) : '-', signatureLabel(ctx, e), verifiedLabel(ctx, e, tz),
    ]);
    // Header and rows are laid out together, so a longer label in either language moves both.
    const [head, ...lines] = leftColumns([header, ...rows]);
    text.push(`${INDENT}${head}`);
    d.entries.forEach((e, i) => {
      text.push(`${INDENT}${lines[i]}`);
      for (const p of e.problems) text.push(ctx.t('list.problem', { problem: p }));
      for (const r of e.distrust) text.push(ctx.t('list.problem', { problem: reasonText(ctx, r, tz) }));
    });
  }
  return {
    data: { destinations: destinations.map((d) => ({ name: d.name, location: d.location, error: d.error ?? null, backups: d.entries.map((e) => entryJson(e, now)) })) },
    text,
  };
}
