// English texts. Keys are grouped by what uses them; zh.ts must have every key. Areas with many
// texts keep them in their own file (en-backup.ts), merged here into the one catalogue.
import { enBackup } from './en-backup.js';
import { enSchedule } from './en-schedule.js';
import { enPrune } from './en-prune.js';
import { enVerify } from './en-verify.js';
import { enRestore } from './en-restore.js';
import { enRestoreSafety } from './en-restore-safety.js';
import { enDiagnose } from './en-diagnose.js';
import { enReconcile } from './en-reconcile.js';
import { enReconcileUndo } from './en-reconcile-undo.js';
import { enReconcileValues } from './en-reconcile-values.js';
import { enS3 } from './en-s3.js';
import { enRunbook } from './en-runbook.js';
import { enTrustLinks } from './en-trust-links.js';
import { enTrustSign } from './en-trust-sign.js';
import { enLockConfig } from './en-lock-config.js';
import { enFleet } from './en-fleet.js';
import { enGuided } from './en-guided.js';
import { enRoles } from './en-roles.js';
import { enMapping } from './en-mapping.js';

export const en = {
  ...enBackup,
  ...enSchedule,
  ...enPrune,
  ...enVerify,
  ...enRestore,
  ...enRestoreSafety,
  ...enDiagnose,
  ...enReconcile,
  ...enReconcileUndo,
  ...enReconcileValues,
  ...enS3,
  ...enRunbook,
  ...enTrustLinks,
  ...enTrustSign,
  ...enLockConfig,
  ...enFleet,
  ...enGuided,
  ...enRoles,
  ...enMapping,
  'cli.description': 'Disaster recovery and operations for a retail store: diagnose, encrypted backups, safe restore, reconciliation, runbooks.',
  'cli.usage': '{problem}',
  'cli.badLang': '--lang must be zh or en, got "{value}"',
  'cli.internal': 'internal error: {problem}',
  'cli.dbDamaged': 'the store database is damaged and cannot be read ({code})',
  'hint.dbDamaged': 'open the damaged-database runbook: {command}',
  'help.exitCodes': 'Exit codes: 0 done, 1 the operation failed, 2 usage or configuration error.',
  'help.usage': 'Usage:',
  'help.options': 'Options:',
  'help.globalOptions': 'Global Options:',
  'help.commands': 'Commands:',
  'help.arguments': 'Arguments:',
  'help.optionsArg': '[options]',
  'help.commandArg': '[command]',
  'help.choices': 'choices: {values}',
  'help.default': 'default: {value}',
  'help.listJoin': ', ',
  'help.extra': ' ({parts})',
  'help.extraJoin': ', ',
  'cli.unknownCommand': 'unknown command \'{name}\'',
  'cli.unknownOption': 'unknown option \'{name}\'',
  'cli.didYouMean': '{problem} (did you mean {suggestion}?)',
  'cli.missingArgument': 'missing required argument \'{name}\'',
  'cli.optionMissingArgument': 'option \'{name}\' needs a value',
  'cli.invalidChoice': 'option \'{name}\' does not take \'{value}\'; it takes {choices}',
  'cli.excessArguments': 'too many arguments for \'{command}\': {count} expected, {given} given',

  'group.config': 'check the config file',
  'group.keys': 'manage age keys for encrypted backups',
  'group.demo': 'a demo store to try every command on',

  'cmd.init': 'write a store-ops.yaml (asks on a terminal, takes flags otherwise)',
  'cmd.configCheck': 'validate the config and print it resolved',
  'cmd.keysGenerate': 'make an age identity (mode 0600) and print its public recipient',
  'cmd.demoInit': 'build a demo store: database, logs, register journals, paper records, keys, config',

  'flag.version': 'print the version',
  'flag.help': 'show help for this command',
  'flag.config': 'config file (else $STORE_OPS_CONFIG, ./store-ops.yaml, /etc/store-ops/store-ops.yaml)',
  'flag.json': 'machine-readable output on stdout, nothing else there',
  'flag.lang': 'language of the output: zh or en (default from LANG)',
  'flag.noColor': 'no colour (NO_COLOR is honoured too)',
  'flag.operator': 'who is running this, for the audit log (default: the login name)',
  'flag.yes': 'answer yes to confirmations (required without a terminal)',
  'flag.verbose': 'show stack traces and more detail',
  'flag.init.out': 'where to write the config',
  'flag.init.storeId': 'store id: letters, digits, dashes (used in backup names)',
  'flag.init.storeName': 'store name',
  'flag.init.timezone': 'IANA time zone (default Asia/Shanghai)',
  'flag.init.openingHours': 'opening hours (default 07:00-22:00)',
  'flag.init.database': 'a store database, as name=path or path (repeatable)',
  'flag.init.recipient': 'age public key that backups are encrypted to (repeatable)',
  'flag.init.identity': 'path of the private identity, if this machine may decrypt',
  'flag.init.backupDir': 'folder for backups (default ./backups)',
  'flag.init.stateDir': "store-ops' state folder (default ./.store-ops)",
  'flag.init.signingKey': "the store's signing key, made when missing (default ./keys/signing.key beside the config; with a backup section only)",
  'flag.keys.out': 'file to write (never overwritten); default store-ops-identity.txt, or signing.key with --signing',
  'flag.keys.passphrase': 'protect the identity with a passphrase (asked, or $STORE_OPS_PASSPHRASE)',
  'flag.demo.size': 'small (2 k products, 1 week), medium (20 k, 90 days) or large (200 k, 2 years, ~1 GB)',
  'flag.demo.seed': 'random seed: the same seed and --now give the same store',
  'flag.demo.now': "the demo's present moment, ISO 8601 (default: now)",

  'hint.init': 'try: store-ops init, or pass --config FILE',
  'hint.help': 'try: {command} --help',
  'hint.verbose': 'rerun with --verbose for the stack trace, and report it',
  'hint.yamlSyntax': 'fix the YAML at that line (indentation, a missing colon or quote), then run store-ops config check',
  'hint.configCheck': 'fix it, then run: store-ops --config {file} config check',
  'hint.initFlags': 'without a terminal, give: store-ops init --store-id ID --store-name NAME --database PATH [--recipient age1…]',
  'hint.initOtherFile': 'choose another file with --out, or edit the existing one',
  'hint.keysOtherFile': 'choose another file with --out; an existing key is never replaced',
  'hint.noTerminal': 'give the value as a flag (see --help)',
  'hint.passphraseEnv': 'set STORE_OPS_PASSPHRASE, or run it on a terminal',
  'hint.yes': 'rerun with --yes to confirm',
  'hint.demoOtherDir': 'choose a new or empty folder',

  'config.notFound': 'no config file found (looked in {looked})',
  'config.missing': '{file}: no such config file',
  'config.unreadable': '{file}: cannot read the config: {cause}',
  'config.syntax': '{file}:{line}: YAML syntax error: {problem}',
  'config.invalid': '{file}: {key}: {problem}',
  'configCheck.ok': '{file}: the config is valid. Resolved:',

  'audit.writeFailed': 'could not write the audit row to {dir}: {problem}',
  'audit.hintJoin': '; ',

  'prompt.noTerminal': 'this needs {missing}, and there is no terminal to ask on',
  'prompt.needsYes': 'this needs a confirmation, and there is no terminal to ask on',
  'prompt.required': 'a value is required',
  'prompt.badStoreId': 'letters, digits and single dashes only, for example SH-0012',
  'prompt.badRecipient': 'an age public key starts with age1 and has 62 characters',
  'prompt.storeId': 'Store id (used in backup file names)',
  'prompt.storeName': 'Store name',
  'prompt.timezone': 'Time zone',
  'prompt.openingHours': 'Opening hours',
  'prompt.database': 'Path of the store database (SQLite)',
  'prompt.recipient': 'age public key for backups (empty: add later)',
  'prompt.backupDir': 'Folder for backups',
  'prompt.signingKey': 'Signing key of this store (made if missing)',
  'prompt.passphrase': 'Passphrase for the identity',
  'prompt.passphraseAgain': 'The same passphrase again',

  'init.missingFlag': 'init needs {flag} when there is no terminal to ask on',
  'init.exists': '{file} already exists; init never overwrites a config',
  'init.writeFailed': 'could not write {file}: {problem}',
  'init.written': 'Wrote {file}.',
  'init.signingKeyMade': 'Made the signing key {file} (public key {public_key}, key id {key_id}); HQ lists the public key under backup.trusted_signers.',
  'init.signingKeyUsed': 'Using the existing signing key {file} (key id {key_id}).',
  'init.nextCheck': 'Next: store-ops --config {file} config check',
  'init.nextRecipient': 'No backup recipient yet: run store-ops keys generate on the manager\'s machine and add the age1… key under backup.recipients.',

  'keys.exists': '{file} already exists; an identity is never overwritten',
  'keys.writeFailed': 'could not write the identity {file}: {problem}',
  'keys.unreadable': 'cannot read the identity {file}: {problem}',
  'keys.needsPassphrase': '{file} is protected by a passphrase',
  'keys.wrongPassphrase': 'cannot unlock {file}: wrong passphrase ({problem})',
  'keys.noIdentity': '{file} holds no age identity (AGE-SECRET-KEY-1…)',
  'keys.passphraseNoTerminal': '--passphrase needs a terminal to ask on, or STORE_OPS_PASSPHRASE',
  'keys.passphraseMismatch': 'the two passphrases differ; nothing was written',
  'keys.passphraseShort': 'the passphrase is shorter than 8 characters; nothing was written',
  'keys.written': 'Wrote the identity {file} (mode 0600). Its public recipient:',
  'keys.nextStep': 'Keep the identity off the store machine (manager or HQ); put the recipient under backup.recipients.',

  'demo.notEmpty': '{dir} exists and is not empty; demo init builds only into a new or empty folder',
  'demo.badSeed': '--seed must be a whole number, got "{value}"',
  'demo.badNow': '--now must be a date and time such as 2026-11-21T20:00:00+08:00, got "{value}"',
  'demo.progress': 'Building the {size} demo store',
  'demo.size.small': 'small',
  'demo.size.medium': 'medium',
  'demo.size.large': 'large',
  'demo.stepSales': 'trading days',
  'demo.stepFiles': 'logs, journals, keys, config',
  'demo.done': 'Demo store ready in {dir} (size {size}, seed {seed}).',
  'demo.contents': '{products} products, {days} days of trading, {inDb} receipts in the database.',
  'demo.crash': 'The store system went down at {at}: {journalOnly} later receipts are only in the register journals, {slips} sales only on paper slips.',
  'demo.planted': '{stock} stock figures are wrong on purpose; a physical count is in {count}.',
  'demo.recipient': 'Backups are encrypted to {recipient} (identity in keys/identity.txt).',
  'demo.next': 'Next: store-ops --config {config} config check',
} as const;

export type MessageKey = keyof typeof en;
