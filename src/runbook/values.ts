// What a `run` step's command may use from earlier steps: `{step}` is the answer typed at an input
// step (a key file on the manager's USB stick, a moment to restore to), `{step.field}` a field of
// an earlier run step's JSON (the restore this incident made). Words appear only with their value:
// a value the incident does not have stops the command before it runs, never runs it with a hole.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { isoInZone } from '../checks/store-time.js';
import { shellQuote } from '../core/pasteable.js';
import { parseStoreTime } from '../restore/choose.js';
import { flatten, type IncidentEvent } from './machine.js';
import type { Runbook, Step, Word } from './schema.js';

const REF = /\{([a-z0-9]+(?:-[a-z0-9]+)*)((?:\.[A-Za-z0-9_]+)*)\}/g;

/** The latest answer of each input step and the latest successful JSON of each run step. */
export interface Known {
  answers: Map<string, string>;
  outputs: Map<string, unknown>;
}

export function knownValues(rb: Runbook, events: readonly IncidentEvent[]): Known {
  const kinds = new Map(flatten(rb).map((f) => [f.step.id, f.step.kind]));
  const answers = new Map<string, string>();
  const outputs = new Map<string, unknown>();
  for (const e of events) {
    if (kinds.get(e.step) === 'input' && e.kind === 'answered' && typeof e.data.answer === 'string') answers.set(e.step, e.data.answer);
    if (kinds.get(e.step) === 'input' && e.kind === 'skipped') answers.delete(e.step);
    if (e.kind === 'command' && e.data.exit_code === 0) outputs.set(e.step, e.data.output);
  }
  return { answers, outputs };
}

function field(doc: unknown, names: readonly string[]): string | undefined {
  let v = doc;
  for (const n of names) v = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[n] : undefined;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** The value a reference names ("identity", "restore.restore_id"), if the incident has it. */
export function valueOf(ref: string, known: Known): string | undefined {
  const [step, ...names] = ref.split('.');
  if (names.length === 0) return known.answers.get(step!);
  return field(known.outputs.get(step!), names);
}

export type Resolved = { argv: string[]; missing: [] } | { argv: undefined; missing: string[] };

/** The command with every reference filled in, or the references the incident has no value for. */
export function resolveCommand(words: readonly Word[], known: Known): Resolved {
  const argv: string[] = [];
  const missing: string[] = [];
  const fill = (w: string) => w.replace(REF, (_all, step: string, dotted: string) => {
    const ref = step + dotted;
    const v = valueOf(ref, known);
    if (v === undefined) missing.push(ref);
    return v ?? '';
  });
  for (const w of words) {
    if (typeof w === 'string') argv.push(fill(w));
    else argv.push(...(valueOf(w.if, known) !== undefined ? w.then : w.else ?? []).map(fill));
  }
  return missing.length > 0 ? { argv: undefined, missing: [...new Set(missing)] } : { argv, missing: [] };
}

/** The command as a person reads it before it runs: values filled in where known, `{step}` where not. */
export function showCommand(words: readonly Word[], known: Known): string {
  const shown = words.flatMap((w) => {
    const ws = typeof w === 'string' ? [w] : valueOf(w.if, known) !== undefined ? w.then : w.else ?? [];
    return ws.map((x) => x.replace(REF, (all, step: string, dotted: string) => valueOf(step + dotted, known) ?? all));
  });
  return ['store-ops', ...shown].map(shellQuote).join(' ');
}

/** The command on paper: `{step}` where a value goes, optional words in brackets. */
export function paperCommand(words: readonly Word[]): string {
  return ['store-ops', ...words.map((w) => (typeof w === 'string' ? w : `[${w.then.join(' ')}${w.else ? ` | ${w.else.join(' ')}` : ''}]`))].join(' ');
}

/** Every reference in a command, with where it sits, for the runbook check. */
export function referencesIn(words: readonly Word[]): Array<{ index: number; ref: string }> {
  const out: Array<{ index: number; ref: string }> = [];
  words.forEach((w, index) => {
    const texts = typeof w === 'string' ? [w] : [...w.then, ...(w.else ?? [])];
    if (typeof w !== 'string') out.push({ index, ref: w.if });
    for (const t of texts) for (const m of t.matchAll(REF)) out.push({ index, ref: m[1]! + m[2]! });
  });
  return out;
}

/** Why a reference cannot work in this runbook, or undefined. */
export function checkReference(ref: string, steps: ReadonlyMap<string, Step>): string | undefined {
  const [id, ...names] = ref.split('.');
  const step = steps.get(id!);
  if (!step) return `{${ref}} names no step of this runbook`;
  if (names.length === 0 && step.kind !== 'input') return `{${ref}}: "${id}" is a ${step.kind} step; only an input step's answer can be used as is ({step.field} reads a run step's JSON)`;
  if (names.length > 0 && step.kind !== 'run') return `{${ref}}: "${id}" is a ${step.kind} step; a field can only be read from a run step's JSON`;
  return undefined;
}

export type ValueCheck = { ok: true; value: string } | { ok: false; problem: 'notFile' | 'unreadable' | 'notTime' | 'future'; value: string };

/**
 * An input step's value as the command will get it: a key file as an absolute path that exists and
 * can be read, a moment as ISO 8601 with the store's offset ("13:00" is today on the store's clock).
 */
export function checkValue(expect: 'file' | 'time' | undefined, raw: string, where: { cwd: string; timeZone: string; now: Date }): ValueCheck {
  const value = raw.trim();
  if (expect === 'file') {
    const file = path.resolve(where.cwd, value.replace(/^~(?=\/)/, process.env.HOME ?? '~'));
    try {
      if (!statSync(file).isFile()) return { ok: false, problem: 'notFile', value: file };
      accessSync(file, constants.R_OK);
    } catch (err) {
      return { ok: false, problem: (err as NodeJS.ErrnoException).code === 'EACCES' ? 'unreadable' : 'notFile', value: file };
    }
    return { ok: true, value: file };
  }
  if (expect === 'time') {
    const today = isoInZone(where.now.getTime(), where.timeZone).slice(0, 10);
    const text = /^\d{1,2}:\d\d$/.test(value) ? `${today} ${value.padStart(5, '0')}` : value;
    const at = parseStoreTime(text, where.timeZone);
    if (!at) return { ok: false, problem: 'notTime', value };
    if (at.getTime() > where.now.getTime()) return { ok: false, problem: 'future', value: isoInZone(at.getTime(), where.timeZone) };
    return { ok: true, value: isoInZone(at.getTime(), where.timeZone) };
  }
  return { ok: true, value };
}
