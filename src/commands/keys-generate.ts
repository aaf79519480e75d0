// store-ops keys generate: a new age identity for the manager or HQ; prints the recipient that
// goes into backup.recipients on the store machine. With --signing: the store's signing key pair
// instead; prints its public key and the config lines that use it.
import path from 'node:path';
import type { Context } from '../core/context.js';
import { StoreOpsError, usageError } from '../core/errors.js';
import { generateIdentityFile } from '../keys/identity.js';
import { generateSigningKeyFiles } from '../signing/key-files.js';
import { askSecret } from '../ui/prompts.js';
import type { CommandResult } from './types.js';

interface Options {
  out?: string;
  passphrase?: boolean;
  signing?: boolean;
}

function runSigning(options: Options, ctx: Context): CommandResult {
  if (options.passphrase) throw usageError('sign.passphrase', {}, { key: 'hint.signingPassphrase' });
  const file = path.resolve(ctx.io.cwd, options.out ?? 'signing.key');
  const stateDir = tryStateDir(ctx);
  if (stateDir) {
    ctx.audit.stateDir = stateDir;
    ctx.audit.details = { signing_key: file };
  }
  const made = generateSigningKeyFiles(file);
  ctx.audit.details = { signing_key: made.file, public_file: made.public_file, public_key: made.public_key, key_id: made.key_id };
  const shown = (f: string) => path.relative(ctx.io.cwd, f) || f;
  return {
    data: made,
    text: [
      ctx.t('sign.written', { file: shown(made.file), public: shown(made.public_file) }),
      ctx.t('sign.publicKey', { key_id: made.key_id }),
      made.public_key,
      ctx.t('sign.configLines'),
      'backup:',
      `  signing_key: ${made.file}`,
      `  trusted_signers: [${made.public_key}]`,
      ctx.t('sign.keepIt', { public: shown(made.public_file) }),
    ],
  };
}

async function choosePassphrase(ctx: Context): Promise<string> {
  const fromEnv = ctx.io.env.STORE_OPS_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!ctx.interactive) throw usageError('keys.passphraseNoTerminal', {}, { key: 'hint.passphraseEnv' });
  const first = await askSecret(ctx, 'prompt.passphrase');
  const second = await askSecret(ctx, 'prompt.passphraseAgain');
  if (first !== second) throw usageError('keys.passphraseMismatch');
  if (first.length < 8) throw usageError('keys.passphraseShort');
  return first;
}

export async function run(_args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  if (options.signing) return runSigning(options, ctx);
  const file = path.resolve(ctx.io.cwd, options.out ?? 'store-ops-identity.txt');
  const passphrase = options.passphrase ? await choosePassphrase(ctx) : undefined;
  const stateDir = tryStateDir(ctx);
  if (stateDir) {
    ctx.audit.stateDir = stateDir;
    ctx.audit.details = { file };
  }
  const made = await generateIdentityFile(file, passphrase);
  ctx.audit.details = { file, recipient: made.recipient, passphrase_protected: made.passphraseProtected };
  return {
    data: { identity_file: made.file, recipient: made.recipient, passphrase_protected: made.passphraseProtected, created: made.created },
    text: [
      ctx.t('keys.written', { file: path.relative(ctx.io.cwd, made.file) || made.file }),
      made.recipient,
      ctx.t('keys.nextStep'),
    ],
  };
}

/** keys generate works without a config (HQ's laptop); when one is found the row goes to its audit log. */
function tryStateDir(ctx: Context): string | undefined {
  try {
    return ctx.config().state_dir;
  } catch (err) {
    if (err instanceof StoreOpsError && err.key === 'config.notFound') return undefined;
    throw err;
  }
}
