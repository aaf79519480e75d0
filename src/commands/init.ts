// store-ops init: writes a first store-ops.yaml. On a terminal it asks, offering the flags'
// values as defaults; without one it takes flags only and never waits for input. It also makes the
// backup folder the config names (backup-folder.ts), so the first backup run has it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../core/context.js';
import { failure, usageError, describeCause } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic.js';
import { checkBackupFolder, makeBackupFolder, type BackupFolder } from '../core/config/backup-folder.js';
import { DEFAULT_SIGNING_KEY, planInitialConfig, type InitAnswers } from '../core/config/init-plan.js';
import { prepareConfigText } from '../core/config/template.js';
import { AGE_RECIPIENT } from '../core/config/schema.js';
import { ensureSigningKeyFiles } from '../signing/key-files.js';
import { ask } from '../ui/prompts.js';
import type { CommandResult } from './types.js';

interface Options {
  out: string;
  storeId?: string;
  storeName?: string;
  timezone?: string;
  openingHours?: string;
  database?: string[];
  recipient?: string[];
  identity?: string;
  backupDir?: string;
  stateDir?: string;
  signingKey?: string;
  journals?: string[];
  manualRecords?: string[];
  mapping?: string;
}

async function askAnswers(ctx: Context, o: Options): Promise<InitAnswers> {
  const required = (v: string) => (v.trim() ? true : ctx.t('prompt.required'));
  const recipientOk = (v: string) => (!v.trim() || AGE_RECIPIENT.test(v.trim()) ? true : ctx.t('prompt.badRecipient'));
  const storeId = await ask(ctx, 'prompt.storeId', { default: o.storeId, validate: (v) => (/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/.test(v) ? true : ctx.t('prompt.badStoreId')) });
  const storeName = await ask(ctx, 'prompt.storeName', { default: o.storeName, validate: required });
  const timezone = await ask(ctx, 'prompt.timezone', { default: o.timezone ?? 'Asia/Shanghai' });
  const openingHours = await ask(ctx, 'prompt.openingHours', { default: o.openingHours ?? '07:00-22:00' });
  const database = await ask(ctx, 'prompt.database', { default: o.database?.[0] ?? './store.db', validate: required });
  const recipient = await ask(ctx, 'prompt.recipient', { default: o.recipient?.[0], validate: recipientOk });
  const backupDir = recipient ? await ask(ctx, 'prompt.backupDir', { default: o.backupDir ?? './backups' }) : undefined;
  const signingKey = recipient ? await ask(ctx, 'prompt.signingKey', { default: o.signingKey ?? DEFAULT_SIGNING_KEY }) : undefined;
  return {
    storeId, storeName, timezone, openingHours, databases: [database], recipients: recipient ? [recipient] : [], backupDir, signingKey, identity: o.identity, stateDir: o.stateDir,
    journals: o.journals, manualRecords: o.manualRecords, mapping: o.mapping,
  };
}

function folderLine(ctx: Context, f: BackupFolder, dir: string): string {
  switch (f.state) {
    case 'made': return ctx.t('init.backupFolderMade', { dir });
    case 'exists': return ctx.t('init.backupFolderExists', { dir });
    case 'no-parent': return ctx.t('init.backupFolderNoParent', { dir, parent: f.parent });
    case 'failed': return ctx.t('init.backupFolderFailed', { dir, problem: f.problem });
  }
}

export async function run(_args: string[], o: Options, ctx: Context): Promise<CommandResult> {
  const target = path.resolve(ctx.io.cwd, o.out);
  const answers: InitAnswers = ctx.interactive && !ctx.json
    ? await askAnswers(ctx, o)
    : {
        storeId: o.storeId, storeName: o.storeName, timezone: o.timezone, openingHours: o.openingHours,
        databases: o.database, recipients: o.recipient, identity: o.identity, backupDir: o.backupDir, stateDir: o.stateDir, signingKey: o.signingKey,
        journals: o.journals, manualRecords: o.manualRecords, mapping: o.mapping,
      };
  const config = planInitialConfig(answers);
  const text = prepareConfigText(config, `store-ops config for ${config.store.id} (${config.store.name}), written by store-ops init`, target);
  ctx.audit.stateDir = path.resolve(path.dirname(target), config.state_dir);
  ctx.audit.details = { config_file: target, store: config.store.id };
  if (existsSync(target)) throw usageError('init.exists', { file: o.out }, { key: 'hint.initOtherFile' });
  const configDir = path.dirname(target);
  const backupDir = config.backup?.destinations[0] && path.resolve(configDir, config.backup.destinations[0].path);
  if (backupDir) checkBackupFolder(backupDir, config.backup!.destinations[0]!.path);
  // The key before the config: a config is never left naming a key that was not made.
  const signing = config.backup?.signing_key ? ensureSigningKeyFiles(path.resolve(path.dirname(target), config.backup.signing_key)) : undefined;
  if (signing) ctx.audit.details = { ...ctx.audit.details, signing_key: signing.file, key_id: signing.key_id, signing_key_made: signing.made };
  try {
    writeFileAtomic(target, text, { mode: 0o644, noClobber: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw usageError('init.exists', { file: o.out }, { key: 'hint.initOtherFile' });
    }
    throw failure('init.writeFailed', { file: o.out, problem: describeCause(err) }, undefined, err);
  }
  const folder = backupDir ? makeBackupFolder(backupDir, configDir) : undefined;
  if (folder) ctx.audit.details = { ...ctx.audit.details, backup_folder: folder.state };
  // Shown as a path (./backups), never as a bare word a reader could take for text.
  const relative = folder && path.relative(ctx.io.cwd, folder.dir);
  const shownFolder = folder && (!relative || relative.startsWith('..') || path.isAbsolute(relative) ? folder.dir : `.${path.sep}${relative}`);
  return {
    data: {
      config_file: target, store: config.store, backup_configured: Boolean(config.backup),
      signing_key: signing ? { file: signing.file, public_file: signing.public_file, public_key: signing.public_key, key_id: signing.key_id, made: signing.made } : null,
      backup_folder: folder ? { path: folder.dir, state: folder.state, problem: folder.state === 'failed' ? folder.problem : null } : null,
    },
    text: [
      ctx.t('init.written', { file: path.relative(ctx.io.cwd, target) || target }),
      ...(signing ? [ctx.t(signing.made ? 'init.signingKeyMade' : 'init.signingKeyUsed', { file: path.relative(ctx.io.cwd, signing.file) || signing.file, public_key: signing.public_key, key_id: signing.key_id })] : []),
      ...(folder ? [folderLine(ctx, folder, shownFolder!)] : []),
      config.backup ? ctx.t('init.nextCheck', { file: o.out }) : ctx.t('init.nextRecipient'),
    ],
  };
}
