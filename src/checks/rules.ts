// Loads the correlation rules (src/checks/causes.yaml, shipped beside dist/ like the signatures).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import * as z from 'zod';
import { installPath } from '../core/install-paths.js';
import { CAUSE_CLASSES, RUNBOOKS, type CauseClass, type RunbookId } from './types.js';

export const RULES_FILE = installPath('src', 'checks', 'causes.yaml');

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
  const parsed = z.array(rule).safeParse(parse(readFileSync(RULES_FILE, 'utf8')));
  if (!parsed.success) throw new Error(`causes.yaml: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  cached = parsed.data;
  return cached;
}
