// How store-ops recognises a file it wrote itself, from its first bytes, so that --out may
// replace it without --force (diagnose metrics rewritten by cron every minute) while any other
// file needs --force. One signature per format store-ops writes with --out or metrics_file.
import { SALES_CSV_HEADER } from './reconcile-sales-data.js';
import { STOCK_CSV_HEADER } from './reconcile-stock-view.js';

const csvStart = (header: readonly string[]) => `\uFEFF${header.join(',')}\r\n`;

const SIGNATURES: Array<(head: string) => boolean> = [
  (head) => head.startsWith('# HELP store_ops_'),
  (head) => head.startsWith(csvStart(SALES_CSV_HEADER)),
  (head) => head.startsWith(csvStart(STOCK_CSV_HEADER)),
  // runbook report: its title line in either language, then the store line.
  (head) => /^# (?:Incident|事件) #\d+(?:: |：)[^\n]*\n\n- /.test(head),
];

export function isStoreOpsReport(head: string): boolean {
  return SIGNATURES.some((matches) => matches(head));
}
