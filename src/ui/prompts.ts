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
