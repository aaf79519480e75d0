// minisign's three file formats (public key, secret key, signature), written from the format
// description so that `minisign -Vm FILE -p KEY.pub` checks what we sign, and keys made by
// `minisign -G -W` work here. Ed25519 and BLAKE2b-512 come from node:crypto, BLAKE2b-256 (the
// secret key checksum, not a truncation of BLAKE2b-512) from @noble/hashes. Only unencrypted
// secret keys are read and written: the nightly job signs without a passphrase, and the key
// opens nothing. Anything malformed throws MinisignFormatError with a problem code.
import { blake2b } from '@noble/hashes/blake2.js';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

export type FormatProblem =
  | 'lines' | 'base64' | 'length' | 'algorithm' | 'encrypted' | 'checksum' | 'keyMismatch' | 'comment';

export class MinisignFormatError extends Error {
  constructor(readonly problem: FormatProblem) {
    super(`minisign format: ${problem}`);
    this.name = 'MinisignFormatError';
  }
}

export interface PublicKey {
  /** The 8-byte key id, as stored. */
  id: Buffer;
  key: Buffer;
}

export interface SecretKey extends PublicKey {
  seed: Buffer;
}

export interface Signature {
  keyId: Buffer;
  prehashed: boolean;
  signature: Buffer;
  trustedComment: string;
  globalSignature: Buffer;
}

const ED = Buffer.from('Ed');
const ED_PREHASHED = Buffer.from('ED');
const CHECKSUM_ALG = Buffer.from('B2');
const NO_KDF = Buffer.alloc(2);
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** The key id as minisign prints it: the 8 bytes read as a little-endian number, in hex. */
export function keyIdHex(id: Buffer): string {
  return id.readBigUInt64LE().toString(16).toUpperCase();
}

function decodeBase64(line: string, length: number): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(line)) throw new MinisignFormatError('base64');
  const bytes = Buffer.from(line, 'base64');
  if (bytes.length !== length || bytes.toString('base64') !== line) throw new MinisignFormatError('length');
  return bytes;
}

/** The data lines of a file: comment lines kept, trailing whitespace and blank lines ignored. */
function linesOf(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l !== '');
}

const privateKeyObject = (seed: Buffer): KeyObject => createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
const publicKeyObject = (key: Buffer): KeyObject => createPublicKey({ key: Buffer.concat([SPKI_ED25519, key]), format: 'der', type: 'spki' });

function publicOf(seed: Buffer): Buffer {
  return Buffer.from(createPublicKey(privateKeyObject(seed)).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length));
}

/** The shape of a public key line: a trusted_signers entry like this is a key, anything else a path. */
export const PUBLIC_KEY_LINE = /^RW[A-Za-z0-9+/]{54}$/;

/** The base64 line alone (`RW…`), as `minisign -P` takes it and as trusted_signers lists it. */
export function parsePublicKeyLine(line: string): PublicKey {
  const bytes = decodeBase64(line.trim(), 42);
  if (!bytes.subarray(0, 2).equals(ED)) throw new MinisignFormatError('algorithm');
  return { id: Buffer.from(bytes.subarray(2, 10)), key: Buffer.from(bytes.subarray(10)) };
}

export function publicKeyLine(k: PublicKey): string {
  return Buffer.concat([ED, k.id, k.key]).toString('base64');
}

export function parsePublicKeyFile(text: string): PublicKey {
  const lines = linesOf(text);
  if (lines.length !== 2 || !lines[0]!.startsWith('untrusted comment:')) throw new MinisignFormatError('lines');
  return parsePublicKeyLine(lines[1]!);
}

export function publicKeyFile(k: PublicKey): string {
  return `untrusted comment: minisign public key ${keyIdHex(k.id)}\n${publicKeyLine(k)}\n`;
}

const checksumOf = (id: Buffer, seed: Buffer, key: Buffer) => Buffer.from(blake2b(Buffer.concat([ED, id, seed, key]), { dkLen: 32 }));

