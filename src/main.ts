// The entry point: parse, run one command, render its result or its error, record the audit
// row, and set the exit code. This is the only module that touches process.* for output and exit.
import { CommanderError } from 'commander';
import { COMMANDS, buildProgram, type Invocation } from './cli.js';
import { recordAudit } from './core/audit.js';
import { isFleetOnlyConfig } from './core/config/load.js';
import { createContext, type Context, type Io } from './core/context.js';
import { gate } from './core/roles/gate.js';
import { StoreOpsError, describeCause, failure, usageError } from './core/errors.js';
import { EXIT } from './core/exit-codes.js';
import { pickLang, translator, type Lang } from './core/i18n.js';
import { pasteable, withGlobals } from './core/pasteable.js';
import { renderError, writeError, writeJson, writeLines, type Streams } from './ui/output.js';
import { usageProblem } from './ui/usage-errors.js';
import { VERSION } from './version.js';


export async function main(argv: string[]): Promise<void> {
  // `store-ops … | head` closes the pipe early; that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  // A prompt hides the cursor while it asks; a kill -9 leaves it hidden. The next command shows it.
  if (process.stdout.isTTY) process.stdout.write('\x1b[?25h');
  const io: Io = {
    cwd: process.cwd(),
    env: process.env,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    uid: process.getuid?.(),
  };
  process.exitCode = await runCli(argv.slice(2), io, { stdout: process.stdout, stderr: process.stderr });
}

/** The --lang given on the command line, read before commander so help text is translated too. */
function langFromArgv(argv: string[], env: NodeJS.ProcessEnv): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return pickLang(value, env);
}

/** Global options that take a value: their value is not a command word. */
const VALUED_GLOBALS = new Set(['--config', '--lang', '--operator']);

/**
 * `store-ops [--lang L] WORDS` for the help hint after a usage error: the command words typed so
 * far that name a command or a group, and the language, so the help comes in the same one.
 */
function helpCommand(argv: string[]): string {
  const words: string[] = [];
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--lang=')) lang = a.slice('--lang='.length);
    if (a.startsWith('-')) {
      if (VALUED_GLOBALS.has(a)) {
        if (a === '--lang') lang = argv[i + 1];
        i++;
      }
      continue;
    }
    const next = [...words, a];
    if (!COMMANDS.some((c) => next.every((w, j) => c.words[j] === w))) break;
    words.push(a);
  }
  const langFlag = lang === 'zh' || lang === 'en' ? ['--lang', lang] : [];
  return ['store-ops', ...langFlag, ...words].join(' ');
}

export async function runCli(argv: string[], io: Io, streams: Streams): Promise<number> {
  const lang = langFromArgv(argv, io.env);
  const t = translator(lang);
  let invocation: Invocation | undefined;
  const output = { writeOut: (s: string) => streams.stdout.write(s), writeErr: (s: string) => streams.stderr.write(s) };
  const program = buildProgram(t, VERSION, output, (inv) => {
    invocation = inv;
  });
  const wantsJson = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
    if (err.code === 'commander.help') return EXIT.usage;
    const problem = usageProblem(err, t);
    writeError(streams, usageError('cli.usage', { problem }, { key: 'hint.help', params: { command: helpCommand(argv) } }), {
      lang, json: wantsJson, verbose: false, color: false,
    });
    return EXIT.usage;
  }
  if (!invocation) return EXIT.usage;
  return execute(invocation, argv, io, streams, lang);
}

async function execute(inv: Invocation, argv: string[], io: Io, streams: Streams, lang: Lang): Promise<number> {
  let ctx: Context | undefined;
  const command = inv.spec.words.join(' ');
  try {
    ctx = createContext(inv.globals, io);
    if (io.uid !== undefined) gate(ctx, command, inv.options, io.uid);
    const mod = await inv.spec.load();
    const result = await mod.run(inv.args, inv.options as never, ctx);
    const exitCode = result.exitCode ?? EXIT.ok;
    const flags = { config: inv.globals.config, lang: inv.globals.lang };
    writeLines(streams.stderr, (result.warnings ?? []).map((l) => withGlobals(l, flags)));
    if (ctx.json) writeJson(streams, result.data);
    else writeLines(streams.stdout, result.document ? result.text : result.text.map((l) => withGlobals(l, flags)));
    if (result.verdict !== undefined) ctx.audit.details.verdict = result.verdict;
    audit(ctx, command, argv, streams, exitCode === EXIT.ok || result.verdict !== undefined ? 'ok' : 'failed');
    return exitCode;
  } catch (caught) {
    const err = caught instanceof StoreOpsError
      ? caught
      : damagedDatabase(caught, inv.globals.config) ?? failure('cli.internal', { problem: caught instanceof Error ? caught.message : String(caught) }, { key: 'hint.verbose' }, caught);
    if (!(caught instanceof StoreOpsError) && caught instanceof Error) err.stack = caught.stack;
    const shown = ctx ?? { lang, json: inv.globals.json === true, verbose: inv.globals.verbose === true, color: false };
    writeError(streams, err, { lang: shown.lang, json: shown.json, verbose: shown.verbose, color: false, flags: { config: inv.globals.config, lang: inv.globals.lang } });
    if (ctx) audit(ctx, command, argv, streams, err.kind === 'failed' ? 'failed' : 'refused', err.message);
    return err.exitCode;
  }
}

/** SQLite's word that a database file is damaged or not a database: the store's state, not a bug of ours. */
function damagedDatabase(err: unknown, configFlag: string | undefined): StoreOpsError | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (code !== 'SQLITE_CORRUPT' && code !== 'SQLITE_NOTADB') return undefined;
  return failure('cli.dbDamaged', { code }, { key: 'hint.dbDamaged', params: { command: pasteable(configFlag, ['runbook', 'start', 'db-corruption']) } }, err);
}

/**
 * Where a command that named no state folder of its own is recorded: the audit log of the store
 * whose config it loaded. HQ's fleet-only config has no store, and a config that does not load has
 * nowhere to say; both are left unrecorded.
 */
function storeAuditLog(ctx: Context): string | undefined {
  try {
    const loaded = ctx.anyConfig();
    return isFleetOnlyConfig(loaded) ? undefined : ctx.config().state_dir;
  } catch {
    return undefined;
  }
}

/** The audit row of every command, refusals included; failing to write it is said, never hidden. */
function audit(ctx: Context, command: string, argv: string[], streams: Streams, outcome: 'ok' | 'failed' | 'refused', error?: string): void {
  const stateDir = ctx.audit.stateDir ?? storeAuditLog(ctx);
  if (!stateDir) return;
  const details = { ...ctx.audit.details, ...(ctx.audit.sudo ? { sudo: true } : {}), ...(error ? { error } : {}) };
  try {
    recordAudit(stateDir, {
      operator: ctx.operator,
      user: ctx.audit.user,
      role: ctx.audit.role,
      command,
      args: argv,
      outcome,
      details,
    });
  } catch (err) {
    const rendered = err instanceof StoreOpsError ? renderError(err, ctx.lang) : undefined;
    const problem = rendered
      ? [rendered.line.replace(/^store-ops: /, ''), ...(rendered.hint ? [rendered.hint.replace(/^→ /, '')] : [])].join(ctx.t('audit.hintJoin'))
      : describeCause(err);
    streams.stderr.write(`store-ops: ${ctx.t('audit.writeFailed', { dir: stateDir, problem })}\n`);
  }
}
