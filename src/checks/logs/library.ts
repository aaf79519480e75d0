// Loads the signature library (src/checks/signatures/*.yaml, see ../builtin-data.ts) and checks
// it: a bad entry is a bug in store-ops, so it fails loudly, naming the file.
import * as z from 'zod';
import { signatureFiles } from '../builtin-data.js';
import { CAUSE_CLASSES, RUNBOOKS, type CauseClass, type RunbookId, type Status } from '../types.js';

const bilingual = z.strictObject({ en: z.string().min(1), zh: z.string().min(1) });
const entry = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  pattern: z.string().min(1),
  keywords: z.array(z.string().min(2)).min(1),
  ignore_case: z.boolean().default(false),
  class: z.enum(CAUSE_CLASSES),
  severity: z.enum(['warning', 'critical']),
  runbook: z.enum(RUNBOOKS).nullable(),
  burst: z.strictObject({ count: z.int().min(2), minutes: z.number().positive() }).optional(),
  title: bilingual,
  explain: bilingual,
});

export interface Signature {
  index: number;
  id: string;
  regex: RegExp;
  keywords: string[];
  class: CauseClass;
  severity: Status;
  runbook: RunbookId | null;
  burst: { count: number; minutes: number } | undefined;
  title: { en: string; zh: string };
  explain: { en: string; zh: string };
  file: string;
}

let cached: Signature[] | undefined;

export function loadSignatures(): Signature[] {
  if (cached) return cached;
  const out: Signature[] = [];
  const ids = new Set<string>();
  for (const { file, entries } of signatureFiles()) {
    const parsed = z.array(entry).safeParse(entries);
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    for (const s of parsed.data) {
      if (ids.has(s.id)) throw new Error(`${file}: signature ${s.id} is defined twice`);
      ids.add(s.id);
      out.push({
        index: out.length, id: s.id, regex: new RegExp(s.pattern, s.ignore_case ? 'i' : ''), keywords: s.keywords.map((k) => k.toLowerCase()),
        class: s.class, severity: s.severity, runbook: s.runbook, burst: s.burst, title: s.title, explain: s.explain, file,
      });
    }
  }
  cached = out;
  return out;
}

/** The signature that claims a line of text (a probe's error message, say), if any. */
export function classify(text: string, signatures = loadSignatures()): Signature | undefined {
  const lower = text.toLowerCase();
  return signatures.find((s) => s.keywords.some((k) => lower.includes(k)) && s.regex.test(text));
}
