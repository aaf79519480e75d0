// Answers files for rehearsing a runbook without a terminal: one answer per step, the first choice
// of every question, commands run or skipped with a reason.
import { stringify } from 'yaml';
import { flatten } from '../../src/runbook/machine.js';
import type { Runbook } from '../../src/runbook/schema.js';

export interface AnswerPlan {
  /** The answer for an input step that expects a file (the private key on the manager's USB stick). */
  identity?: string;
  /** Run the commands of `run` steps (true) or skip them with a reason (false). */
  run: boolean;
  /** Leave these steps out, so the walk stops there. */
  omit?: string[];
  lang: 'zh' | 'en';
}

export function answersFor(rb: Runbook, plan: AnswerPlan): string {
  const out: Record<string, unknown> = {};
  for (const { step } of flatten(rb)) {
    if (plan.omit?.includes(step.id)) continue;
    if (step.kind === 'say') out[step.id] = 'done';
    if (step.kind === 'ask') out[step.id] = step.choices[0]!.value;
    if (step.kind === 'input' && step.expect === undefined) out[step.id] = plan.lang === 'zh' ? `演练记录：${step.title.zh}` : `rehearsal note: ${step.title.en}`;
    if (step.kind === 'input' && step.expect === 'file') out[step.id] = plan.identity ?? { skip: plan.lang === 'zh' ? '配置中已有私钥' : 'the config names the key' };
    if (step.kind === 'input' && step.expect === 'time') out[step.id] = { skip: plan.lang === 'zh' ? '不清楚，用最近的备份' : 'not known; the newest backup' };
    if (step.kind === 'slips') out[step.id] = plan.run ? 'all' : { skip: plan.lang === 'zh' ? '演练中不运行命令' : 'commands are not run in this rehearsal' };
    if (step.kind === 'run') out[step.id] = plan.run ? 'run' : { skip: plan.lang === 'zh' ? '演练中不运行命令' : 'commands are not run in this rehearsal' };
  }
  return stringify(out);
}
