// The store's products as reconcile needs them: a code from a journal, a paper slip or a hand
// scanner is either a SKU or a barcode, and the cost turns a variance in units into money.
export interface Product {
  sku: string;
  barcode: string | null;
  name: string;
  price: number;
  cost: number;
}

export class Catalogue {
  private readonly bySku = new Map<string, Product>();
  private readonly byBarcode = new Map<string, string>();

  constructor(products: Iterable<Product>) {
    for (const p of products) {
      this.bySku.set(p.sku, p);
      if (p.barcode) this.byBarcode.set(p.barcode, p.sku);
    }
  }

  get size(): number {
    return this.bySku.size;
  }

  /** The SKU a code names; a SKU wins over a barcode that happens to read the same. */
  resolve(code: string): string | undefined {
    const c = code.trim();
    return this.bySku.has(c) ? c : this.byBarcode.get(c);
  }

  get(sku: string): Product | undefined {
    return this.bySku.get(sku);
  }
}
