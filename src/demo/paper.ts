// The demo's paper trail: the manual-records CSV template with the slips staff wrote while a
// register was dead, and a hand-scanner export of a physical count of one category.
import { ean13, type Product } from './catalogue.js';
import type { StoreClock } from './clock.js';
import { csvCell } from '../ui/csv.js';
import { Random, round3 } from './random.js';
import type { ManualSlipLine } from './trading.js';

export const MANUAL_HEADER = 'at,register,slip_no,sku_or_barcode,qty,unit_price,payment_method,staff,note';
export const COUNT_HEADER = 'sku_or_barcode,counted_qty,location,counted_at';


export function manualRecordsCsv(slips: readonly ManualSlipLine[], products: ReadonlyMap<string, Product>, clock: StoreClock): string {
  const rows = slips.map((s) => {
    const p = products.get(s.line.sku)!;
    return [
      clock.iso(s.at).slice(0, 16).replace('T', ' '),
      s.register,
      s.slipNo,
      s.useBarcode ? p.barcode : p.sku,
      s.line.qty,
      s.line.unit_price,
      'cash',
      s.staff,
      s.slipNo === 'S-001' ? '收银机断电，手写小票' : '',
    ].map(csvCell).join(',');
  });
  return [MANUAL_HEADER, ...rows].join('\r\n') + '\r\n';
}

export interface PlantedCount {
  category: string;
  counted: number;
  shrinkage: Array<{ sku: string; units: number }>;
  unknown_codes: string[];
}

/**
 * What staff counted on the shelves of one category at the end of the demo: the true shelf
 * quantity (everything sold on paper and in journals is gone) less some shrinkage (theft,
 * breakage), with one code that is not in the catalogue.
 */
export function physicalCountCsv(
  products: readonly Product[],
  shelf: (sku: string) => number,
  category: string,
  countedAt: string,
  random: Random,
  knownBarcodes: ReadonlySet<string>,
): { csv: string; planted: PlantedCount } {
  const shrinkage: PlantedCount['shrinkage'] = [];
  const rows: string[] = [];
  const inCategory = products.filter((p) => p.category === category);
  for (const p of inCategory) {
    let qty = shelf(p.sku);
    if (random.chance(0.04) && qty >= 3) {
      const lost = random.int(1, 3);
      qty -= lost;
      shrinkage.push({ sku: p.sku, units: lost });
    }
    const code = random.chance(0.3) ? p.barcode : p.sku;
    rows.push([code, round3(Math.max(0, qty)), `${category}-${random.int(1, 12)}号货架`, countedAt].map(csvCell).join(','));
  }
  let unknown = ean13('690999999999');
  for (let n = 998; knownBarcodes.has(unknown); n--) unknown = ean13(`690999999${n}`);
  rows.push([unknown, 4, `${category}-1号货架`, countedAt].join(','));
  return {
    csv: [COUNT_HEADER, ...rows].join('\n') + '\n',
    planted: { category, counted: inCategory.length, shrinkage, unknown_codes: [unknown] },
  };
}
