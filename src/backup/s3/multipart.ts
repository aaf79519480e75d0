// One archive streamed into a bucket as a multipart upload: memory stays bounded (a part being
// filled and at most two on the wire, three part buffers reused from one part to the next, each
// part's hashes taken as its bytes arrive), nothing is written to disk for it, and nothing is listed
// until the upload is completed. Every part carries its SHA-256, which S3, MinIO and Ceph check on
// arrival; after completion the object's own checksum (or its ETag, or the object read back) must
// equal what we sent before the caller writes the signature and the sidecar.
import type { Sentence } from '../../core/i18n.js';
import type { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { PendingWrite, WriteConfirmation } from '../destination.js';
import type { S3Sdk } from './client.js';

const MIN_PART = 8 * 1024 * 1024;
const MAX_PARTS = 10_000;
const IN_FLIGHT = 2;

export interface MultipartTarget {
  sdk: S3Sdk;
  client: S3Client;
  bucket: string;
  key: string;
  /** Object lock for the archive, when the destination asks for it. */
  retention?: { mode: 'GOVERNANCE'; until: Date } | undefined;
  /** Turns an SDK error into the destination's one-line failure. */
  fail: (doing: Sentence, err: unknown) => Error;
  /** Notes the upload (see upload-records.ts); the returned function removes the note. */
  note: (uploadId: string) => () => void;
}

/** The part size that keeps an archive of about `expected` bytes under S3's 10 000 parts, in whole MiB. */
export function partSizeFor(expected = 0): number {
  const needed = Math.ceil((expected * 1.25) / (MAX_PARTS - 1));
  return Math.max(MIN_PART, Math.ceil(needed / (1024 * 1024)) * 1024 * 1024);
}

interface SentPart {
  PartNumber: number;
  ETag: string;
  ChecksumSHA256: string;
  sha256: Buffer;
  md5: Buffer;
}

export class MismatchError extends Error {}

export async function beginMultipart(t: MultipartTarget, expectedBytes?: number): Promise<PendingWrite> {
  const { sdk, client, bucket, key } = t;
  let uploadId: string;
  try {
    const created = await client.send(new sdk.CreateMultipartUploadCommand({
      Bucket: bucket, Key: key, ChecksumAlgorithm: 'SHA256', ContentType: 'application/octet-stream',
      ...(t.retention ? { ObjectLockMode: t.retention.mode, ObjectLockRetainUntilDate: t.retention.until } : {}),
    }));
    uploadId = created.UploadId!;
  } catch (err) {
    throw t.fail({ key: 's3.doing.start' }, err);
  }
  const forget = t.note(uploadId);
  const partSize = partSizeFor(expectedBytes);
  const parts: SentPart[] = [];
  const inFlight = new Set<Promise<void>>();
  const whole = createHash('md5');
  // The part being filled: bytes are copied into a buffer of the part size as they come (the
  // stream's chunks are let go at once, no concatenation), and hashed as they come, so cutting a
  // part costs no pass over 8 MiB on the event loop. Buffers of parts the server took are reused:
  // the upload allocates IN_FLIGHT + 1 of them, not one per part for the GC to find.
  const spare: Buffer[] = [];
  let part: Buffer | undefined;
  let filled = 0;
  let partSha = createHash('sha256');
  let partMd5 = createHash('md5');
  let failed: Error | undefined;
  let finished = false;
  let nextPart = 1;

  const send = (buffer: Buffer, length: number, sha256: Buffer, md5: Buffer) => {
    const PartNumber = nextPart++;
    const body = buffer.subarray(0, length);
    const sending = client.send(new sdk.UploadPartCommand({
      Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body: body, ContentLength: body.length,
      ChecksumSHA256: sha256.toString('base64'), ContentMD5: md5.toString('base64'),
    })).then((r) => {
      parts.push({ PartNumber, ETag: r.ETag ?? '', ChecksumSHA256: sha256.toString('base64'), sha256, md5 });
      spare.push(buffer);
    }, (err: unknown) => {
      failed ??= t.fail({ key: 's3.doing.part', params: { part: PartNumber } }, err);
    });
    const tracked: Promise<void> = sending.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  const cut = async () => {
    const buffer = part ?? Buffer.alloc(0);
    const length = filled;
    const sha256 = partSha.digest();
    const md5 = partMd5.digest();
    part = undefined;
    filled = 0;
    partSha = createHash('sha256');
    partMd5 = createHash('md5');
    while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    if (failed) throw failed;
    send(buffer, length, sha256, md5);
  };
  const settle = async () => {
    await Promise.all(inFlight);
    if (failed) throw failed;
  };

  return {
    write: async (chunk) => {
      if (failed) throw failed;
      let b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      whole.update(b);
      while (b.length > 0) {
        part ??= spare.pop() ?? Buffer.allocUnsafeSlow(partSize);
        const n = b.copy(part, filled);
        partSha.update(b.subarray(0, n));
        partMd5.update(b.subarray(0, n));
        filled += n;
        b = b.subarray(n);
        if (filled === partSize) await cut();
      }
    },
    commit: async () => {
      if (filled > 0 || parts.length + inFlight.size === 0) await cut();
      await settle();
      parts.sort((a, b) => a.PartNumber - b.PartNumber);
      let done;
      try {
        done = await client.send(new sdk.CompleteMultipartUploadCommand({
          Bucket: bucket, Key: key, UploadId: uploadId,
          MultipartUpload: { Parts: parts.map(({ PartNumber, ETag, ChecksumSHA256 }) => ({ PartNumber, ETag, ChecksumSHA256 })) },
        }));
      } catch (err) {
        throw t.fail({ key: 's3.doing.complete' }, err);
      }
      finished = true;
      forget();
      try {
        return await confirm(t, { parts, wholeMd5: whole.digest('hex'), checksum: done.ChecksumSHA256, etag: done.ETag });
      } catch (err) {
        // Not what we sent: it must not stay under the archive's name (under object lock this only hides it).
        await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
        throw err;
      }
    },
    abort: async () => {
      if (finished) return;
      finished = true;
      await Promise.allSettled(inFlight);
      try {
        await client.send(new sdk.AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
        forget();
      } catch {
        // The note stays: the next run tries again.
      }
    },
  };
}

const unquote = (etag: string | undefined) => (etag ?? '').replace(/^W\//, '').replace(/"/g, '');

/**
 * The server's word on what it stored, against what we sent: the composite SHA-256 of the parts
 * (S3, MinIO, Ceph), else the multipart ETag (MD5 of the parts' MD5s) or, on servers that keep a
 * whole-object MD5 as the ETag, that MD5. A server that offers neither (an encrypted object's ETag
 * is no hash of its content) gets the object read back and hashed: slower, never unproven.
 */
async function confirm(
  t: MultipartTarget,
  sent: { parts: SentPart[]; wholeMd5: string; checksum: string | undefined; etag: string | undefined },
): Promise<WriteConfirmation> {
  const n = sent.parts.length;
  const composite = `${createHash('sha256').update(Buffer.concat(sent.parts.map((p) => p.sha256))).digest('base64')}-${n}`;
  if (sent.checksum) {
    if (sent.checksum === composite || sent.checksum === composite.slice(0, -`-${n}`.length)) return 'sha256';
    throw t.fail({ key: 's3.doing.confirm' }, new MismatchError(`the server's SHA-256 of ${t.key} (${sent.checksum}) is not the one sent (${composite})`));
  }
  const etag = unquote(sent.etag);
  const multipartEtag = `${createHash('md5').update(Buffer.concat(sent.parts.map((p) => p.md5))).digest('hex')}-${n}`;
  if (etag === multipartEtag || etag === sent.wholeMd5) return 'md5';
  if (/^[0-9a-f]{32}-\d+$/.test(etag)) throw t.fail({ key: 's3.doing.confirm' }, new MismatchError(`the server's ETag of ${t.key} (${etag}) is not the one of the parts sent (${multipartEtag})`));
  let stored: string;
  try {
    const r = await t.client.send(new t.sdk.GetObjectCommand({ Bucket: t.bucket, Key: t.key }));
    const hash = createHash('md5');
    for await (const chunk of r.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
    stored = hash.digest('hex');
  } catch (err) {
    throw t.fail({ key: 's3.doing.readBack' }, err);
  }
  if (stored === sent.wholeMd5) return 'read-back';
  throw t.fail({ key: 's3.doing.confirm' }, new MismatchError(`the bytes of ${t.key} read back from the server are not the ones sent`));
}