export function parseSecretKeyFile(text: string): SecretKey {
  const lines = linesOf(text);
  if (lines.length !== 2 || !lines[0]!.startsWith('untrusted comment:')) throw new MinisignFormatError('lines');
  const b = decodeBase64(lines[1]!, 158);
  if (!b.subarray(0, 2).equals(ED) || !b.subarray(4, 6).equals(CHECKSUM_ALG)) throw new MinisignFormatError('algorithm');
  if (!b.subarray(2, 4).equals(NO_KDF)) throw new MinisignFormatError('encrypted');
  const id = Buffer.from(b.subarray(54, 62));
  const seed = Buffer.from(b.subarray(62, 94));
  const key = Buffer.from(b.subarray(94, 126));
  const checksum = b.subarray(126, 158);
  // `minisign -G -W` (0.11) leaves the checksum of an unencrypted key as zeros; any other value must be right.
  if (!checksum.equals(Buffer.alloc(32)) && !checksum.equals(checksumOf(id, seed, key))) throw new MinisignFormatError('checksum');
  if (!publicOf(seed).equals(key)) throw new MinisignFormatError('keyMismatch');
  return { id, key, seed };
}

export function secretKeyFile(k: SecretKey): string {
  const body = Buffer.concat([
    ED, NO_KDF, CHECKSUM_ALG, Buffer.alloc(32), Buffer.alloc(8), Buffer.alloc(8),
    k.id, k.seed, k.key, checksumOf(k.id, k.seed, k.key),
  ]);
  return `untrusted comment: minisign secret key (unencrypted)\n${body.toString('base64')}\n`;
}

export function generateKeyPair(): SecretKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return { id: randomBytes(8), seed: Buffer.from(jwk.d!, 'base64url'), key: Buffer.from(jwk.x!, 'base64url') };
}

/** A detached, prehashed signature (minisign's default) with a trusted comment signed too. */
export function signDetached(data: Buffer, k: SecretKey, trustedComment: string, untrustedComment = 'signature from minisign secret key'): string {
  if (/[\r\n]/.test(trustedComment) || /[\r\n]/.test(untrustedComment)) throw new MinisignFormatError('comment');
  const signer = privateKeyObject(k.seed);
  const digest = createHash('blake2b512').update(data).digest();
  const signature = sign(null, digest, signer);
  const globalSignature = sign(null, Buffer.concat([signature, Buffer.from(trustedComment, 'utf8')]), signer);
  return [
    `untrusted comment: ${untrustedComment}`,
    Buffer.concat([ED_PREHASHED, k.id, signature]).toString('base64'),
    `trusted comment: ${trustedComment}`,
    globalSignature.toString('base64'),
    '',
  ].join('\n');
}

export function parseSignature(text: string): Signature {
  const lines = linesOf(text);
  if (lines.length !== 4 || !lines[0]!.startsWith('untrusted comment:') || !lines[2]!.startsWith('trusted comment: ')) {
    throw new MinisignFormatError('lines');
  }
  const b = decodeBase64(lines[1]!, 74);
  const alg = b.subarray(0, 2);
  if (!alg.equals(ED) && !alg.equals(ED_PREHASHED)) throw new MinisignFormatError('algorithm');
  return {
    keyId: Buffer.from(b.subarray(2, 10)),
    prehashed: alg.equals(ED_PREHASHED),
    signature: Buffer.from(b.subarray(10)),
    trustedComment: lines[2]!.slice('trusted comment: '.length),
    globalSignature: decodeBase64(lines[3]!, 64),
  };
}

/** Both signatures check: the one over the data and the one over the trusted comment. */
export function verifyDetached(data: Buffer, s: Signature, k: PublicKey): boolean {
  if (!s.keyId.equals(k.id)) return false;
  const key = publicKeyObject(k.key);
  const signed = s.prehashed ? createHash('blake2b512').update(data).digest() : data;
  return verify(null, signed, key, s.signature)
    && verify(null, Buffer.concat([s.signature, Buffer.from(s.trustedComment, 'utf8')]), key, s.globalSignature);
}
