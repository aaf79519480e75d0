// Progress for long work: a listr2 task with a bar on a terminal; nothing at all under cron,
// pipes or --json, so those outputs stay parseable.
import type { Context } from '../core/context.js';

export type Report = (step: string, done: number, total: number) => void;

export function progressBar(done: number, total: number, width = 24): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${done}/${total}`;
}

/** `clearWhenDone`: leave no "✔ title" line behind, for output whose first line must be the result. */
export async function withProgress<T>(ctx: Context, title: string, work: (report: Report) => Promise<T>, opts: { clearWhenDone?: boolean } = {}): Promise<T> {
  if (!ctx.showProgress) return work(() => undefined);
  const { Listr } = await import('listr2');
  let result: T | undefined;
  const list = new Listr(
    [
      {
        title,
        rendererOptions: { outputBar: 1, persistentOutput: false },
        task: async (_ctx, task) => {
          result = await work((step, done, total) => {
            // A step without a count (verifying, staging) is named alone: "0% 0/0" reads as stuck.
            task.output = total > 0 ? `${step}  ${progressBar(done, total)}` : step;
          });
        },
      },
    ],
    { renderer: 'default', exitOnError: true, rendererOptions: { clearOutput: Boolean(opts.clearWhenDone) } },
  );
  await list.run();
  return result as T;
}
