// Simulates the store's trading day by day: deliveries before opening, receipts through the
// day (peaks at lunch and after work), returns, voids, waste of perishables, transfers, a cycle
// count, and the crash: after it, receipts reach the register journals but not the database,
// and one register dies so its sales are written on paper slips.
import type { Product } from './catalogue.js';
import { SUPPLIERS } from './catalogue.js';
import type { StoreClock } from './clock.js';
import { DAY, HOUR } from './clock.js';
import type { DemoDbWriter } from './db-writer.js';
import { Random, round2, round3 } from './random.js';
import type { Receipt, ReceiptLine } from './receipt.js';

export interface TradingPlan {
  clock: StoreClock;
  firstDay: number;
  end: number;
  crashAt: number;
  journalFrom: number;
  gatewayOutage: { from: number; to: number };
  deadRegister: string;
  registerDiesAt: number;
  registers: number;
  receiptsPerDay: number;
}

export interface ManualSlipLine {
  at: number;
  register: string;
  slipNo: string;
  line: ReceiptLine;
  useBarcode: boolean;
  staff: string;
}

export interface TradingEvents {
  journal(r: Receipt): void;
}

const HOUR_WEIGHTS: Array<[number, number]> = [[7, 0.8], [8, 0.9], [9, 0.6], [10, 0.6], [11, 1.0], [12, 1.1], [13, 0.7], [14, 0.5], [15, 0.5], [16, 0.8], [17, 1.4], [18, 1.5], [19, 1.0], [20, 0.7], [21, 0.4]];
const PAYMENTS: Array<readonly [string, number]> = [['wechat', 40], ['alipay', 25], ['cash', 25], ['card', 10]];
const STAFF = ['王芳', '李娜', '张伟', '刘洋', '陈静', '杨敏', '赵磊', '黄丽'];
const MINUTE = 60_000;

export class TradingSimulation {
  /** What the database believes is on hand (only what reached the database). */
  readonly onHand = new Map<string, number>();
  /** Sold after the crash (journal or paper only): gone from the shelf, not from the database. */
  readonly soldAfterCrash = new Map<string, number>();
  readonly manualSlips: ManualSlipLine[] = [];
  receiptsInDb = 0;
  /** The last sale the database took before the crash: the one whose stock update the crash cut short. */
  lastDbSale: Receipt | undefined;
  receiptsJournalOnly = 0;
  private readonly receiptCounters = new Map<string, number>();
  private readonly recentSales: Receipt[] = [];
  private readonly popularity: Product[];
  private readonly dailyDemand = new Map<string, number>();
  private purchaseSeq = 0;
  private transferSeq = 0;
  private slipSeq = 0;

  constructor(
    private readonly products: readonly Product[],
    private readonly plan: TradingPlan,
    private readonly random: Random,
    private readonly db: DemoDbWriter,
    private readonly events: TradingEvents,
  ) {
    this.popularity = shuffled(products, random.fork(7));
    const n = this.popularity.length;
    const linesPerDay = plan.receiptsPerDay * 3.2;
    this.popularity.forEach((p, i) => {
      const share = ((i + 1) / n) ** (1 / 3) - (i / n) ** (1 / 3);
      this.dailyDemand.set(p.sku, linesPerDay * share * (p.byWeight ? 1 : 1.5));
    });
  }

  private target(p: Product): number {
    const demand = this.dailyDemand.get(p.sku)!;
    return p.byWeight ? round3(Math.max(5, demand * 4)) : Math.max(6, Math.ceil(demand * 7));
  }

  private shelf(sku: string): number {
    return (this.onHand.get(sku) ?? 0) - (this.soldAfterCrash.get(sku) ?? 0);
  }

  private move(sku: string, delta: number): void {
    this.onHand.set(sku, round3((this.onHand.get(sku) ?? 0) + delta));
  }

  openingStocktake(at: number): void {
    const lines = this.products.map((p) => ({ sku: p.sku, counted: this.target(p), recorded: 0 }));
    this.db.stocktake('ST-000001', this.plan.clock.iso(at), 'all', '门店盘点组', lines);
    for (const l of lines) this.onHand.set(l.sku, l.counted);
  }

