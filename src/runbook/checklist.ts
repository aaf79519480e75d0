// A runbook as a printable checklist (`runbook show`), in plain text or Markdown: for the night
// the computer itself is down, someone prints it beforehand and ticks the boxes with a pen.
import type { Lang, Translator } from '../core/i18n.js';
import { formatTarget } from './duration.js';
import { flatten, stepById } from './machine.js';
import { END, type Runbook, type Step } from './schema.js';
import { paperCommand } from './values.js';

export type ChecklistFormat = 'text' | 'md';

function where(rb: Runbook, t: Translator, target: string): string {
  if (target === END) return t('show.toEnd');
  const s = stepById(rb, target);
  return s ? t('show.toStep', { n: s.index + 1 }) : target;
}

function details(rb: Runbook, step: Step, t: Translator, lang: Lang): string[] {
  const out: string[] = [];
  // On paper the incident has no number yet: a blank to fill in by hand.
  if (step.text) out.push(...step.text[lang].trimEnd().replace(/\{incident\}/g, '____').split('\n'));
  switch (step.kind) {
    case 'say':
      for (const item of step.checklist ?? []) out.push(`[ ] ${item[lang]}`);
      break;
    case 'ask':
      for (const c of step.choices) out.push(`( ) ${c.label[lang]}${c.next ? ` → ${where(rb, t, c.next)}` : ''}`);
      break;
    case 'run':
      out.push(t('show.run', { command: paperCommand(step.command) }));
      for (const [k, v] of Object.entries(step.on ?? {})) out.push(`${t(k === 'ok' ? 'show.onOk' : k === 'failed' ? 'show.onFailed' : 'show.onExit', { code: k })} → ${where(rb, t, v)}`);
      break;
    case 'input':
      out.push(`${t('show.write')} ______________________________`);
      break;
    case 'slips':
      out.push(t('show.slips'));
      break;
  }
  if (step.next) out.push(`→ ${where(rb, t, step.next)}`);
  return out;
}

export function renderChecklist(rb: Runbook, format: ChecklistFormat, t: Translator, lang: Lang): string {
  const md = format === 'md';
  const steps = flatten(rb);
  const out = [md ? `# ${rb.title[lang]} (\`${rb.id}\`)` : `${rb.id} — ${rb.title[lang]}`, '', rb.summary[lang].trimEnd(), ''];
  out.push(t('show.header', { id: '_____', start: '____-__-__ __:__', operator: '__________' }), '');
  rb.stages.forEach((stage, si) => {
    const head = t('show.stage', { index: si + 1, count: rb.stages.length, name: t(`stage.${stage.stage}`), target: formatTarget(stage.target, lang) });
    out.push(md ? `## ${head}` : `== ${head} ==`);
    if (stage.goal) out.push(md ? `_${stage.goal[lang].trim()}_` : stage.goal[lang].trim());
    out.push('');
    for (const step of stage.steps) {
      const n = steps.find((f) => f.step.id === step.id)!.index + 1;
      const kind = t(`show.kind.${step.kind}`);
      out.push(md ? `- [ ] **${n}. ${step.title[lang]}** _(${kind}, \`${step.id}\`)_` : `[ ] ${n}. ${step.title[lang]}  (${kind}, ${step.id})`);
      out.push(...details(rb, step, t, lang).map((l) => (md ? `  ${l.startsWith('[ ]') ? `- ${l}` : l}  ` : `       ${l}`)));
      out.push('');
    }
  });
  return `${out.join('\n').trimEnd()}\n`;
}
