// One typed error for everything a user can meet. It carries a message key and parameters,
// not finished text, so the entry point can render it in the user's language; `message`
// holds the English text for logs and stack traces.
import { EXIT, type ExitCode } from './exit-codes.js';
import { translate, type MessageKey, type MessageParams } from './i18n.js';

export type ErrorKind = 'usage' | 'config' | 'failed';

const EXIT_FOR_KIND: Record<ErrorKind, ExitCode> = {
  usage: EXIT.usage,
  config: EXIT.usage,
  failed: EXIT.failed,
};

export interface Hint {
  key: MessageKey;
  params?: MessageParams;
}

export class StoreOpsError extends Error {
  readonly kind: ErrorKind;
  readonly key: MessageKey;
  readonly params: MessageParams;
  readonly hint: Hint | undefined;

  constructor(kind: ErrorKind, key: MessageKey, params: MessageParams = {}, hint?: Hint, options?: { cause?: unknown }) {
    super(translate('en', key, params), options);
    this.name = 'StoreOpsError';
    this.kind = kind;
    this.key = key;
    this.params = params;
    this.hint = hint;
  }

  get exitCode(): ExitCode {
    return EXIT_FOR_KIND[this.kind];
  }
}

export const usageError = (key: MessageKey, params?: MessageParams, hint?: Hint) =>
  new StoreOpsError('usage', key, params, hint);

export const configError = (key: MessageKey, params?: MessageParams, hint?: Hint) =>
  new StoreOpsError('config', key, params, hint);

export const failure = (key: MessageKey, params?: MessageParams, hint?: Hint, cause?: unknown) =>
  new StoreOpsError('failed', key, params, hint, { cause });

export function describeCause(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
