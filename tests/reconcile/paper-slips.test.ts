// Paper slips have no receipt number: they are matched by time window, items and total, and a
// person confirms the ones that match nothing. A slip that is the same sale as a receipt already
// recorded must never be entered a second time.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { digest, json, shopPerFile } from './store-fixture.js';

const tmp = tempDir();
const { base, fresh } = shopPerFile(tmp.dir);
interface JournalLine { register: string; receipt_no: string; at: string; kind: string; lines: Array<{ sku: string; qty: number; unit_price: number }>; total: number }
let receipt: JournalLine;
beforeAll(() => {
  // A journal-only receipt (after the crash) of a single line: what a cashier might also have written on paper.
  const lines = readFileSync(path.join(base().dir, 'journals', 'register-02.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalLine);
  receipt = lines.reverse().find((r) => r.kind === 'sale' && r.lines.length === 1 && Number.isInteger(r.lines[0]!.qty))!;
});
afterAll(tmp.cleanup);

const HEADER = 'at,register,slip_no,sku_or_barcode,qty,unit_price,payment_method,staff,note';
function slipRow(slip: string, minutesLater: number, r = receipt): string {
  const at = new Date(Date.parse(r.at) + minutesLater * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  const l = r.lines[0]!;
  return `${at},POS-02,${slip},${l.sku},${l.qty},${l.unit_price},cash,李娜,`;
}

describe('paper slips', () => {
  it('a slip that is the same sale as a journal receipt is matched to it, and can be neither confirmed nor entered', async () => {
    const s = fresh();
    writeFileSync(path.join(s.dir, 'manual', 'outage-extra.csv'), `${HEADER}\n${slipRow('P-1', 4)}\n`);
    const r = json(await s.cli(['--json', 'reconcile', 'sales']));
    const slip = r.slips.find((x: any) => x.slip_no === 'P-1');
    expect(slip).toMatchObject({ status: 'matched', matched_to: `${receipt.register}/${receipt.receipt_no}` });
    const before = digest(s.db);
    const refused = await s.cli(['reconcile', 'sales', '--apply', '--confirm', slip.id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`--confirm ${slip.id}: this slip is the same sale as receipt ${receipt.register}/${receipt.receipt_no}`);
    expect(digest(s.db)).toBe(before);
  });

  it('two slips for one receipt: one matches it, the other is left for a person', async () => {
    const s = fresh();
    writeFileSync(path.join(s.dir, 'manual', 'outage-extra.csv'), `${HEADER}\n${slipRow('P-1', 2)}\n${slipRow('P-2', 5)}\n`);
    const r = json(await s.cli(['--json', 'reconcile', 'sales']));
    const statuses = r.slips.filter((x: any) => x.slip_no.startsWith('P-')).map((x: any) => [x.slip_no, x.status]);
    expect(statuses).toEqual([['P-1', 'matched'], ['P-2', 'unconfirmed']]);
  });

  it('a slip outside the time window matches nothing; a wider --window finds the receipt', async () => {
    const s = fresh();
    writeFileSync(path.join(s.dir, 'manual', 'outage-extra.csv'), `${HEADER}\n${slipRow('P-1', 45)}\n`);
    const narrow = json(await s.cli(['--json', 'reconcile', 'sales']));
    expect(narrow.slips.find((x: any) => x.slip_no === 'P-1').status).toBe('unconfirmed');
    const wide = json(await s.cli(['--json', 'reconcile', 'sales', '--window', '60']));
    expect(wide.slips.find((x: any) => x.slip_no === 'P-1').status).toBe('matched');
  });

  it('a slip keeps its id run after run, and gets a new one when it is edited, so an old confirmation cannot enter it', async () => {
    const s = fresh();
    const file = path.join(s.dir, 'manual', 'outage-extra.csv');
    writeFileSync(file, `${HEADER}\n${slipRow('P-1', 200)}\n`);
    const id = async () => json(await s.cli(['--json', 'reconcile', 'sales'])).slips.find((x: any) => x.slip_no === 'P-1').id as string;
    const first = await id();
    expect(await id()).toBe(first);
    writeFileSync(file, `${HEADER}\n${slipRow('P-1', 200).replace(`,${receipt.lines[0]!.qty},`, `,${receipt.lines[0]!.qty + 1},`)}\n`);
    const edited = await id();
    expect(edited).not.toBe(first);
    const r = await s.cli(['reconcile', 'sales', '--apply', '--confirm', first]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--confirm ${first}: no paper slip has this id`);
  });
});
