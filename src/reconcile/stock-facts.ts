// Runs the stock query (stock-query.ts) in worker threads: on a large store it reads millions of
// movements for seconds, the event loop must stay free for the progress display, and on a
// machine with more than one core each worker takes its own range of SKUs. A StoreOpsError thrown
// in a worker (a mapping that does not fit the database) comes back as itself.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { StoreOpsError, type ErrorKind, type Hint } from '../core/errors.js';
import type { MessageKey, MessageParams } from '../core/i18n.js';
import type { Mapping } from './mapping.js';
import type { SkuRange, StockFacts } from './stock-query.js';

export interface StockFactsRequest {
  database: string;
  mapping: Mapping;
  cwd: string;
  /** The store's zone, for times the database keeps without an offset. */
  timeZone: string;
}

export interface WorkerJob extends StockFactsRequest {
  range: SkuRange;
}

export type WorkerError = { kind: ErrorKind; key: MessageKey; params: MessageParams; hint: Hint | undefined } | { message: string; code: string | undefined };
export type WorkerReply = { ok: true; facts: StockFacts } | { ok: false; error: WorkerError };

/** Below this many products one worker is quicker than starting several. */
const SPLIT_FROM = 50_000;

/**
 * Boundaries that cut the SKUs (in the database's order) into one range per worker: `count` SKUs,
 * `at(n)` the n-th of them in order (asked for a few, so the list itself is never held).
 */
export function splitPoints(count: number, at: (n: number) => string): string[] {
  const parts = count < SPLIT_FROM ? 1 : Math.max(1, Math.min(4, availableParallelism()));
  return Array.from({ length: parts - 1 }, (_, i) => at(Math.floor(((i + 1) * count) / parts)));
}

function runWorker(job: WorkerJob, started: Worker[]): Promise<StockFacts> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./stock-facts-worker.js', import.meta.url), { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    started.push(worker);
    worker.once('message', (m: WorkerReply) => {
      if (m.ok) resolve(m.facts);
      else if ('key' in m.error) reject(new StoreOpsError(m.error.kind, m.error.key, m.error.params, m.error.hint));
      // SQLite's code (SQLITE_CORRUPT…) travels with the message, so a damaged database is said as such.
      else reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`stock query worker exited with code ${code}`));
    });
  });
}

export async function computeStockFacts(req: StockFactsRequest, boundaries: readonly string[]): Promise<StockFacts> {
  const ranges: SkuRange[] = [...boundaries, undefined].map((to, i) => ({ from: i === 0 ? undefined : boundaries[i - 1], to }));
  const started: Worker[] = [];
  try {
    const parts = await Promise.all(ranges.map((range) => runWorker({ ...req, range }, started)));
    return {
      skus: parts.reduce((n, p) => n + p.skus, 0),
      movements: parts.reduce((n, p) => n + p.movements, 0),
      distorted: parts.flatMap((p) => p.distorted).sort((a, b) => (a.sku < b.sku ? -1 : 1)),
      localTimes: parts.find((p) => p.localTimes)?.localTimes,
    };
  } finally {
    for (const w of started) void w.terminate();
  }
}
