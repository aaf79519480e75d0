// reconcile stock, the plan: expected against recorded stock for every SKU (a difference means
// the data was distorted), and with a count file, counted against recorded at the count's time
// (the shrinkage), in units and in money at cost, with what --apply would post. Nothing is written.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readCount, type CountRead } from './count-file.js';
import type { InputEncoding } from './text-lines.js';
import { displayPath } from './inputs.js';
import type { Mapping } from './mapping.js';
import { openMapped, prepareRead, readSql } from './mapped-db.js';
import { round2, round3, type Problem } from './model.js';
import { Normalizer, skuSql, type LocalTimes } from './normalize.js';
import { loadCatalogue, productFacts } from './sales-db.js';
import { computeStockFacts, splitPoints } from './stock-facts.js';
import { countedFacts, type CountedFacts } from './stock-query.js';
import { formatStoreTime } from './store-time.js';

export interface StockPlanRequest {
  database: string;
  mapping: Mapping;
  cwd: string;
  configDir: string;
  timeZone: string;
  countFile: string | undefined;
  countEncoding?: InputEncoding;
  now: number;
}

export interface Distortion { sku: string; name: string; expected: number; recorded: number; difference: number; unit_cost: number; value: number; last_count_at: string | null }

export interface CountVariance {
  sku: string; name: string; code: string; lines: number[]; counted_at: string;
  counted: number; recorded: number; variance: number; unit_cost: number; value: number;
  /** Counted twice at one place: shown, never adjusted. */
  ambiguous: boolean;
}

export interface Adjustment { sku: string; qty_delta: number; counted: number; recorded: number; baseline: number }

export interface CountPlan {
  file: string;
  rows: number;
  skus: number;
  counted_at: string;
  variances: CountVariance[];
  unknown_codes: Array<{ code: string; file: string; line: number; counted: number }>;
  stocktake: { ref: string; at: string; scope: string };
  /** This count's stocktake is in the database already (applied before). */
  applied_before: boolean;
  adjustments: Adjustment[];
}

export interface StockPlan {
  skus: number;
  movements: number;
  distortions: Distortion[];
  count: CountPlan | null;
  problems: Problem[];
  /** The first time the database gave without an offset, read in the store's zone: said once. */
  local_times: LocalTimes | null;
}

const EPSILON = 0.0005;

