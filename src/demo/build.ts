// Builds the demo store (README, "The demo store") in a staging folder beside the target and renames it into
// place at the end, so an interrupted build never leaves a half store under the chosen name.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fsyncDir } from '../core/atomic.js';
import { prepareConfigText } from '../core/config/template.js';
import { usageError } from '../core/errors.js';
import { generateIdentityFile } from '../keys/identity.js';
import { generateSigningKeyFiles } from '../signing/key-files.js';
import { createReferenceSchema } from '../store/schema.js';
import { buildCatalogue } from './catalogue.js';
import { DAY, HOUR, StoreClock } from './clock.js';
import { DemoDbWriter } from './db-writer.js';
import { demoConfig } from './demo-config.js';
import { writeJournals, type JournalPlants } from './journals.js';
import { inventoryLogGb18030, posServerLog, syslog, type LogStory } from './logs.js';
import { MANUAL_HEADER, manualRecordsCsv, physicalCountCsv, type PlantedCount } from './paper.js';
import { plantConflict, plantStockDiscrepancies, type ReceiptConflict, type StockDiscrepancy } from './planted.js';
import { Random, round3 } from './random.js';
import type { Receipt } from './receipt.js';
import { SIZES, type DemoSize } from './sizes.js';
import { storeSystemFiles } from './store-files.js';
import { TradingSimulation } from './trading.js';

