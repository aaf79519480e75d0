// Loads the correlation rules (src/checks/causes.yaml, see builtin-data.ts) and checks them.
import * as z from 'zod';
import { correlationRules } from './builtin-data.js';
import { CAUSE_CLASSES, RUNBOOKS, type CauseClass, type RunbookId } from './types.js';

const rule = z.strictObject({
  id: z.string().min(1),
  class: z.enum(CAUSE_CLASSES),
  runbook: z.enum(RUNBOOKS),
  confidence: z.number().gt(0).lt(1),
  within_hours: z.number().positive(),
  causes: z.array(z.string()).min(1),
  effects: z.array(z.string()).min(1),
  summary: z.strictObject({ en: z.string().min(1), zh: z.string().min(1) }),
});

export interface Rule {
  id: string;
  class: CauseClass;
  runbook: RunbookId;
  confidence: number;
  within_hours: number;
  causes: string[];
  effects: string[];
  summary: { en: string; zh: string };
}

let cached: Rule[] | undefined;

export function loadRules(): Rule[] {
  if (cached) return cached;
  const parsed = z.array(rule).safeParse(correlationRules());
  if (!parsed.success) throw new Error(`causes.yaml: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  cached = parsed.data;
  return cached;
}