export async function planStock(req: StockPlanRequest): Promise<StockPlan> {
  const store = openMapped(req.database, req.mapping, req.cwd, { write: false });
  try {
    // This connection reads the catalogue once and a few SKUs after: the sales lookups' 64 MB page
    // cache would only add to the process's memory, next to the workers' own.
    store.db.pragma('cache_size = -8192');
    prepareRead(store, 'products');
    const products = readSql(store, 'products');
    const count = store.db.prepare(`SELECT count(*) FROM (${products})`).pluck().get() as number;
    // Worker ranges are cut on the canonical SKU, which is what every worker filters on.
    const nth = store.db.prepare(`SELECT ${skuSql('sku')} FROM (${products}) ORDER BY 1 LIMIT 1 OFFSET ?`).pluck();
    const pending = computeStockFacts({ database: req.database, mapping: req.mapping, cwd: req.cwd, timeZone: req.timeZone }, splitPoints(count, (n) => String(nth.get(n))));
    // Settled later; marked as handled now so a failure here first is not also an unhandled rejection.
    pending.catch(() => undefined);
    // While the workers add up the movements, this thread reads the count, with the catalogue to
    // resolve its codes (only then: 200 000 products are memory the plain check does not need).
    const shown = req.countFile ? displayPath(req.countFile, req.configDir) : '';
    const normalizer = new Normalizer(store, req.timeZone);
    const catalogue = req.countFile ? loadCatalogue(store, normalizer) : undefined;
    const read = req.countFile && catalogue ? readCount(req.countFile, shown, req.timeZone, (c) => catalogue.resolve(c), { encoding: req.countEncoding, now: req.now }) : undefined;
    const at = (ms: number | undefined) => formatStoreTime(ms ?? req.now, req.timeZone);
    const countedList = read ? [...read.counted.values()] : [];
    const until = countedList.reduce((m, c) => Math.max(m, c.countedAtMs ?? req.now), 0) || req.now;
    const stocktake = req.countFile ? stocktakeOf(req.countFile, at(until)) : undefined;
    const counted = stocktake ? countedFacts(store, normalizer, countedList.map((c) => ({ sku: c.sku, atMs: c.countedAtMs ?? req.now })), until, stocktake.ref) : undefined;
    const facts = await pending;
    const known = productFacts(store, normalizer, [...facts.distorted.map((d) => d.sku), ...countedList.map((c) => c.sku)]);
    const cost = (sku: string) => known.get(sku)?.cost ?? 0;
    const name = (sku: string) => known.get(sku)?.name ?? '';
    const distortions = facts.distorted.map((d) => {
      const difference = round3(d.recorded - d.expected);
      return { sku: d.sku, name: name(d.sku), expected: d.expected, recorded: d.recorded, difference, unit_cost: cost(d.sku), value: round2(difference * cost(d.sku)), last_count_at: d.last_count_at };
    });
    return {
      skus: facts.skus, movements: facts.movements, distortions,
      count: read && stocktake && counted ? countPlan(read, shown, counted.facts, { ...stocktake, applied_before: counted.applied }, { at, cost, name }) : null,
      problems: read?.problems ?? [],
      local_times: facts.localTimes ?? normalizer.localTimes ?? null,
    };
  } finally {
    store.db.close();
  }
}

/**
 * The stocktake a count file posts: dated at its latest counted_at, its ref made from that date
 * and the file's content, so the same file is the same stocktake however often it is run.
 */
function stocktakeOf(file: string, when: string): { ref: string; at: string; scope: string } {
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 6);
  return { ref: `ST-${when.slice(0, 10).replace(/-/g, '')}-${digest}`, at: when, scope: `count:${path.basename(file)}` };
}

interface Helpers { at: (ms: number | undefined) => string; cost: (sku: string) => number; name: (sku: string) => string }

type Stocktake = CountPlan['stocktake'] & { applied_before: boolean };

function countPlan(read: CountRead, shown: string, counted: readonly CountedFacts[], stocktake: Stocktake, h: Helpers): CountPlan {
  const bySku = new Map(counted.map((c) => [c.sku, c]));
  const variances: CountVariance[] = [];
  const adjustments: Adjustment[] = [];
  for (const c of read.counted.values()) {
    const f = bySku.get(c.sku)!;
    // What the system said at the moment of the count: sales after it are not shrinkage.
    const recorded = round3(f.recorded - f.after);
    const variance = round3(c.counted - recorded);
    const ambiguous = read.ambiguous.has(c.sku);
    if (Math.abs(variance) > EPSILON || ambiguous) {
      variances.push({
        sku: c.sku, name: h.name(c.sku), code: c.code, lines: c.lines, counted_at: h.at(c.countedAtMs), counted: c.counted, recorded,
        variance, unit_cost: h.cost(c.sku), value: round2(variance * h.cost(c.sku)), ambiguous,
      });
    }
    // The stocktake is dated at the file's latest count time; a SKU counted earlier carries the movements in between.
    if (!ambiguous) adjustments.push({ sku: c.sku, qty_delta: variance, counted: c.counted, recorded, baseline: round3(c.counted + f.after - f.after_until) });
  }
  const { applied_before, ...posted } = stocktake;
  return {
    file: shown, rows: read.rows, skus: read.counted.size, counted_at: posted.at, variances,
    unknown_codes: read.unknown.map((u) => ({ ...u, file: shown })),
    stocktake: posted, applied_before,
    adjustments,
  };
}