export interface DemoOptions {
  dir: string;
  size: DemoSize;
  seed: number;
  now: Date;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface DemoSummary {
  dir: string;
  config_file: string;
  size: DemoSize;
  seed: number;
  now: string;
  first_day: string;
  last_database_write: string;
  products: number;
  days: number;
  receipts: { in_database: number; journal_only: number; paper_slips: number; manual_rows: number };
  recipient: string;
  planted: {
    stock_discrepancies: StockDiscrepancy[];
    receipt_conflict: ReceiptConflict | undefined;
    journal: JournalPlants;
    physical_count: PlantedCount & { file: string };
  };
}

const STORE_ID = 'SH-0012';
const MINUTE = 60_000;
const OFFSET = 8 * 60;

export async function buildDemoStore(opts: DemoOptions): Promise<DemoSummary> {
  const target = path.resolve(opts.dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw usageError('demo.notEmpty', { dir: opts.dir }, { key: 'hint.demoOtherDir' });
  }
  mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const summary = await buildInto(staging, target, opts);
    if (existsSync(target)) rmdirSync(target);
    renameSync(staging, target);
    fsyncDir(path.dirname(target));
    return summary;
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

async function buildInto(root: string, target: string, opts: DemoOptions): Promise<DemoSummary> {
  const profile = SIZES[opts.size];
  const random = new Random(opts.seed);
  const clock = StoreClock.parseHours('07:00-22:00', OFFSET);
  const end = clock.lastTradingMoment(opts.now.getTime());
  const firstDay = clock.dayStart(end) - (profile.days - 1) * DAY;
  const crashAt = clock.tradingMinutesBefore(end, 120);
  const yesterday = clock.dayStart(crashAt) - DAY;
  const plan = {
    clock, firstDay, end, crashAt,
    journalFrom: Math.max(firstDay, clock.dayStart(end) - (profile.journalDays - 1) * DAY),
    gatewayOutage: { from: yesterday + 15 * HOUR + 10 * MINUTE, to: yesterday + 15 * HOUR + 45 * MINUTE },
    deadRegister: `POS-${String(profile.registers).padStart(2, '0')}`,
    registerDiesAt: clock.tradingMinutesBefore(end, 80),
    registers: profile.registers,
    receiptsPerDay: profile.receiptsPerDay,
  };
  const progress = opts.onProgress ?? (() => undefined);

  const products = buildCatalogue(profile.products, random.fork(1));
  const db = new Database(path.join(root, 'store.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  createReferenceSchema(db);
  const writer = new DemoDbWriter(db);
  const journaled: Receipt[] = [];
  const sim = new TradingSimulation(products, plan, random.fork(2), writer, { journal: (r) => journaled.push(r) });
  db.transaction(() => {
    writer.products(products);
    sim.openingStocktake(firstDay + 6 * HOUR);
  })();
  const cycleDay = firstDay + Math.floor(profile.days / 2) * DAY;
  for (let i = 0, day = firstDay; day <= end; i++, day += DAY) {
    db.transaction(() => {
      if (day === cycleDay) sim.cycleCount(day + 6 * HOUR + 15 * MINUTE, '调味品');
      sim.simulateDay(day);
    })();
    progress('sales', i + 1, profile.days);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const plantRandom = random.fork(3);
  const stock = new Map(sim.onHand);
  const discrepancies = plantStockDiscrepancies(stock, products, sim.lastDbSale, plantRandom);
  const lastWrite = clock.iso(crashAt);
  let conflict: ReceiptConflict | undefined;
  db.transaction(() => {
    writer.stock(stock, lastWrite);
    conflict = plantConflict(db, journaled.filter((r) => Date.parse(r.at) <= crashAt), plantRandom);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  progress('files', 0, 1);

  const journalPlants = writeJournals(path.join(root, 'journals'), journaled, plan, plantRandom);
  const byId = new Map(products.map((p) => [p.sku, p]));
  mkdirSync(path.join(root, 'manual'));
  writeFileSync(path.join(root, 'manual', 'TEMPLATE.csv'), `\uFEFF${MANUAL_HEADER}\r\n`);
  const outageDay = clock.iso(crashAt).slice(0, 10);
  writeFileSync(path.join(root, 'manual', `outage-${outageDay}.csv`), `\uFEFF${manualRecordsCsv(sim.manualSlips, byId, clock)}`);

  const countDay = clock.iso(opts.now.getTime()).slice(0, 10);
  const countFile = path.join('counts', `count-${countDay}.csv`);
  const shelf = (sku: string) => round3(sim.onHand.get(sku)! - (sim.soldAfterCrash.get(sku) ?? 0));
  const count = physicalCountCsv(products, shelf, '饮料', clock.iso(opts.now.getTime()), random.fork(4), new Set(products.map((p) => p.barcode)));
  mkdirSync(path.join(root, 'counts'));
  writeFileSync(path.join(root, countFile), count.csv);

  const story: LogStory = {
    clock, from: Math.max(firstDay, end - 3 * DAY), end: Math.max(end, opts.now.getTime()), crashAt, gatewayOutage: plan.gatewayOutage,
    failedLoginsAt: crashAt - 3 * HOUR, diskErrorsAt: crashAt - 25 * MINUTE,
  };
  const logRandom = random.fork(5);
  mkdirSync(path.join(root, 'logs'));
  const pos = posServerLog(story, logRandom);
  writeFileSync(path.join(root, 'logs', 'pos-server.log'), pos.current);
  writeFileSync(path.join(root, 'logs', 'pos-server.log.1.gz'), pos.rotated);
  writeFileSync(path.join(root, 'logs', 'inventory.log'), inventoryLogGb18030(story, logRandom));
  writeFileSync(path.join(root, 'logs', 'syslog'), syslog(story, logRandom));

  // The backup destination of the demo's config: a real store mounts or creates its own.
  mkdirSync(path.join(root, 'backups'));
  mkdirSync(path.join(root, 'config'));
  for (const [name, text] of Object.entries(storeSystemFiles(STORE_ID, profile))) writeFileSync(path.join(root, 'config', name), text);

  const key = await generateIdentityFile(path.join(root, 'keys', 'identity.txt'));
  writeFileSync(path.join(root, 'keys', 'recipient.txt'), `${key.recipient}\n`);
  generateSigningKeyFiles(path.join(root, 'keys', 'signing.key'));
  const configText = prepareConfigText(demoConfig(STORE_ID, key.recipient, profile.registers), 'store-ops demo store (store-ops demo init): every path is relative to this file', 'store-ops.yaml');
  writeFileSync(path.join(root, 'store-ops.yaml'), configText);
  progress('files', 1, 1);

  return {
    dir: target,
    config_file: path.join(target, 'store-ops.yaml'),
    size: opts.size,
    seed: opts.seed,
    now: clock.iso(opts.now.getTime()),
    first_day: clock.iso(firstDay).slice(0, 10),
    last_database_write: lastWrite,
    products: products.length,
    days: profile.days,
    receipts: {
      in_database: sim.receiptsInDb,
      journal_only: sim.receiptsJournalOnly,
      paper_slips: new Set(sim.manualSlips.map((s) => s.slipNo)).size,
      manual_rows: sim.manualSlips.length,
    },
    recipient: key.recipient,
    planted: {
      stock_discrepancies: discrepancies,
      receipt_conflict: conflict,
      journal: journalPlants,
      physical_count: { ...count.planted, file: countFile },
    },
  };
}
