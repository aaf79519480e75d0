// What every command gets: the global options made concrete (language, colour, operator,
// whether a person is there to answer), the environment, and the config loaded on demand.
// Tests build one with their own cwd and env; nothing here reads process.* directly.
import os from 'node:os';
import { redactOperator } from './redact.js';
import { findAndLoadAnyConfig, storeConfigOf, type LoadedConfig, type StoreConfig } from './config/load.js';
import { usageError } from './errors.js';
import { pickLang, translator, type Lang, type Translator } from './i18n.js';

export interface GlobalOptions {
  config?: string;
  json?: boolean;
  lang?: string;
  color?: boolean;
  operator?: string;
  yes?: boolean;
  verbose?: boolean;
}

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  /** The real user id; absent where the caller has none to give (then roles are not checked). */
  uid?: number;
}

export interface AuditPlan {
  stateDir?: string;
  details: Record<string, unknown>;
  /** The person the operating system says is running the command, and their role (src/core/roles/). */
  user?: string;
  role?: string;
  /** The user ran it through sudo. */
  sudo?: boolean;
}

export interface Context {
  readonly io: Io;
  readonly lang: Lang;
  readonly t: Translator;
  readonly json: boolean;
  readonly color: boolean;
  readonly yes: boolean;
  readonly verbose: boolean;
  readonly operator: string;
  /** A person can answer prompts: stdin is a terminal. */
  readonly interactive: boolean;
  /** Show progress bars: a terminal is watching and the output is not for a machine. */
  readonly showProgress: boolean;
  readonly configFlag: string | undefined;
  /** The --lang given on the command line, repeated in the commands shown as hints. */
  readonly langFlag: string | undefined;
  /** Validates and resolves the config once; every command that needs it calls this first. */
  config(): StoreConfig;
  /** The config as loaded, a store's or HQ's fleet-only one: for the one command that takes both. */
  anyConfig(): LoadedConfig;
  /**
   * Set by a command that changes something, so the runner records the audit row however it ends;
   * any other command is recorded in the store's audit log when one exists (src/main.ts).
   */
  readonly audit: AuditPlan;
}

export function defaultOperator(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER || env.LOGNAME || 'unknown';
  }
}

export function createContext(globals: GlobalOptions, io: Io): Context {
  if (globals.lang !== undefined && globals.lang !== 'zh' && globals.lang !== 'en') {
    throw usageError('cli.badLang', { value: globals.lang });
  }
  const lang = pickLang(globals.lang, io.env);
  const json = Boolean(globals.json);
  const noColorEnv = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const color = globals.color !== false && !noColorEnv && !json && io.stdoutIsTTY;
  // Redacted here too, so a pasted secret reaches no record at all (audit, incidents, quarantine).
  const operator = redactOperator(globals.operator?.trim() || io.env.STORE_OPS_OPERATOR || defaultOperator(io.env));
  let loaded: LoadedConfig | undefined;
  const anyConfig = () => {
    loaded ??= findAndLoadAnyConfig({ flag: globals.config, env: io.env, cwd: io.cwd });
    return loaded;
  };
  return {
    io,
    lang,
    t: translator(lang),
    json,
    color,
    yes: Boolean(globals.yes),
    verbose: Boolean(globals.verbose),
    operator,
    interactive: io.stdinIsTTY,
    showProgress: io.stdoutIsTTY && !json,
    configFlag: globals.config,
    langFlag: globals.lang,
    config: () => storeConfigOf(anyConfig(), io.cwd),
    anyConfig,
    audit: { details: {} },
  };
}
