// The only place that asks a person anything. Commands reach prompts through here so that a
// missing terminal becomes a clear usage error (never a hang under cron), and --yes answers
// confirmations.
import type { Context } from '../core/context.js';
import { usageError } from '../core/errors.js';
import type { MessageKey } from '../core/i18n.js';

export function needTerminal(ctx: Context, missing: string): void {
  if (!ctx.interactive) throw usageError('prompt.noTerminal', { missing }, { key: 'hint.noTerminal' });
}

export async function ask(ctx: Context, message: MessageKey, opts: { default?: string; validate?: (v: string) => true | string } = {}): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  return input({
    message: ctx.t(message),
    default: opts.default,
    validate: opts.validate ?? (() => true),
  });
}

export async function askSecret(ctx: Context, message: MessageKey): Promise<string> {
  const { password } = await import('@inquirer/prompts');
  return password({ message: ctx.t(message), mask: '*' });
}

/** A yes/no question; --yes answers it, and without a terminal --yes is required. */
export async function confirmAction(ctx: Context, message: MessageKey, params: Record<string, string | number> = {}): Promise<boolean> {
  if (ctx.yes) return true;
  if (!ctx.interactive) throw usageError('prompt.needsYes', {}, { key: 'hint.yes' });
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message: ctx.t(message, params), default: false });
}

/** Texts already in the user's language (runbook steps bring their own); `output` is stderr under --json. */
export interface PromptOutput {
  output?: NodeJS.WritableStream;
}

export async function chooseOne<T extends string>(message: string, choices: Array<{ value: T; name: string }>, o: PromptOutput = {}): Promise<T> {
  const { select } = await import('@inquirer/prompts');
  return select<T>({ message, choices, loop: false }, o.output ? { output: o.output } : undefined);
}

export async function typeLine(message: string, o: PromptOutput & { required?: string } = {}): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  const required = o.required;
  return input({ message, validate: (v) => (required && v.trim() === '' ? required : true) }, o.output ? { output: o.output } : undefined);
}

/** Ctrl+C at a prompt: @inquirer/prompts rejects with this instead of killing the process. */
export const isPromptInterrupt = (err: unknown): boolean => err instanceof Error && err.name === 'ExitPromptError';
