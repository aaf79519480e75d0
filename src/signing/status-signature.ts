// The status a store writes for HQ is signed like a backup's sidecar (`status.json.minisig`,
// minisign format, the store's signing key), so HQ can tell the store's own report from one planted
// in its folder by anyone with write access to the bucket. The trusted comment names the store and
// the moment written: a genuine status of one store copied into another's folder does not pass.
import type { MessageKey, MessageParams, Sentence } from '../core/i18n.js';
import { formatProblemKey } from './key-files.js';
import { keyIdHex, MinisignFormatError, parseSignature, signDetached, verifyDetached, type SecretKey } from './minisign.js';
import type { TrustedSigner } from './trust.js';

export const STATUS_FILE = 'status.json';
export const STATUS_SIGNATURE_FILE = `${STATUS_FILE}.minisig`;

export function signStatus(text: string, key: SecretKey, storeId: string, writtenAt: string): string {
  return signDetached(Buffer.from(text, 'utf8'), key, `store-ops status store:${storeId} written:${writtenAt}`, `signature of store-ops status of ${storeId}`);
}

/**
 * Why HQ does not believe a status: a stable code for HQ's tools, and the sentence saying it in
 * the reader's language (`fleet.doubt.<code>` in the catalogues; --json carries its English).
 */
export interface Doubt<Code extends string = string> extends Sentence {
  code: Code;
}

/** The codes the catalogues have a sentence for. */
export type DoubtCode = MessageKey extends infer K ? (K extends `fleet.doubt.${infer C}` ? C : never) : never;

export function doubt<Code extends DoubtCode>(code: Code, params: MessageParams = {}): Doubt<Code> {
  return { code, key: `fleet.doubt.${code}`, params };
}

export type SignatureDoubt = 'no_signature' | 'not_a_signature' | 'unknown_key' | 'signature_mismatch' | 'signed_for_other_store';

export type StatusTrust = { state: 'trusted'; key_id: string } | { state: 'unsigned' | 'untrusted' | 'forged'; key_id: string | null; reason: Doubt<SignatureDoubt> };

export function checkStatusSignature(text: string, signatureText: string | undefined, signers: readonly TrustedSigner[], storeId: string): StatusTrust {
  const files = { signature: STATUS_SIGNATURE_FILE, file: STATUS_FILE };
  if (signatureText === undefined) return { state: 'unsigned', key_id: null, reason: doubt('no_signature', files) };
  let signature;
  try {
    signature = parseSignature(signatureText);
  } catch (err) {
    if (!(err instanceof MinisignFormatError)) throw err;
    return { state: 'forged', key_id: null, reason: doubt('not_a_signature', { ...files, problem: { key: formatProblemKey(err.problem) } }) };
  }
  const keyId = keyIdHex(signature.keyId);
  const signer = signers.find((s) => s.public_key.id.equals(signature.keyId));
  if (!signer) return { state: 'untrusted', key_id: keyId, reason: doubt('unknown_key', { key_id: keyId }) };
  if (!verifyDetached(Buffer.from(text, 'utf8'), signature, signer.public_key)) return { state: 'forged', key_id: keyId, reason: doubt('signature_mismatch', files) };
  const named = /(?:^| )store:(\S+)/.exec(signature.trustedComment)?.[1];
  if (named !== storeId) {
    // English (and --json) quotes the whole comment as before; Chinese names only the store, the rest being English with an ISO time.
    return { state: 'forged', key_id: keyId, reason: doubt('signed_for_other_store', { comment: signature.trustedComment, named: named ?? '-' }) };
  }
  return { state: 'trusted', key_id: keyId };
}
