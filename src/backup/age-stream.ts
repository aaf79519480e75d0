// Streaming age encryption and decryption. Two engines write and read the same standard age
// format: the `age` program (the reference implementation, ~700 MB/s encrypt and ~1450 MB/s
// decrypt here, in its own process) when it is installed, else age-encryption in pure JS
// (~110 MB/s on Node's thread, nothing to install). STORE_OPS_AGE=js or =cli forces one.
import { spawnSync } from 'node:child_process';
import { Decrypter, Encrypter } from 'age-encryption';
import { Readable, type Duplex } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { LoadedIdentity } from '../keys/identity.js';
import { childChain, childFilter, type ChildStage } from './child-filter.js';

export type AgeEngine = 'cli' | 'js';

let cliAvailable: boolean | undefined;

export function ageEngine(env: NodeJS.ProcessEnv = process.env): AgeEngine {
  if (env.STORE_OPS_AGE === 'js' || env.STORE_OPS_AGE === 'cli') return env.STORE_OPS_AGE;
  cliAvailable ??= spawnSync('age', ['--version'], { stdio: 'ignore' }).status === 0;
  return cliAvailable ? 'cli' : 'js';
}

export function ageEncrypt(recipients: readonly string[]): ChildStage {
  return { command: 'age', args: recipients.flatMap((r) => ['-r', r]) };
}

/** A stream stage that encrypts to every recipient. */
export function encryptor(recipients: readonly string[], engine = ageEngine()): Duplex | ((source: AsyncIterable<Buffer>) => AsyncIterable<Buffer>) {
  if (engine === 'cli') return childChain([ageEncrypt(recipients)]);
  return async function* (source: AsyncIterable<Buffer>) {
    const e = new Encrypter();
    for (const r of recipients) e.addRecipient(r);
    const out = await e.encrypt(Readable.toWeb(Readable.from(source)) as unknown as ReadableStream<Uint8Array>);
    yield* Readable.fromWeb(out as unknown as WebReadableStream<Uint8Array>);
  };
}

/**
 * A stream stage that decrypts with an identity. The `age` program reads a plain identity file
 * itself; a passphrase-protected one is unlocked in memory and used by the JS engine, so the
 * unlocked key never has to be handed to another process or written anywhere.
 */
export function decryptor(identity: LoadedIdentity, engine = ageEngine()): Duplex | ((source: AsyncIterable<Buffer>) => AsyncIterable<Buffer>) {
  if (engine === 'cli' && !identity.passphraseProtected) return childFilter('age', ['-d', '-i', identity.file]);
  return async function* (source: AsyncIterable<Buffer>) {
    const d = new Decrypter();
    for (const k of identity.keys) d.addIdentity(k);
    const out = await d.decrypt(Readable.toWeb(Readable.from(source)) as unknown as ReadableStream<Uint8Array>);
    yield* Readable.fromWeb(out as unknown as WebReadableStream<Uint8Array>);
  };
}
