// The only place that asks a person anything. Commands reach prompts through here so that a
// missing terminal becomes a clear usage error (never a hang under cron), --yes answers
// confirmations, the prompt's own help line speaks the user's language, and Ctrl+C at a prompt
// is a typed "stopped at your request" (exit 1, nothing changed), never an internal error.
import type { Context } from '../core/context.js';
import { failure, usageError } from '../core/errors.js';
import { translate, type Lang, type MessageKey } from '../core/i18n.js';

export function needTerminal(ctx: Context, missing: string): void {
  if (!ctx.interactive) throw usageError('prompt.noTerminal', { missing }, { key: 'hint.noTerminal' });
}

const ACTIONS: Record<string, MessageKey> = { navigate: 'prompt.key.navigate', select: 'prompt.key.select' };

/** A choice's help line ("↑↓ navigate • ⏎ select") in the user's language. */
const selectTheme = (lang: Lang) => ({
  style: { keysHelpTip: (keys: Array<[string, string]>) => keys.map(([key, what]) => `${key} ${ACTIONS[what] ? translate(lang, ACTIONS[what]!) : what}`).join(' • ') },
});

/** Yes and no in the user's language (y and n are accepted whatever the language). */
const confirmTheme = (lang: Lang) => ({
  keywords: { yes: translate(lang, 'prompt.yes'), no: translate(lang, 'prompt.no'), error: () => translate(lang, 'prompt.yesOrNo') },
});

/** Ctrl+C at a prompt: @inquirer/prompts rejects with ExitPromptError instead of killing the process. */
const isExitPrompt = (err: unknown): boolean => err instanceof Error && err.name === 'ExitPromptError';

/** Ctrl+C at any prompt of ours. */
export const isPromptInterrupt = (err: unknown): boolean => isExitPrompt(err) || (err instanceof Error && 'key' in err && err.key === 'prompt.interrupted');

async function asking<T>(prompt: () => Promise<T>): Promise<T> {
  try {
    return await prompt();
  } catch (err) {
    if (isExitPrompt(err)) throw failure('prompt.interrupted', {}, undefined, err);
    throw err;
  }
}

export async function ask(ctx: Context, message: MessageKey, opts: { default?: string; validate?: (v: string) => true | string } = {}): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  return asking(() => input({ message: ctx.t(message), default: opts.default, validate: opts.validate ?? (() => true) }));
}

export async function askSecret(ctx: Context, message: MessageKey): Promise<string> {
  const { password } = await import('@inquirer/prompts');
  return asking(() => password({ message: ctx.t(message), mask: '*' }));
}

/** A yes/no question; --yes answers it, and without a terminal --yes is required. */
export async function confirmAction(ctx: Context, message: MessageKey, params: Record<string, string | number> = {}): Promise<boolean> {
  if (ctx.yes) return true;
  if (!ctx.interactive) throw usageError('prompt.needsYes', {}, { key: 'hint.yes' });
  return confirmText(ctx.t(message, params), { lang: ctx.lang });
}

/** Texts already in the user's language (runbook steps bring their own); `output` is stderr under --json. */
export interface PromptOutput {
  output?: NodeJS.WritableStream;
  lang?: Lang;
}

const context = (o: PromptOutput) => (o.output ? { output: o.output } : undefined);

/** A yes/no question whose text is already written (a restore plan above it); no is the default. */
export async function confirmText(message: string, o: PromptOutput = {}): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  return asking(() => confirm({ message, default: false, theme: confirmTheme(o.lang ?? 'en') }, context(o)));
}

export async function chooseOne<T extends string>(message: string, choices: Array<{ value: T; name: string }>, o: PromptOutput = {}): Promise<T> {
  const { select } = await import('@inquirer/prompts');
  return asking(() => select<T>({ message, choices, loop: false, theme: selectTheme(o.lang ?? 'en') }, context(o)));
}

export async function typeLine(message: string, o: PromptOutput & { required?: string; validate?: (v: string) => true | string } = {}): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  const { required, validate } = o;
  return asking(() => input({
    message,
    validate: (v) => (required && v.trim() === '' ? required : validate ? validate(v) : true),
  }, context(o)));
}
