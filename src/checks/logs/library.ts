// Loads the signature library (src/checks/signatures/*.yaml, see ../builtin-data.ts) and checks
// it: a bad built-in entry is a bug in store-ops, so it fails loudly, naming the file. A store's
// own signatures (config log_signatures: YAML files in the same format) come first, so the
// store's words for its own programs claim a line before the built-in ones; a bad one is the
// store's to fix, and the error says which file, line and entry.
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { LineCounter, parseDocument, isSeq } from 'yaml';
import { signatureFiles } from '../builtin-data.js';
import { configError, describeCause } from '../../core/errors.js';
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
type Entry = z.infer<typeof entry>;

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

const toSignature = (s: Entry, index: number, file: string): Signature => ({
  index, id: s.id, regex: new RegExp(s.pattern, s.ignore_case ? 'i' : ''), keywords: s.keywords.map((k) => k.toLowerCase()),
  class: s.class, severity: s.severity, runbook: s.runbook, burst: s.burst, title: s.title, explain: s.explain, file,
});

let builtin: Signature[] | undefined;

function builtinSignatures(): Signature[] {
  if (builtin) return builtin;
  const out: Signature[] = [];
  const ids = new Set<string>();
  for (const { file, entries } of signatureFiles()) {
    const parsed = z.array(entry).safeParse(entries);
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    for (const s of parsed.data) {
      if (ids.has(s.id)) throw new Error(`${file}: signature ${s.id} is defined twice`);
      ids.add(s.id);
      out.push(toSignature(s, out.length, file));
    }
  }
  builtin = out;
  return out;
}

/** One store signature file, checked entry by entry; `taken` holds the ids already in use. */
function storeFile(file: string, config: string, taken: Set<string>): Entry[] {
  const hint = { key: 'hint.storeSignature', params: { config } } as const;
  const fail = (line: number, which: string, problem: string) => configError('diagnose.storeSignature', { file, line, entry: which, problem }, hint);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw fail(1, '-', describeCause(err));
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) throw fail(lines.linePos(doc.errors[0]!.pos[0]).line, '-', doc.errors[0]!.message.split('\n')[0]!);
  if (!isSeq(doc.contents)) throw configError('diagnose.storeSignatureNotList', { file }, hint);
  const out: Entry[] = [];
  const all = doc.toJS() as Array<{ id?: unknown }>;
  doc.contents.items.forEach((node, i) => {
    const line = lines.linePos(node.range[0]).line;
    const raw = all[i];
    const which = typeof raw?.id === 'string' ? raw.id : `#${i + 1}`;
    const parsed = entry.safeParse(raw);
    if (!parsed.success) {
      const field = [...new Set(parsed.error.issues.map((x) => x.path.join('.') || 'id'))].join(', ');
      throw configError('diagnose.storeSignatureField', { file, line, entry: which, field }, hint);
    }
    const s = parsed.data;
    if (taken.has(s.id)) throw configError('diagnose.storeSignatureTaken', { file, line, entry: which }, hint);
    try {
      new RegExp(s.pattern, s.ignore_case ? 'i' : '');
    } catch (err) {
      throw fail(line, which, `pattern: ${describeCause(err)}`);
    }
    taken.add(s.id);
    out.push(s);
  });
  return out;
}

/**
 * The library diagnose matches lines against: the store's own signatures (from the files the
 * config's log_signatures names) first, then the built-in ones.
 */
export function loadSignatures(storeFiles: readonly string[] = [], config = 'store-ops.yaml'): Signature[] {
  const shipped = builtinSignatures();
  if (storeFiles.length === 0) return shipped;
  const taken = new Set(shipped.map((s) => s.id));
  const own = storeFiles.flatMap((file) => storeFile(file, config, taken).map((s) => ({ s, file })));
  return [...own.map(({ s, file }, i) => toSignature(s, i, file)), ...shipped.map((s, i) => ({ ...s, index: own.length + i }))];
}

/** The signature that claims a line of text (a probe's error message, say), if any. */
export function classify(text: string, signatures = loadSignatures()): Signature | undefined {
  const lower = text.toLowerCase();
  return signatures.find((s) => s.keywords.some((k) => lower.includes(k)) && s.regex.test(text));
}
