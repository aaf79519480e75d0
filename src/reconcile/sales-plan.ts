// reconcile sales, the plan: read every journal and manual file, match them with the database,
// classify every receipt and slip, and list what --apply would enter (missing receipts and
// confirmed slips, oldest first so a return follows the sale it returns). Nothing is written.
import { classifyReceipts, databaseOnly, groupByKey, salesInJournalSpans, type ClassifiedReceipt } from './classify.js';
import { displayPath, type InputFile } from './inputs.js';
import { readJournal } from './journal.js';
import { readManual, type ManualSlip } from './manual.js';
import type { Mapping } from './mapping.js';
import { openMapped } from './mapped-db.js';
import { Normalizer, type LocalTimes } from './normalize.js';
import { matchSlips, type ClassifiedSlip } from './match-manual.js';
import type { Problem, SourceReceipt } from './model.js';
import { loadCatalogue, productFacts, SalesDb } from './sales-db.js';
import { summarize, type RegisterSummary, type SalesTotals } from './summary.js';

export interface SalesPlanRequest {
  database: string;
  mapping: Mapping;
  configDir: string;
  cwd: string;
  timeZone: string;
  journals: readonly InputFile[];
  manual: readonly InputFile[];
  /** Times after this (and a day) are not plausible. */
  now: number;
  confirm: readonly string[];
  windowMinutes: number;
}

export interface SalesPlan {
  journal: { files: string[]; lines: number; receipts: number };
  manual: { files: string[]; rows: number; slips: number };
  receipts: ClassifiedReceipt[];
  slips: ClassifiedSlip[];
  problems: Problem[];
  registers: RegisterSummary[];
  total: SalesTotals;
  /** What --apply enters. */
  toEnter: SourceReceipt[];
  /** Product names of the SKUs on slips still waiting for a person, who holds them against the paper. */
  slipNames: Map<string, string>;
  /** The first time the database gave without an offset, read in the store's zone: said once. */
  local_times: LocalTimes | null;
}

export function planSales(req: SalesPlanRequest): SalesPlan {
  const store = openMapped(req.database, req.mapping, req.cwd, { write: false });
  try {
    const normalizer = new Normalizer(store, req.timeZone);
    const db = new SalesDb(store, normalizer);
    const catalogue = loadCatalogue(store, normalizer);
    const cx = { timeZone: req.timeZone, now: req.now, resolve: (code: string) => catalogue.resolve(code) };
    const source = (f: InputFile) => ({ ...f, shown: displayPath(f.file, req.configDir) });
    const problems: Problem[] = [];
    const journal: SourceReceipt[] = [];
    let lines = 0;
    for (const file of req.journals) {
      const read = readJournal(source(file), cx);
      journal.push(...read.receipts);
      problems.push(...read.problems);
      lines += read.lines;
    }
    const slips: ManualSlip[] = [];
    let rows = 0;
    for (const file of req.manual) {
      const read = readManual(source(file), cx);
      slips.push(...read.slips);
      problems.push(...read.problems);
      rows += read.rows;
    }
    const groups = groupByKey(journal);
    const inSpans = salesInJournalSpans(journal, db);
    const receipts = classifyReceipts(groups, db, problems, inSpans);
    const classifiedSlips = matchSlips(slips, journal, db, { windowMs: req.windowMinutes * 60_000, confirm: new Set(req.confirm) });
    receipts.push(...databaseOnly(inSpans, [...journal, ...classifiedSlips.map((s) => s.receipt)]));
    const waitingSkus = classifiedSlips.filter((s) => s.status === 'unconfirmed').flatMap((s) => s.receipt.lines.map((l) => l.sku)).filter((sku) => sku !== undefined);
    const slipNames = new Map([...productFacts(store, normalizer, waitingSkus)].map(([sku, f]) => [sku, f.name]));
    const toEnter = [
      ...receipts.filter((r) => r.status === 'missing').map((r) => r.receipt!),
      ...classifiedSlips.filter((s) => s.status === 'confirmed').map((s) => s.receipt),
    ].sort((a, b) => a.atMs - b.atMs);
    return {
      journal: { files: req.journals.map((f) => displayPath(f.file, req.configDir)), lines, receipts: journal.length },
      manual: { files: req.manual.map((f) => displayPath(f.file, req.configDir)), rows, slips: classifiedSlips.length },
      receipts, slips: classifiedSlips, problems, ...summarize(receipts, classifiedSlips), toEnter, slipNames,
      local_times: normalizer.localTimes ?? null,
    };
  } finally {
    store.db.close();
  }
}
