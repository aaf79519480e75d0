// The store's product codes: a code from a journal, a paper slip or a hand scanner is either a
// SKU or a barcode. Only the codes are held (a large store has 200 000 products); names and costs
// are read for the few SKUs a report shows (productFacts in sales-db.ts).
export class Catalogue {
  private readonly skus = new Set<string>();
  private readonly byBarcode = new Map<string, string>();

  constructor(codes: Iterable<readonly [string, string | null]>) {
    for (const [sku, barcode] of codes) {
      this.skus.add(sku);
      if (barcode) this.byBarcode.set(barcode, sku);
    }
  }

  /** The SKU a code (trimmed, as the readers give it) names; a SKU wins over a barcode that reads the same. */
  resolve(code: string): string | undefined {
    return this.skus.has(code) ? code : this.byBarcode.get(code);
  }
}
