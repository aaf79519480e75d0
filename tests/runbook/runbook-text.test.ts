// Every text of every built-in runbook arrives whole: a `#` after a space starts a YAML comment and
// silently cuts a sentence ("wrong # of entries" once left "( ) Only index errors (row missing from
// index, wrong → go to step 6"), so every title, text, choice and checklist item, in both languages,
// must close every bracket and quote it opens. And what a run step's command uses from earlier steps
// must exist in the runbook, checked when the file loads.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseRunbookText, runbookFiles } from '../../src/runbook/load.js';
import type { Runbook, Text } from '../../src/runbook/schema.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const PAIRS: Array<[string, string]> = [['(', ')'], ['（', '）'], ['[', ']'], ['【', '】'], ['“', '”'], ['「', '」'], ['《', '》']];

/** What is unbalanced in a text, or undefined. */
function unbalanced(text: string): string | undefined {
  const stack: string[] = [];
  for (const ch of text) {
    const open = PAIRS.find(([o]) => o === ch);
    const close = PAIRS.find(([, c]) => c === ch);
    if (open) stack.push(open[1]);
    else if (close) {
      if (stack.pop() !== ch) return `"${ch}" closes nothing`;
    }
  }
  if (stack.length > 0) return `"${stack.at(-1)}" is never written`;
  if ((text.match(/"/g) ?? []).length % 2 === 1) return 'an odd number of "';
  return undefined;
}

function texts(rb: Runbook): Array<{ where: string; text: Text }> {
  const out: Array<{ where: string; text: Text }> = [{ where: 'title', text: rb.title }, { where: 'summary', text: rb.summary }];
  for (const stage of rb.stages) {
    if (stage.goal) out.push({ where: `${stage.stage}.goal`, text: stage.goal });
    for (const step of stage.steps) {
      out.push({ where: `${step.id}.title`, text: step.title });
      if (step.text) out.push({ where: `${step.id}.text`, text: step.text });
      if (step.kind === 'ask') step.choices.forEach((c) => out.push({ where: `${step.id}.choices.${c.value}`, text: c.label }));
      if (step.kind === 'say') (step.checklist ?? []).forEach((c, i) => out.push({ where: `${step.id}.checklist[${i}]`, text: c }));
    }
  }
  return out;
}

describe('runbook texts survive YAML', () => {
  const files = runbookFiles(undefined);
  it.each(files.map((f) => [f.id, f.file]))('%s: every text closes what it opens, in both languages', (_id, file) => {
    const rb = parseRunbookText(readFileSync(file, 'utf8'), file, { cwd: ROOT });
    const bad = texts(rb).flatMap(({ where, text }) => (['zh', 'en'] as const).flatMap((lang) => {
      const problem = unbalanced(text[lang]);
      return problem ? [`${where}.${lang}: ${problem}: ${text[lang]}`] : [];
    }));
    expect(bad).toEqual([]);
  });

  it('the check itself catches the sentence a comment cut', () => {
    const cut = (parse('label: Only index errors (row missing from index, wrong # of entries in index)\n') as { label: string }).label;
    expect(cut).toBe('Only index errors (row missing from index, wrong');
    expect(unbalanced(cut)).toBe('")" is never written');
    expect(unbalanced('只有索引错误（row missing from index、wrong # of entries in index）')).toBeUndefined();
  });
});

describe('values a command takes from earlier steps', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const base = `id: t
title: {zh: 测试, en: Test}
summary: {zh: 测试, en: Test}
causes: [software]
stages:
  - stage: diagnosis
    target: 1h
    steps:
      - {id: key, kind: input, expect: file, title: {zh: 私钥, en: Key}}
      - {id: look, kind: say, title: {zh: 看, en: Look}}
`;
  const load = (extra: string) => {
    const file = path.join(tmp.dir, 't.yaml');
    writeFileSync(file, base + extra);
    return () => parseRunbookText(readFileSync(file, 'utf8'), file, { cwd: tmp.dir, fileId: 't' });
  };

  it('a reference to a step the runbook lacks is refused with file, line and key', () => {
    expect(load('      - {id: go, kind: run, title: {zh: 做, en: Do}, command: [restore, --identity, "{kye}"]}\n')).toThrow(/t\.yaml:11.*\{kye\} names no step of this runbook/);
  });

  it('an answer can only come from an input step, and a field only from a run step', () => {
    expect(load('      - {id: go, kind: run, title: {zh: 做, en: Do}, command: [restore, "{look}"]}\n')).toThrow(/"look" is a say step; only an input step's answer can be used as is/);
    expect(load('      - {id: go, kind: run, title: {zh: 做, en: Do}, command: [restore, --undo, "{key.restore_id}"]}\n')).toThrow(/a field can only be read from a run step's JSON/);
  });

  it('well-formed references load', () => {
    const rb = load('      - {id: go, kind: run, title: {zh: 做, en: Do}, command: [restore, {if: key, then: [--identity, "{key}"]}, --latest]}\n')();
    expect(rb.stages[0]!.steps.at(-1)).toMatchObject({ kind: 'run', command: ['restore', { if: 'key', then: ['--identity', '{key}'] }, '--latest'] });
  });
});
