// Our minisign formats against the real minisign 0.11 CLI, both ways: what we sign minisign
// verifies, what minisign signs we verify, keys made by either side work on the other, and a
// flipped byte anywhere (file, signature, trusted comment, key) is refused.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateKeyPair, keyIdHex, MinisignFormatError, parsePublicKeyFile, parseSecretKeyFile, parseSignature, publicKeyFile, secretKeyFile,
  signDetached, verifyDetached,
} from '../../src/signing/minisign.js';
import { tempDir } from '../helpers/cli.js';

const minisignVerifies = (file: string, pub: string) => spawnSync('minisign', ['-Vm', file, '-p', pub], { encoding: 'utf8' });

/** The base64 line of a two- or four-line minisign file with one byte flipped. */
function flipInLine(text: string, line: number, byte: number): string {
  const lines = text.split('\n');
  const bytes = Buffer.from(lines[line]!, 'base64');
  bytes[byte]! ^= 0x01;
  lines[line] = bytes.toString('base64');
  return lines.join('\n');
}

describe('minisign formats against the minisign CLI', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (name: string) => path.join(tmp.dir, name);
  const data = Buffer.from('{"id":"3f9a1c2b","sha256":"00ff"}\n');

  beforeAll(() => {
    tmp = tempDir();
    writeFileSync(at('data.json'), data);
  });
  afterAll(() => tmp.cleanup());

  it('a signature we make verifies with minisign -Vm, trusted comment included', () => {
    const key = generateKeyPair();
    writeFileSync(at('ours.pub'), publicKeyFile(key));
    writeFileSync(at('data.json.minisig'), signDetached(data, key, 'store-ops backup store:SH-0012 backup:B'));
    const r = minisignVerifies(at('data.json'), at('ours.pub'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Signature and comment signature verified');
    expect(r.stdout).toContain('Trusted comment: store-ops backup store:SH-0012 backup:B');
    expect(readFileSync(at('ours.pub'), 'utf8')).toMatch(new RegExp(`^untrusted comment: minisign public key ${keyIdHex(key.id)}\n`));
  });

  it('our secret key file is read by minisign -S (no password), and we verify what it signs', () => {
    const key = generateKeyPair();
    writeFileSync(at('ours.key'), secretKeyFile(key), { mode: 0o600 });
    writeFileSync(at('m.json'), data);
    execFileSync('minisign', ['-S', '-s', at('ours.key'), '-m', at('m.json'), '-t', 'signed by minisign'], { stdio: 'pipe' });
    const sig = parseSignature(readFileSync(at('m.json.minisig'), 'utf8'));
    expect(sig.prehashed).toBe(true);
    expect(sig.trustedComment).toBe('signed by minisign');
    expect(verifyDetached(data, sig, key)).toBe(true);
  });

  it('a key pair made by minisign -G -W signs with our code and minisign verifies it', () => {
    execFileSync('minisign', ['-G', '-W', '-p', at('theirs.pub'), '-s', at('theirs.key')], { stdio: 'pipe' });
    const secret = parseSecretKeyFile(readFileSync(at('theirs.key'), 'utf8'));
    const pub = parsePublicKeyFile(readFileSync(at('theirs.pub'), 'utf8'));
    expect(secret.id.equals(pub.id) && secret.key.equals(pub.key)).toBe(true);
    writeFileSync(at('t.json'), data);
    writeFileSync(at('t.json.minisig'), signDetached(data, secret, 'ours with their key'));
    expect(minisignVerifies(at('t.json'), at('theirs.pub')).status).toBe(0);
  });

  describe('a flipped byte is refused, by us and by minisign', () => {
    const key = generateKeyPair();
    const signature = signDetached(data, key, 'store-ops backup store:SH-0012 backup:B');
    const check = (file: Buffer, sig: string, pub = publicKeyFile(key)) => {
      writeFileSync(at('f.json'), file);
      writeFileSync(at('f.json.minisig'), sig);
      writeFileSync(at('f.pub'), pub);
      return { ours: verifyDetached(file, parseSignature(sig), parsePublicKeyFile(pub)), minisign: minisignVerifies(at('f.json'), at('f.pub')).status };
    };

    it('unchanged: both accept (the control)', () => {
      expect(check(data, signature)).toEqual({ ours: true, minisign: 0 });
    });

    it('in the signed file', () => {
      const changed = Buffer.from(data);
      changed[5]! ^= 0x01;
      expect(check(changed, signature)).toEqual({ ours: false, minisign: 1 });
    });

    it('in the signature', () => {
      expect(check(data, flipInLine(signature, 1, 40))).toEqual({ ours: false, minisign: 1 });
    });

    it('in the trusted comment', () => {
      expect(check(data, signature.replace('backup:B', 'backup:C'))).toEqual({ ours: false, minisign: 1 });
    });

    it('in the global signature', () => {
      expect(check(data, flipInLine(signature, 3, 10))).toEqual({ ours: false, minisign: 1 });
    });

    it('in the public key', () => {
      expect(check(data, signature, flipInLine(publicKeyFile(key), 1, 20))).toEqual({ ours: false, minisign: 1 });
    });
  });

  it('a secret key with a damaged checksum or a password is refused with the reason', () => {
    const key = generateKeyPair();
    const problem = (text: string) => {
      try {
        parseSecretKeyFile(text);
        return 'accepted';
      } catch (err) {
        return (err as MinisignFormatError).problem;
      }
    };
    expect(problem(secretKeyFile(key))).toBe('accepted');
    expect(problem(flipInLine(secretKeyFile(key), 1, 150))).toBe('checksum');
    expect(problem(flipInLine(secretKeyFile(key), 1, 100))).toBe('checksum');
    // What `minisign -G` without -W writes: kdf_alg "Sc" (scrypt) where an unencrypted key has zeros.
    const lines = secretKeyFile(key).split('\n');
    const bytes = Buffer.from(lines[1]!, 'base64');
    bytes.write('Sc', 2, 'latin1');
    expect(problem(`${lines[0]}\n${bytes.toString('base64')}\n`)).toBe('encrypted');
    expect(problem('untrusted comment: x\nnot base64!\n')).toBe('base64');
  });
});
