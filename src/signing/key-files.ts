// The store's signing key on disk: the secret key (mode 0600, unencrypted so the nightly job needs
// no passphrase; it signs, it decrypts nothing) and FILE.pub beside it in minisign's public-key
// format, for HQ and for `minisign -Vm … -p FILE.pub`. Neither file is ever replaced.
import { chmodSync, lstatSync, readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic.js';
import { configError, describeCause, failure, usageError } from '../core/errors.js';
import { translate, type MessageKey } from '../core/i18n.js';
import {
  generateKeyPair, keyIdHex, MinisignFormatError, parsePublicKeyFile, parseSecretKeyFile, publicKeyFile, publicKeyLine, secretKeyFile,
  type FormatProblem, type PublicKey, type SecretKey,
} from './minisign.js';

export interface GeneratedSigningKey {
  file: string;
  public_file: string;
  public_key: string;
  key_id: string;
}

const FORMAT_PROBLEM: Record<FormatProblem, MessageKey> = {
  lines: 'sign.format.lines',
  base64: 'sign.format.base64',
  length: 'sign.format.length',
  algorithm: 'sign.format.algorithm',
  encrypted: 'sign.format.encrypted',
  checksum: 'sign.format.checksum',
  keyMismatch: 'sign.format.keyMismatch',
  comment: 'sign.format.comment',
};

/** The catalogue key that says what is wrong with a malformed key or signature, in either language. */
export const formatProblemKey = (problem: FormatProblem): MessageKey => FORMAT_PROBLEM[problem];

/** What is wrong with a key or signature, in English: it goes into checks, JSON and the audit log. */
export function describeKeyProblem(err: unknown): string {
  return err instanceof MinisignFormatError ? translate('en', FORMAT_PROBLEM[err.problem]) : describeCause(err);
}

const exists = (file: string) => {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
};

export function generateSigningKeyFiles(file: string): GeneratedSigningKey {
  const publicFile = `${file}.pub`;
  for (const f of [file, publicFile]) if (exists(f)) throw usageError('sign.keyExists', { file: f }, { key: 'hint.keysOtherFile' });
  const key = generateKeyPair();
  write(file, secretKeyFile(key), 0o600);
  try {
    write(publicFile, publicKeyFile(key), 0o644);
  } catch (err) {
    // The secret key was made by this run a moment ago; without its .pub nobody could trust it.
    rmSync(file, { force: true });
    throw err;
  }
  return { file, public_file: publicFile, public_key: publicKeyLine(key), key_id: keyIdHex(key.id) };
}

/**
 * The signing key `init` names in a new config: an existing one is checked and kept (a store that
 * is set up again keeps the key HQ already trusts), a missing one is made.
 */
export function ensureSigningKeyFiles(file: string): GeneratedSigningKey & { made: boolean } {
  if (!exists(file)) return { ...generateSigningKeyFiles(file), made: true };
  const key = loadSigningKey(file);
  return { file, public_file: `${file}.pub`, public_key: publicKeyLine(key), key_id: keyIdHex(key.id), made: false };
}

function write(file: string, text: string, mode: number): void {
  try {
    writeFileAtomic(file, text, { mode, noClobber: true });
    chmodSync(file, mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw usageError('sign.keyExists', { file }, { key: 'hint.keysOtherFile' });
    throw failure('sign.keyWriteFailed', { file, problem: describeCause(err) }, undefined, err);
  }
}

function readKeyText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw configError('sign.keyUnreadable', { file, problem: describeCause(err) }, { key: 'hint.signingKeyFile', params: { file } });
  }
}

/** backup.signing_key, loaded for `backup run`: a clear error naming the file when it is not one. */
export function loadSigningKey(file: string): SecretKey {
  const text = readKeyText(file);
  try {
    return parseSecretKeyFile(text);
  } catch (err) {
    throw configError('sign.keyInvalid', { file, problem: describeKeyProblem(err) }, { key: 'hint.signingKeyFile', params: { file } });
  }
}

/** The public half of a signing key: FILE.pub when present, else computed from the secret key. */
export function readSigningPublicKey(file: string): PublicKey {
  const publicFile = `${file}.pub`;
  if (exists(publicFile)) return parsePublicKeyFile(readFileSync(publicFile, 'utf8'));
  const secret = parseSecretKeyFile(readFileSync(file, 'utf8'));
  return { id: secret.id, key: secret.key };
}
