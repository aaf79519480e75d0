// The one registry of commands. Flags are declared here so `--help` is complete without loading
// any command; a command's module (and its heavy dependencies) is imported only when it runs.
import { Command, Option } from 'commander';
import type { Context, GlobalOptions, Io } from './core/context.js';
import type { Translator } from './core/i18n.js';
import type { CommandResult } from './commands/types.js';
import { localHelp } from './ui/help-text.js';

type Loader = () => Promise<{ run: (args: string[], options: never, ctx: Context) => Promise<CommandResult> }>;

export interface CommandSpec {
  /** Words after `store-ops`, e.g. ['config', 'check']. */
  words: string[];
  summary: Parameters<Translator>[0];
  args?: string;
  flags?: (cmd: Command, t: Translator) => void;
  load: Loader;
  /** Exit-code lines for the end of --help; most commands share the standard table. */
  exitCodes?: Parameters<Translator>[0];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export const COMMANDS: CommandSpec[] = [
  {
    words: ['init'],
    summary: 'cmd.init',
    flags: (cmd, t) => {
      cmd
        .option('--out <file>', t('flag.init.out'), 'store-ops.yaml')
        .option('--store-id <id>', t('flag.init.storeId'))
        .option('--store-name <name>', t('flag.init.storeName'))
        .option('--timezone <tz>', t('flag.init.timezone'))
        .option('--opening-hours <hh:mm-hh:mm>', t('flag.init.openingHours'))
        .option('--database <[name=]path>', t('flag.init.database'), collect)
        .option('--recipient <age1…>', t('flag.init.recipient'), collect)
        .option('--identity <file>', t('flag.init.identity'))
        .option('--backup-dir <dir>', t('flag.init.backupDir'))
        .option('--state-dir <dir>', t('flag.init.stateDir'))
        .option('--signing-key <file>', t('flag.init.signingKey'))
        .option('--journals <glob>', t('flag.init.journals'), collect)
        .option('--manual-records <glob>', t('flag.init.manualRecords'), collect)
        .option('--mapping <file>', t('flag.init.mapping'));
    },
    load: () => import('./commands/init.js'),
  },
  {
    words: ['config', 'check'],
    summary: 'cmd.configCheck',
    load: () => import('./commands/config-check.js'),
  },
  {
    words: ['keys', 'generate'],
    summary: 'cmd.keysGenerate',
    flags: (cmd, t) => {
      cmd
        .option('--out <file>', t('flag.keys.out'))
        .option('--passphrase', t('flag.keys.passphrase'))
        .option('--signing', t('flag.keys.signing'));
    },
    load: () => import('./commands/keys-generate.js'),
  },
  {
    words: ['backup', 'run'],
    summary: 'cmd.backupRun',
    load: () => import('./commands/backup-run.js'),
  },
  {
    words: ['backup', 'schedule'],
    summary: 'cmd.backupSchedule',
    flags: (cmd, t) => {
      cmd
        .option('--at <hh:mm>', t('flag.schedule.at'))
        .addOption(new Option('--drill-day <day>', t('flag.schedule.drillDay')).choices(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']).default('sunday'))
        .option('--install', t('flag.schedule.install'))
        .option('--systemd', t('flag.schedule.systemd'));
    },
    load: () => import('./commands/backup-schedule.js'),
  },
  {
    words: ['backup', 'prune'],
    summary: 'cmd.backupPrune',
    flags: (cmd, t) => {
      cmd
        .option('--dry-run', t('flag.prune.dryRun'))
        .option('--destination <name>', t('flag.prune.destination'));
    },
    load: () => import('./commands/backup-prune.js'),
  },
  {
    words: ['backup', 'list'],
    summary: 'cmd.backupList',
    flags: (cmd, t) => {
      cmd.option('--destination <name>', t('flag.list.destination'));
    },
    load: () => import('./commands/backup-list.js'),
  },
  {
    words: ['backup', 'verify'],
    summary: 'cmd.backupVerify',
    args: '[id]',
    flags: (cmd, t) => {
      cmd
        .option('--latest', t('flag.verify.latest'))
        .option('--all', t('flag.verify.all'))
        .option('--quick', t('flag.verify.quick'))
        .option('--drill', t('flag.verify.drill'))
        .option('--identity <file>', t('flag.verify.identity'))
        .option('--destination <name>', t('flag.verify.destination'))
        .option('--allow-unsigned', t('flag.allowUnsigned'));
    },
    load: () => import('./commands/backup-verify.js'),
  },
  {
    words: ['restore'],
    summary: 'cmd.restore',
    args: '[id]',
    flags: (cmd, t) => {
      cmd
        .option('--latest', t('flag.restore.latest'))
        .option('--before <time>', t('flag.restore.before'))
        .addOption(new Option('--only <what>', t('flag.restore.only')).choices(['db', 'files']))
        .option('--db <name>', t('flag.restore.db'))
        .option('--target <dir>', t('flag.restore.target'))
        .option('--dry-run', t('flag.restore.dryRun'))
        .option('--force', t('flag.restore.force'))
        .option('--identity <file>', t('flag.restore.identity'))
        .option('--allow-unsigned', t('flag.allowUnsigned'))
        .option('--paranoid', t('flag.restore.paranoid'))
        .option('--undo', t('flag.restore.undo'));
    },
    load: () => import('./commands/restore.js'),
  },
  {
    words: ['runbook', 'list'],
    summary: 'cmd.runbookList',
    load: () => import('./commands/runbook-list.js'),
  },
  {
    words: ['runbook', 'show'],
    summary: 'cmd.runbookShow',
    args: '<name>',
    flags: (cmd, t) => {
      cmd.addOption(new Option('--format <format>', t('flag.runbook.format')).choices(['text', 'md']).default('text'));
    },
    load: () => import('./commands/runbook-show.js'),
  },
  {
    words: ['runbook', 'start'],
    summary: 'cmd.runbookStart',
    args: '<name>',
    flags: (cmd, t) => {
      cmd.option('--answers <file>', t('flag.runbook.answers')).option('--new', t('flag.runbook.new'));
    },
    load: () => import('./commands/runbook-start.js'),
  },
  {
    words: ['runbook', 'resume'],
    summary: 'cmd.runbookResume',
    args: '[id]',
    flags: (cmd, t) => {
      cmd.option('--answers <file>', t('flag.runbook.answers'));
    },
    load: () => import('./commands/runbook-resume.js'),
  },
  {
    words: ['runbook', 'status'],
    summary: 'cmd.runbookStatus',
    flags: (cmd, t) => {
      cmd.option('--all', t('flag.runbook.all'));
    },
    load: () => import('./commands/runbook-status.js'),
  },
  {
    words: ['runbook', 'report'],
    summary: 'cmd.runbookReport',
    args: '<id>',
    flags: (cmd, t) => {
      cmd.option('--out <file>', t('flag.runbook.out')).option('--force', t('flag.out.force'));
    },
    load: () => import('./commands/runbook-report.js'),
  },
  {
    words: ['status'],
    summary: 'cmd.status',
    load: () => import('./commands/status.js'),
  },
  {
    words: ['reconcile', 'sales'],
    summary: 'cmd.reconcileSales',
    flags: (cmd, t) => {
      cmd
        .option('--journal <glob>', t('flag.reconcile.journal'), collect)
        .option('--manual <glob>', t('flag.reconcile.manual'), collect)
        .option('--encoding <name>', t('flag.reconcile.encoding'))
        .option('--apply', t('flag.reconcile.applySales'))
        .option('--confirm <id...>', t('flag.reconcile.confirm'))
        .option('--check', t('flag.reconcile.check'))
        .option('--window <minutes>', t('flag.reconcile.window'), '30')
        .option('--db <name>', t('flag.reconcile.db'))
        .option('--out <file.csv>', t('flag.reconcile.out'))
        .option('--force', t('flag.out.force'));
    },
    load: () => import('./commands/reconcile-sales.js'),
  },
  {
    words: ['reconcile', 'stock'],
    summary: 'cmd.reconcileStock',
    flags: (cmd, t) => {
      cmd
        .option('--count <file.csv>', t('flag.reconcile.count'))
        .option('--encoding <name>', t('flag.reconcile.encodingCount'))
        .option('--apply', t('flag.reconcile.applyStock'))
        .option('--top <n>', t('flag.reconcile.top'), '10')
        .option('--db <name>', t('flag.reconcile.db'))
        .option('--out <file.csv>', t('flag.reconcile.out'))
        .option('--force', t('flag.out.force'));
    },
    load: () => import('./commands/reconcile-stock.js'),
  },
  {
    words: ['reconcile', 'undo'],
    summary: 'cmd.reconcileUndo',
    args: '[id]',
    load: () => import('./commands/reconcile-undo.js'),
  },
  {
    words: ['diagnose'],
    summary: 'cmd.diagnose',
    flags: (cmd, t) => {
      cmd
        .addOption(new Option('--format <format>', t('flag.diagnose.format')).choices(['text', 'json', 'prometheus']))
        .option('--since <duration|time>', t('flag.diagnose.since'))
        .option('--now <time>', t('flag.diagnose.now'))
        .option('--deep', t('flag.diagnose.deep'))
        .option('--out <file>', t('flag.diagnose.out'))
        .option('--force', t('flag.out.force'));
    },
    load: () => import('./commands/diagnose.js'),
    exitCodes: 'help.exitCodesDiagnose',
  },
  {
    words: ['fleet', 'status'],
    summary: 'cmd.fleetStatus',
    flags: (cmd, t) => {
      cmd
        .option('--destination <name>', t('flag.fleet.destination'))
        .addOption(new Option('--format <format>', t('flag.fleet.format')).choices(['text', 'json', 'prometheus']));
    },
    load: () => import('./commands/fleet-status.js'),
    exitCodes: 'help.exitCodesFleet',
  },
  {
    words: ['audit'],
    summary: 'cmd.audit',
    flags: (cmd, t) => {
      cmd
        .option('--since <duration|time>', t('flag.audit.since'))
        .option('--user <name>', t('flag.audit.user'))
        .option('--limit <n>', t('flag.audit.limit'), '200');
    },
    load: () => import('./commands/audit.js'),
  },
  {
    words: ['setup-permissions'],
    summary: 'cmd.setupPermissions',
    flags: (cmd, t) => {
      cmd.option('--create-groups', t('flag.perm.createGroups')).option('--dry-run', t('flag.perm.dryRun'));
    },
    load: () => import('./commands/setup-permissions.js'),
  },
  {
    words: ['demo', 'init'],
    summary: 'cmd.demoInit',
    args: '<dir>',
    flags: (cmd, t) => {
      cmd
        .addOption(new Option('--size <size>', t('flag.demo.size')).choices(['small', 'medium', 'large']).default('small'))
        .option('--seed <n>', t('flag.demo.seed'), '1')
        .option('--now <time>', t('flag.demo.now'));
    },
    load: () => import('./commands/demo-init.js'),
  },
];

export interface Invocation {
  spec: CommandSpec;
  args: string[];
  options: Record<string, unknown>;
  globals: GlobalOptions;
}

/** Builds the commander tree; `onRun` receives the parsed invocation instead of running it here. */
export function buildProgram(
  t: Translator,
  version: string,
  output: { writeOut: (s: string) => void; writeErr: (s: string) => void },
  onRun: (inv: Invocation) => void,
): Command {
  const program = new Command('store-ops')
    // Set before any subcommand exists: commander copies these settings into subcommands at creation.
    .exitOverride()
    .configureOutput({ ...output, outputError: () => undefined })
    .description(t('cli.description'))
    .version(version, '-V, --version', t('flag.version'))
    .helpOption('-h, --help', t('flag.help'))
    .helpCommand(false)
    .option('--config <file>', t('flag.config'))
    .option('--json', t('flag.json'))
    .option('--lang <zh|en>', t('flag.lang'))
    .option('--no-color', t('flag.noColor'))
    .option('--operator <name>', t('flag.operator'))
    .option('-y, --yes', t('flag.yes'))
    .option('--verbose', t('flag.verbose'))
    .configureHelp({
      ...localHelp(t),
      showGlobalOptions: true,
      sortSubcommands: false,
      // The overview lists every runnable command by its full name ("config check"), not the groups.
      visibleCommands: (cmd) => leaves(cmd),
      subcommandTerm: (cmd) => fullTerm(cmd),
    })
    .addHelpText('after', `\n${t('help.exitCodes')}`);

  const groups = new Map<string, Command>();
  for (const spec of COMMANDS) {
    let parent = program;
    for (const word of spec.words.slice(0, -1)) {
      let group = groups.get(word);
      if (!group) {
        group = parent.command(word).description(t(`group.${word}` as Parameters<Translator>[0])).helpOption('-h, --help', t('flag.help'));
        groups.set(word, group);
      }
      parent = group;
    }
    const leaf = spec.words[spec.words.length - 1]!;
    const cmd = parent
      .command(spec.args ? `${leaf} ${spec.args}` : leaf)
      .description(t(spec.summary))
      .helpOption('-h, --help', t('flag.help'))
      .addHelpText('after', `\n${t(spec.exitCodes ?? 'help.exitCodes')}`);
    spec.flags?.(cmd, t);
    cmd.action((...received: unknown[]) => {
      const command = received[received.length - 1] as Command;
      const args = received.slice(0, -2).flatMap((a) => (Array.isArray(a) ? a.map(String) : a === undefined ? [] : [String(a)]));
      const all = command.optsWithGlobals() as Record<string, unknown>;
      onRun({ spec, args, options: command.opts(), globals: pickGlobals(all) });
    });
  }
  return program;
}

function leaves(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => (c.commands.length > 0 ? leaves(c) : [c]));
}

function fullTerm(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  const args = cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)).join(' ');
  return [...names, args].filter(Boolean).join(' ');
}

function pickGlobals(all: Record<string, unknown>): GlobalOptions {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    config: str(all.config),
    json: all.json === true,
    lang: str(all.lang),
    color: all.color !== false,
    operator: str(all.operator),
    yes: all.yes === true,
    verbose: all.verbose === true,
  };
}

export type { Io };
