// --answers FILE: a YAML map of step id → answer that drives a runbook without a terminal, for
// tests and rehearsals. A list gives the answers of successive visits of a step (a loop back).
// The whole file is checked against the runbook before the incident opens; a step it has no
// answer for stops the walk there, with the incident left open to resume.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { keyPath, showValue } from '../core/config/describe-issue.js';
import { lineOf } from '../core/config/load.js';
import { configError, describeCause, usageError } from '../core/errors.js';
import { flatten } from './machine.js';
import type { Runbook, Step } from './schema.js';
import type { Answer, Prompter } from './walk.js';

type Answers = Map<string, Answer[]>;

function toAnswer(step: Step, v: unknown): Answer | string {
  if (step.kind === 'slips' && v && typeof v === 'object' && !Array.isArray(v) && 'confirm' in v) {
    const ids = (v as Record<string, unknown>).confirm;
    if (Object.keys(v).length !== 1 || !Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && /^M-[0-9a-f]+$/.test(id))) {
      return 'expected {confirm: [M-…, …]} with the ids of the slips to enter';
    }
    return { kind: 'slips', confirm: ids as string[] };
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    const reason = (v as Record<string, unknown>).skip;
    if (keys.length !== 1 || typeof reason !== 'string' || reason.trim() === '') return 'expected {skip: "the reason"}';
    return { kind: 'skip', reason: reason.trim() };
  }
  const s = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  switch (step.kind) {
    case 'say':
      return s === 'done' || s === 'true' ? { kind: 'done' } : `expected done, or {skip: "the reason"}, got ${showValue(v)}`;
    case 'run':
      return s === 'run' || s === 'true' ? { kind: 'run' } : `expected run, or {skip: "the reason"}, got ${showValue(v)}`;
    case 'ask':
      return s !== undefined && step.choices.some((c) => c.value === s)
        ? { kind: 'choice', value: s }
        : `expected one of ${step.choices.map((c) => c.value).join(', ')}, or {skip: "the reason"}, got ${showValue(v)}`;
    case 'input':
      return s !== undefined && s.trim() !== '' ? { kind: 'value', value: s.trim() } : `expected a value, or {skip: "the reason"}, got ${showValue(v)}`;
    case 'slips':
      return s === 'all' || s === 'none'
        ? { kind: 'slips', confirm: s }
        : `expected all, none, {confirm: [M-…, …]}, or {skip: "the reason"}, got ${showValue(v)}`;
  }
}

export function loadAnswers(file: string, shown: string, rb: Runbook): Answers {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError('runbook.answersUnreadable', { file: shown, cause: describeCause(err) });
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const fail = (at: PropertyKey[], problem: string) => {
    const line = lineOf(doc, lines, at);
    return configError('runbook.answersInvalid', { file: line ? `${shown}:${line}` : shown, key: keyPath(at), problem }, { key: 'hint.runbookAnswersFormat' });
  };
  if (doc.errors[0]) throw fail([], doc.errors[0].message.split('\n')[0]!);
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) throw fail([], 'expected a map of step id → answer');
  const steps = new Map(flatten(rb).map((f) => [f.step.id, f.step]));
  const out: Answers = new Map();
  for (const [id, value] of Object.entries(data as Record<string, unknown>)) {
    const step = steps.get(id);
    if (!step) throw fail([id], `no step "${id}" in runbook ${rb.id} (see: store-ops runbook show ${rb.id})`);
    const visits = Array.isArray(value) ? value : [value];
    const answers = visits.map((v, i) => {
      const a = toAnswer(step, v);
      if (typeof a === 'string') throw fail(Array.isArray(value) ? [id, i] : [id], a);
      return a;
    });
    out.set(id, answers);
  }
  return out;
}

export function answersPrompter(answers: Answers, shown: string): Prompter {
  return {
    async answer(view) {
      const step = view.current.step;
      const a = answers.get(step.id)?.[view.visit - 1];
      if (a) return a;
      throw usageError('runbook.noAnswer', { file: shown, step: step.id, title: step.title[view.incident.lang], visit: view.visit, id: view.incident.id }, {
        key: 'hint.runbookAnswersResume', params: { step: step.id, file: shown, id: view.incident.id },
      });
    },
    // A rehearsal follows the runbook's failure branch, or records the failure and carries on;
    // retrying is a decision for a person.
    afterFailure: async (_view, _outcome, branch) => (branch ? { kind: 'branch' } : { kind: 'continue' }),
    // The answers file decided every slip beforehand (all, none, or a list); the walk never asks.
    slip: async () => false,
  };
}
