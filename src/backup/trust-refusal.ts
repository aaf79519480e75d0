// Refusing a backup asked for by name when its signature does not hold: the reason (unsigned,
// untrusted key, forged, dated in the future) and what to do next, which differs for each. A
// backup that is merely incomplete is not refused here: the completeness checks say why.
import type { StoreConfig } from '../core/config/load.js';
import { failure, type Hint, type StoreOpsError } from '../core/errors.js';
import { signatureAccepted, type CatalogEntry } from './catalog.js';

export function untrustedRefusal(e: CatalogEntry, allowUnsigned: boolean, config: StoreConfig, command: string): StoreOpsError | undefined {
  const reason = e.distrust[0];
  if (!e.sidecar || !reason || signatureAccepted(e, allowUnsigned)) return undefined;
  const params = { config: config.configFile, command, id: e.id };
  let hint: Hint = { key: 'hint.forgedBackup', params };
  if (!e.future && e.signature.state === 'unsigned') hint = { key: 'hint.allowUnsigned', params };
  if (!e.future && e.signature.state === 'untrusted') hint = { key: 'hint.trustedSigners', params };
  return failure(reason.key, reason.params, hint);
}
