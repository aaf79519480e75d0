// age identities for backups. The identity (private key) is written with mode 0600 and never
// replaces an existing file; with a passphrase it is itself age-encrypted (scrypt), the format
// `age -d -i` also accepts, so the `age` CLI can use it without store-ops.
import { Encrypter, Decrypter, armor, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { failure, usageError, describeCause } from '../core/errors.js';

export interface GeneratedIdentity {
  file: string;
  recipient: string;
  passphraseProtected: boolean;
  created: string;
}

export async function generateIdentityFile(file: string, passphrase?: string, now = new Date()): Promise<GeneratedIdentity> {
  // X25519, not the hybrid post-quantum type: the age 1.1 CLI that technicians have cannot read the latter.
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  const created = now.toISOString();
  const plain = `# created: ${created}\n# public key: ${recipient}\n${identity}\n`;
  let contents: string = plain;
  if (passphrase !== undefined) {
    const e = new Encrypter();
    e.setPassphrase(passphrase);
    contents = armor.encode(await e.encrypt(plain));
  }
  try {
    writeFileAtomic(file, contents, { mode: 0o600, noClobber: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw usageError('keys.exists', { file }, { key: 'hint.keysOtherFile' });
    }
    throw failure('keys.writeFailed', { file, problem: describeCause(err) }, undefined, err);
  }
  return { file, recipient, passphraseProtected: passphrase !== undefined, created };
}

const SECRET_LINE = /^AGE-SECRET-KEY-1[0-9A-Z]+$/;

/** An identity file as loaded: its secret keys, and whether the file on disk is locked by a passphrase. */
export interface LoadedIdentity {
  file: string;
  keys: string[];
  passphraseProtected: boolean;
}

export async function loadIdentity(file: string, passphrase?: string): Promise<LoadedIdentity> {
  const keys = await readIdentityFile(file, passphrase);
  const head = readFileSync(file, 'utf8').slice(0, 40);
  return { file, keys, passphraseProtected: head.startsWith('-----BEGIN AGE ENCRYPTED FILE-----') };
}

/** Reads an identity file (plain or passphrase-protected) and returns its secret key lines. */
export async function readIdentityFile(file: string, passphrase?: string): Promise<string[]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError('keys.unreadable', { file, problem: describeCause(err) });
  }
  if (text.startsWith('-----BEGIN AGE ENCRYPTED FILE-----')) {
    if (passphrase === undefined) throw usageError('keys.needsPassphrase', { file }, { key: 'hint.passphraseEnv' });
    const d = new Decrypter();
    d.addPassphrase(passphrase);
    try {
      text = await d.decrypt(armor.decode(text), 'text');
    } catch (err) {
      throw usageError('keys.wrongPassphrase', { file, problem: describeCause(err) });
    }
  }
  const keys = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => SECRET_LINE.test(l));
  if (keys.length === 0) throw usageError('keys.noIdentity', { file: path.basename(file) });
  return keys;
}
