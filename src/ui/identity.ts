// Loading the private key for commands that decrypt (verify, restore): --identity or the
// config's backup.identity; a passphrase-protected file reads STORE_OPS_PASSPHRASE, or asks on
// a terminal.
import path from 'node:path';
import type { Context } from '../core/context.js';
import { StoreOpsError, usageError } from '../core/errors.js';
import { loadIdentity, type LoadedIdentity } from '../keys/identity.js';
import { askSecret } from './prompts.js';

export async function identityFor(ctx: Context, flag: string | undefined): Promise<LoadedIdentity> {
  const file = flag ? path.resolve(ctx.io.cwd, flag) : ctx.config().backup?.identity;
  if (!file) throw usageError('verify.noIdentity', {}, { key: 'hint.identity' });
  try {
    return await loadIdentity(file, ctx.io.env.STORE_OPS_PASSPHRASE);
  } catch (err) {
    if (!(err instanceof StoreOpsError) || err.key !== 'keys.needsPassphrase' || !ctx.interactive) throw err;
    return loadIdentity(file, await askSecret(ctx, 'prompt.passphrase'));
  }
}
