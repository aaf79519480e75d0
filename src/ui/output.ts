// Writing results: JSON on stdout and nothing else there under --json; text otherwise; errors
// and warnings on stderr. Colour only when the context allows it (TTY, no NO_COLOR, no --no-color).
import { Chalk, type ChalkInstance } from 'chalk';
import type { Context } from '../core/context.js';
import { StoreOpsError } from '../core/errors.js';
import { translate, type Lang } from '../core/i18n.js';
import { withGlobals } from '../core/pasteable.js';

export interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export function paint(ctx: Pick<Context, 'color'>): ChalkInstance {
  return new Chalk({ level: ctx.color ? 1 : 0 });
}

export function writeJson(streams: Streams, data: unknown): void {
  streams.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
}

export function writeLines(stream: NodeJS.WritableStream, lines: readonly string[]): void {
  if (lines.length > 0) stream.write(`${lines.join('\n')}\n`);
}

export interface RenderedError {
  line: string;
  hint: string | undefined;
}

export function renderError(err: StoreOpsError, lang: Lang): RenderedError {
  return {
    line: `store-ops: ${translate(lang, err.key, err.params)}`,
    hint: err.hint ? `→ ${translate(lang, err.hint.key, err.hint.params)}` : undefined,
  };
}

export function writeError(
  streams: Streams,
  err: StoreOpsError,
  opts: { lang: Lang; json: boolean; verbose: boolean; color: boolean; flags?: { config?: string | undefined; lang?: string | undefined } },
): void {
  const rendered = renderError(err, opts.lang);
  const line = rendered.line;
  const hint = rendered.hint && withGlobals(rendered.hint, opts.flags ?? {});
  const c = paint(opts);
  streams.stderr.write(`${c.red(line)}\n`);
  if (hint) streams.stderr.write(`${c.dim(hint)}\n`);
  if (opts.verbose) {
    const cause = err.cause instanceof Error ? `\ncaused by: ${err.cause.stack ?? err.cause.message}` : '';
    streams.stderr.write(`${err.stack ?? ''}${cause}\n`);
  }
  if (opts.json) {
    writeJson(streams, {
      ok: false,
      exit_code: err.exitCode,
      error: { kind: err.kind, code: err.key, message: line.replace(/^store-ops: /, ''), hint: hint?.replace(/^→ /, '') ?? null },
    });
  }
}