  /** A cycle count of one category: the counted figure replaces the recorded one. */
  cycleCount(at: number, category: string): void {
    const r = this.random.fork(11);
    const lines = this.products
      .filter((p) => p.category === category)
      .map((p) => {
        const recorded = this.onHand.get(p.sku)!;
        const off = r.chance(0.05) ? (p.byWeight ? -round3(r.next()) : -r.int(1, 2)) : 0;
        return { sku: p.sku, counted: round3(Math.max(0, recorded + off)), recorded };
      });
    this.db.stocktake('ST-000002', this.plan.clock.iso(at), `category:${category}`, '门店盘点组', lines);
    for (const l of lines) this.onHand.set(l.sku, l.counted);
  }

  simulateDay(day: number): void {
    const { clock, crashAt } = this.plan;
    const deliveryAt = day + 6 * HOUR + 30 * MINUTE;
    if (deliveryAt < crashAt) this.deliveries(deliveryAt);
    const weekday = new Date(day + 12 * HOUR).getUTCDay();
    const count = Math.round(this.plan.receiptsPerDay * (weekday === 0 || weekday === 6 ? 1.25 : 1) * (0.9 + 0.2 * this.random.next()));
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const hour = this.random.weighted(HOUR_WEIGHTS.map(([h, w]) => [h, w] as const));
      const t = day + hour * HOUR + Math.floor(this.random.next() * HOUR / 1000) * 1000;
      if (clock.isOpen(t) && t <= this.plan.end) times.push(t);
    }
    times.sort((a, b) => a - b);
    for (const t of times) this.trade(t);
    const closingAt = clock.closing(day) + 15 * MINUTE;
    if (closingAt < crashAt) {
      this.waste(closingAt);
      if (Math.floor((day - this.plan.firstDay) / DAY) % 10 === 9) this.transfer(closingAt);
    }
  }

  private deliveries(at: number): void {
    const bySupplier = new Map<string, Array<{ sku: string; qty: number; unitCost: number }>>();
    for (const p of this.products) {
      const target = this.target(p);
      const have = this.onHand.get(p.sku)!;
      if (have > target * 0.35) continue;
      const qty = p.byWeight ? round3(target - have) : Math.ceil(target - have);
      if (qty <= 0) continue;
      const list = bySupplier.get(p.supplier) ?? [];
      list.push({ sku: p.sku, qty, unitCost: p.cost });
      bySupplier.set(p.supplier, list);
    }
    for (const supplier of SUPPLIERS) {
      const lines = bySupplier.get(supplier);
      if (!lines) continue;
      const no = `PR-${String(++this.purchaseSeq).padStart(6, '0')}`;
      this.db.purchase(no, supplier, this.plan.clock.iso(at), this.random.pick(STAFF), lines);
      for (const l of lines) this.move(l.sku, l.qty);
    }
  }

  private trade(t: number): void {
    const register = `POS-${String(this.random.int(1, this.plan.registers)).padStart(2, '0')}`;
    const cashier = `c${String((Number(register.slice(4)) * 2 - (this.plan.clock.minuteOfDay(t) < 14 * 60 ? 1 : 0))).padStart(2, '0')}`;
    const roll = this.random.next();
    const kind = roll < 0.006 ? 'void' : roll < 0.018 && this.recentSales.length > 20 ? 'return' : 'sale';
    const lines = kind === 'return' ? [] : this.pickLines();
    let original: Receipt | undefined;
    if (kind === 'return') {
      original = this.recentSales[this.random.int(0, this.recentSales.length - 1)]!;
      const line = original.lines[0]!;
      lines.push({ ...line, qty: Number.isInteger(line.qty) ? 1 : line.qty });
    }
    if (lines.length === 0) return;
    // A return gives money back; a void keeps its lines for the record but takes no money.
    const sign = kind === 'return' ? -1 : kind === 'void' ? 0 : 1;
    const total = round2(sign * lines.reduce((s, l) => s + round2(l.qty * l.unit_price), 0));
    const outage = t >= this.plan.gatewayOutage.from && t < this.plan.gatewayOutage.to;
    const method = outage || kind !== 'sale' ? 'cash' : this.random.weighted(PAYMENTS);
    const afterCrash = t > this.plan.crashAt;
    if (afterCrash && register === this.plan.deadRegister && t >= this.plan.registerDiesAt) {
      if (kind === 'sale') this.paperSlip(t, register, lines);
      return;
    }
    const seq = (this.receiptCounters.get(register) ?? 0) + 1;
    this.receiptCounters.set(register, seq);
    const receipt: Receipt = {
      register, receipt_no: String(seq).padStart(6, '0'), at: this.plan.clock.iso(t), cashier, kind, lines,
      payments: kind === 'void' ? [] : [{ method, amount: total }], total,
      ...(original ? { original: { register: original.register, receipt_no: original.receipt_no }, reason: this.random.pick(['质量问题', '顾客退货', '包装破损', '买错了']) } : {}),
    };
    const stockSign = kind === 'sale' ? -1 : kind === 'return' ? 1 : 0;
    if (afterCrash) {
      this.receiptsJournalOnly++;
      for (const l of lines) this.soldAfterCrash.set(l.sku, round3((this.soldAfterCrash.get(l.sku) ?? 0) - stockSign * l.qty));
    } else {
      this.receiptsInDb++;
      this.db.receipt(receipt);
      if (kind === 'sale') this.lastDbSale = receipt;
      for (const l of lines) this.move(l.sku, stockSign * l.qty);
    }
    if (t >= this.plan.journalFrom) this.events.journal(receipt);
    if (kind === 'sale') {
      this.recentSales.push(receipt);
      if (this.recentSales.length > 200) this.recentSales.shift();
    }
  }

  private pickLines(): ReceiptLine[] {
    const lines: ReceiptLine[] = [];
    const wanted = 1 + Math.min(12, Math.floor(-Math.log(1 - this.random.next()) * 2.3));
    for (let i = 0; i < wanted; i++) {
      const p = this.popularity[this.random.popular(this.popularity.length)]!;
      if (lines.some((l) => l.sku === p.sku)) continue;
      const qty = p.byWeight ? round3(0.2 + this.random.next() * 1.6) : this.random.weighted([[1, 70], [2, 20], [3, 6], [4, 2], [6, 2]] as const);
      if (this.shelf(p.sku) < qty) continue;
      lines.push({ sku: p.sku, qty, unit_price: p.price });
    }
    return lines;
  }

  private paperSlip(t: number, register: string, lines: ReceiptLine[]): void {
    const slipNo = `S-${String(++this.slipSeq).padStart(3, '0')}`;
    const staff = this.random.pick(STAFF);
    for (const line of lines) {
      this.manualSlips.push({ at: t, register, slipNo, line, useBarcode: this.random.chance(0.5), staff });
      this.soldAfterCrash.set(line.sku, round3((this.soldAfterCrash.get(line.sku) ?? 0) + line.qty));
    }
  }

  private waste(at: number): void {
    for (let i = 0; i < 6; i++) {
      const p = this.products[this.random.int(0, this.products.length - 1)]!;
      if (!p.perishable) continue;
      const qty = p.byWeight ? round3(0.1 + this.random.next() * 0.8) : 1;
      if (this.onHand.get(p.sku)! < qty) continue;
      this.db.movement(p.sku, -qty, 'waste', `WS-${this.plan.clock.iso(at).slice(0, 10)}`, this.plan.clock.iso(at), this.random.pick(['过期', '变质', '破损']));
      this.move(p.sku, -qty);
    }
  }

  private transfer(at: number): void {
    const ref = `TR-${String(++this.transferSeq).padStart(5, '0')}`;
    for (let i = 0; i < 5; i++) {
      const p = this.popularity[this.random.int(0, Math.min(200, this.popularity.length - 1))]!;
      const qty = p.byWeight ? 2 : 3;
      if (this.onHand.get(p.sku)! < qty * 2) continue;
      this.db.movement(p.sku, -qty, 'transfer', ref, this.plan.clock.iso(at), '调拨至浦西店');
      this.move(p.sku, -qty);
    }
  }
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
