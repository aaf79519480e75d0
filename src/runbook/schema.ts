// The shape of a runbook file (runbooks/*.yaml). Objects are strict, so a misspelt key is an
// error rather than a step that silently lacks its text; every text has both languages, so a
// runbook can never leave a person at 3 a.m. with a blank line in the language they read.
import * as z from 'zod';

/** The recovery stages (README, "Runbooks"), in the order they happen. */
export const STAGES = ['diagnosis', 'emergency', 'investigation', 'verification', 'recovery'] as const;
export type StageId = (typeof STAGES)[number];

export const CAUSE_CLASSES = ['hardware', 'software', 'network', 'human', 'external'] as const;

/** Where a branch may go besides a step id: the end of the runbook. */
export const END = 'end';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const text = z.strictObject({ zh: nonEmpty, en: nonEmpty });
const stepId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case letters, digits and single dashes only');
const target = z.string().regex(/^\d+[mhdw](-\d+[mhdw])?$/, 'a duration such as 30m, 2h, 3d, 1w, or a range such as 1d-3d');
/** The part of a step that names where to go next; checked against the step ids after parsing. */
const next = z.string().min(1).optional();

const common = {
  id: stepId,
  title: text,
  text: text.optional(),
  next,
};

const say = z.strictObject({ ...common, kind: z.literal('say'), checklist: z.array(text).min(1).optional() });

const ask = z.strictObject({
  ...common,
  kind: z.literal('ask'),
  choices: z.array(z.strictObject({ value: stepId, label: text, next })).min(2),
});

/**
 * A word of a `run` step's command: text, where `{step}` stands for an earlier input step's answer
 * and `{step.field}` for a field of an earlier run step's JSON (runbook/values.ts), or words that
 * appear only when an earlier step has a value (`{if: identity, then: [--identity, "{identity}"]}`).
 */
const word = z.union([nonEmpty, z.strictObject({ if: z.string().min(1), then: z.array(nonEmpty), else: z.array(nonEmpty).optional() })]);

const run = z.strictObject({
  ...common,
  kind: z.literal('run'),
  /** A store-ops command and its arguments, without the global options (the walker adds them). */
  command: z.array(word).min(1),
  /** Where to go by outcome: "ok", "failed", or an exit code such as "2". */
  on: z.record(z.string().regex(/^(ok|failed|\d+)$/, 'ok, failed or an exit code'), z.string().min(1)).optional(),
});

const input = z.strictObject({
  ...common,
  kind: z.literal('input'),
  /** What the value must be, checked as it is typed: an existing readable file, or a moment on the store's clock. */
  expect: z.enum(['file', 'time']).optional(),
  /** Which part of the incident report the value belongs in, besides the answers. */
  report: z.enum(['root_cause', 'follow_up', 'impact']).optional(),
});

/**
 * The paper slips waiting for a person: each one shown with its items, confirmed or not against
 * the paper, then the confirmed ones entered (reconcile sales --apply --confirm …).
 */
const slips = z.strictObject({ ...common, kind: z.literal('slips') });

export const stepSchema = z.discriminatedUnion('kind', [say, ask, run, input, slips]);

const stage = z.strictObject({
  stage: z.enum(STAGES),
  target,
  goal: text.optional(),
  steps: z.array(stepSchema).min(1),
});

export const runbookSchema = z.strictObject({
  id: stepId,
  title: text,
  summary: text,
  causes: z.array(z.enum(CAUSE_CLASSES)).min(1),
  stages: z.array(stage).min(1),
});

export type Text = z.infer<typeof text>;
export type Step = z.infer<typeof stepSchema>;
export type Stage = z.infer<typeof stage>;
export type Runbook = z.infer<typeof runbookSchema>;
export type StepKind = Step['kind'];
export type Word = z.infer<typeof word>;
