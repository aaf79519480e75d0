// Register journals: one file per register, one receipt per line, in the order the register
// wrote them. Two faults are planted, as registers produce them: a receipt sent twice after a
// reconnect, and a last line cut short when the dead register lost power mid-write.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Random } from './random.js';
import { journalLine, type Receipt } from './receipt.js';

export interface JournalPlants {
  duplicate: { file: string; register: string; receipt_no: string; lines: [number, number] } | undefined;
  truncated: { file: string; line: number } | undefined;
  journal_only_receipts: number;
}

export const journalFileName = (register: string) => `register-${register.slice(4)}.jsonl`;

export function writeJournals(
  dir: string,
  receipts: readonly Receipt[],
  plan: { crashAt: number; deadRegister: string; registers: number },
  random: Random,
): JournalPlants {
  mkdirSync(dir, { recursive: true });
  const byRegister = new Map<string, string[]>();
  for (let i = 1; i <= plan.registers; i++) byRegister.set(`POS-${String(i).padStart(2, '0')}`, []);
  const afterCrash: Array<{ receipt: Receipt; line: number }> = [];
  for (const r of receipts) {
    const lines = byRegister.get(r.register)!;
    lines.push(journalLine(r));
    if (Date.parse(r.at) > plan.crashAt) afterCrash.push({ receipt: r, line: lines.length });
  }
  const plants: JournalPlants = { duplicate: undefined, truncated: undefined, journal_only_receipts: afterCrash.length };
  const candidates = afterCrash.filter((a) => a.receipt.register === 'POS-01');
  if (candidates.length > 0) {
    const pick = candidates[random.int(0, candidates.length - 1)]!;
    const lines = byRegister.get('POS-01')!;
    lines.push(lines[pick.line - 1]!);
    plants.duplicate = { file: journalFileName('POS-01'), register: 'POS-01', receipt_no: pick.receipt.receipt_no, lines: [pick.line, lines.length] };
  }
  const dead = byRegister.get(plan.deadRegister)!;
  const last = dead[dead.length - 1];
  if (last) {
    dead.push(last.slice(0, Math.floor(last.length * 0.6)).replace(/"receipt_no":"(\d+)"/, (_m, n: string) => `"receipt_no":"${String(Number(n) + 1).padStart(6, '0')}"`));
    plants.truncated = { file: journalFileName(plan.deadRegister), line: dead.length };
  }
  for (const [register, lines] of byRegister) {
    // The cut-short line has no newline after it: the register died before writing one.
    const text = register === plan.deadRegister && plants.truncated ? `${lines.join('\n')}` : `${lines.join('\n')}\n`;
    writeFileSync(path.join(dir, journalFileName(register)), lines.length > 0 ? text : '');
  }
  return plants;
}
