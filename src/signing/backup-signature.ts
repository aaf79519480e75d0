// A backup's signature: `backup run` signs the sidecar (which holds the archive's size and
// SHA-256) into `<base>.json.minisig`, so the sidecar vouches for the archive and the signature
// for the sidecar. Checking one says whether a trusted key made it, and whether what it signed is
// the backup the file names claim: a genuine signed sidecar copied under another name (a newer
// date, another id) is a forgery too.
import type { MessageKey, MessageParams } from '../core/i18n.js';
import type { Sidecar } from '../backup/manifest.js';
import { parseArchiveName } from '../backup/naming.js';
import { describeKeyProblem } from './key-files.js';
import { keyIdHex, parseSignature, signDetached, verifyDetached, type SecretKey } from './minisign.js';
import type { TrustedSigner } from './trust.js';

export type SignatureState = 'trusted' | 'unsigned' | 'untrusted' | 'forged';

export interface Reason {
  key: MessageKey;
  params: MessageParams;
}

export interface SignatureCheck {
  state: SignatureState;
  key_id: string | null;
  reason: Reason | null;
}

export interface SignedBackup {
  base: string;
  store: string;
  id: string;
  created: Date;
}

export const signatureName = (base: string) => `${base}.json.minisig`;

export function trustedComment(b: SignedBackup): string {
  return `store-ops backup store:${b.store} backup:${b.base} created:${b.created.toISOString()}`;
}

export function signSidecar(sidecarText: string, key: SecretKey, b: SignedBackup): string {
  return signDetached(Buffer.from(sidecarText, 'utf8'), key, trustedComment(b), `signature of store-ops backup ${b.base}`);
}

const result = (state: SignatureState, key_id: string | null, key: MessageKey | null, params: MessageParams = {}): SignatureCheck =>
  ({ state, key_id, reason: key ? { key, params } : null });

/** The first field where the signed sidecar disagrees with the name it is stored under. */
function disagreement(b: SignedBackup, sidecar: Sidecar | undefined): string | undefined {
  if (!sidecar) return 'format';
  if (sidecar.store !== b.store) return 'store';
  if (sidecar.id !== b.id) return 'id';
  if (Date.parse(sidecar.created) !== b.created.getTime()) return 'created';
  if (parseArchiveName(String(sidecar.file))?.base !== b.base) return 'file';
  return undefined;
}

export function checkSignature(
  b: SignedBackup,
  sidecarText: string,
  sidecar: Sidecar | undefined,
  signatureText: string | undefined,
  signers: readonly TrustedSigner[],
): SignatureCheck {
  const file = signatureName(b.base);
  if (signatureText === undefined) return result('unsigned', null, 'trust.unsigned', { file });
  let signature;
  try {
    signature = parseSignature(signatureText);
  } catch (err) {
    return result('forged', null, 'trust.malformed', { file, problem: describeKeyProblem(err) });
  }
  const keyId = keyIdHex(signature.keyId);
  const signer = signers.find((s) => s.public_key.id.equals(signature.keyId));
  if (!signer) return result('untrusted', keyId, signers.length === 0 ? 'trust.noSigners' : 'trust.untrustedKey', { file, key_id: keyId });
  if (!verifyDetached(Buffer.from(sidecarText, 'utf8'), signature, signer.public_key)) return result('forged', keyId, 'trust.badSignature', { file, key_id: keyId });
  const field = disagreement(b, sidecar);
  if (field) return result('forged', keyId, 'trust.sidecarDisagrees', { file: `${b.base}.json`, field });
  if (/(?:^| )backup:(\S+)/.exec(signature.trustedComment)?.[1] !== b.base) return result('forged', keyId, 'trust.commentDisagrees', { file, comment: signature.trustedComment });
  return result('trusted', keyId, null);
}
