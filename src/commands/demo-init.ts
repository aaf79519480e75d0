// store-ops demo init DIR: a complete demo store to try every command on.
import path from 'node:path';
import type { Context } from '../core/context.js';
import { usageError } from '../core/errors.js';
import { buildDemoStore, type DemoSummary } from '../demo/build.js';
import type { DemoSize } from '../demo/sizes.js';
import { withProgress } from '../ui/progress.js';
import type { CommandResult } from './types.js';

interface Options {
  size: DemoSize;
  seed: string;
  now?: string;
}

function parseOptions(o: Options): { seed: number; now: Date } {
  if (!/^\d{1,9}$/.test(o.seed)) throw usageError('demo.badSeed', { value: o.seed });
  const now = o.now === undefined ? new Date() : new Date(o.now);
  if (Number.isNaN(now.getTime())) throw usageError('demo.badNow', { value: o.now ?? '' });
  return { seed: Number(o.seed), now };
}

/** "2026-11-21 18:00 +08:00": the demo's times are on its store's clock already, with the offset. */
const clock = (iso: string) => iso.replace(/T(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?/, ' $1 ').replace(/ Z$/, ' UTC');

function describe(ctx: Context, s: DemoSummary, shownDir: string): string[] {
  const t = ctx.t;
  return [
    t('demo.done', { dir: shownDir, size: t(`demo.size.${s.size}`), seed: s.seed }),
    t('demo.contents', { products: s.products, days: s.days, inDb: s.receipts.in_database }),
    t('demo.crash', { at: clock(s.last_database_write), journalOnly: s.receipts.journal_only, slips: s.receipts.paper_slips }),
    t('demo.planted', { stock: s.planted.stock_discrepancies.length, count: s.planted.physical_count.file }),
    t('demo.recipient', { recipient: s.recipient }),
    '',
    t('demo.next', { config: path.join(shownDir, 'store-ops.yaml') }),
  ];
}

export async function run(args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  const dir = path.resolve(ctx.io.cwd, args[0]!);
  const { seed, now } = parseOptions(options);
  const summary = await withProgress(ctx, ctx.t('demo.progress', { size: ctx.t(`demo.size.${options.size}`) }), (report) =>
    buildDemoStore({ dir, size: options.size, seed, now, onProgress: (step, done, total) => report(ctx.t(step === 'sales' ? 'demo.stepSales' : 'demo.stepFiles'), done, total) }),
  );
  ctx.audit.stateDir = path.join(dir, '.store-ops');
  ctx.audit.details = { dir, size: options.size, seed, now: summary.now };
  return { data: summary, text: describe(ctx, summary, path.relative(ctx.io.cwd, dir) || '.') };
}
