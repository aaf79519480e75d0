// The contract between the registry (cli.ts) and a command module: a command parses nothing
// itself (commander did), calls the core, and returns what to show; the runner prints it.
import type { Context } from '../core/context.js';

export interface CommandResult {
  /** The --json document. */
  data: unknown;
  /** The human rendering, already in the user's language. */
  text: string[];
  /** Lines for stderr even in --json mode (warnings a person must see). */
  warnings?: string[];
  exitCode?: number;
  /**
   * Set by a command whose exit code is its verdict (diagnose, fleet status, reconcile --check): it
   * ran to the end whatever the code, so its audit row says done, with the verdict beside it.
   */
  verdict?: string;
  /**
   * The text is a document (a printed checklist, an incident report) that quotes commands as
   * written, not hints for this shell: the runner leaves them without --config and --lang.
   */
  document?: boolean;
}

export type CommandRun<Options> = (args: string[], options: Options, ctx: Context) => Promise<CommandResult>;
