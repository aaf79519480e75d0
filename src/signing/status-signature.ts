// The status a store writes for HQ is signed like a backup's sidecar (`status.json.minisig`,
// minisign format, the store's signing key), so HQ can tell the store's own report from one planted
// in its folder by anyone with write access to the bucket. The trusted comment names the store and
// the moment written: a genuine status of one store copied into another's folder does not pass.
import { describeKeyProblem } from './key-files.js';
import { keyIdHex, parseSignature, signDetached, verifyDetached, type SecretKey } from './minisign.js';
import type { TrustedSigner } from './trust.js';

export const STATUS_FILE = 'status.json';
export const STATUS_SIGNATURE_FILE = `${STATUS_FILE}.minisig`;

export function signStatus(text: string, key: SecretKey, storeId: string, writtenAt: string): string {
  return signDetached(Buffer.from(text, 'utf8'), key, `store-ops status store:${storeId} written:${writtenAt}`, `signature of store-ops status of ${storeId}`);
}

/** `trusted`, or why not, in English (it goes into JSON for HQ's tools as it is). */
export type StatusTrust = { state: 'trusted'; key_id: string } | { state: 'unsigned' | 'untrusted' | 'forged'; key_id: string | null; reason: string };

export function checkStatusSignature(text: string, signatureText: string | undefined, signers: readonly TrustedSigner[], storeId: string): StatusTrust {
  if (signatureText === undefined) return { state: 'unsigned', key_id: null, reason: `no ${STATUS_SIGNATURE_FILE} beside it` };
  let signature;
  try {
    signature = parseSignature(signatureText);
  } catch (err) {
    return { state: 'forged', key_id: null, reason: `${STATUS_SIGNATURE_FILE} is not a signature: ${describeKeyProblem(err)}` };
  }
  const keyId = keyIdHex(signature.keyId);
  const signer = signers.find((s) => s.public_key.id.equals(signature.keyId));
  if (!signer) return { state: 'untrusted', key_id: keyId, reason: `signed by key ${keyId}, which is neither in trusted_signers nor bound to a store in fleet.stores` };
  if (!verifyDetached(Buffer.from(text, 'utf8'), signature, signer.public_key)) return { state: 'forged', key_id: keyId, reason: `${STATUS_SIGNATURE_FILE} does not match ${STATUS_FILE}` };
  if (/(?:^| )store:(\S+)/.exec(signature.trustedComment)?.[1] !== storeId) {
    return { state: 'forged', key_id: keyId, reason: `signed for another store (${signature.trustedComment})` };
  }
  return { state: 'trusted', key_id: keyId };
}
