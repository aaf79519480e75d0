// A bucket on any S3-compatible object store (AWS S3, Aliyun OSS, Tencent COS, MinIO, Ceph RGW) as
// a backup destination. A store's objects live under `<prefix><store id>/` with the same names as
// in a folder, so listing, trust, verify, restore and prune work on it unchanged; it sees nothing
// outside that folder, so two stores sharing a bucket never list or prune each other's backups.
import type { Sentence } from '../../core/i18n.js';
import type { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import os from 'node:os';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Destination, LeftoverWrite, PendingWrite, StoredFile } from '../destination.js';
import { loadSdk, makeClient, s3Failure, s3Location, s3ProblemKind, storeKeyPrefix, type S3DestinationConfig, type S3Sdk } from './client.js';
import { beginMultipart } from './multipart.js';
import { recordUpload, uploadRecords } from './upload-records.js';

const DAY = 86_400_000;

export class S3Destination implements Destination {
  readonly name: string;
  readonly location: string;
  private readonly keyPrefix: string;
  private connection: Promise<{ sdk: S3Sdk; client: S3Client }> | undefined;
  private lockable: Promise<boolean> | undefined;

  /**
   * `stateDir` is where unfinished uploads are noted; a reader without one (HQ's fleet status) can
   * list and read but not upload. `signal` ends every request of this instance at once: a write
   * that must not hold up the command it follows (the status for HQ) is bounded by it.
   */
  constructor(
    private readonly config: S3DestinationConfig,
    private readonly storeId: string,
    private readonly stateDir: string | undefined,
    private readonly signal?: AbortSignal,
  ) {
    this.name = config.name;
    this.location = s3Location(config, storeId);
    this.keyPrefix = storeKeyPrefix(config, storeId);
  }

  private connect(): Promise<{ sdk: S3Sdk; client: S3Client }> {
    this.connection ??= Promise.all([loadSdk(), makeClient(this.config)]).then(([sdk, client]) => ({ sdk, client }));
    return this.connection;
  }

  private fail = (doing: Sentence, err: unknown) => s3Failure(this.config, this.storeId, doing, err);

  private async call<T>(doing: Sentence, run: (sdk: S3Sdk, send: S3Client['send']) => Promise<T>): Promise<T> {
    const { sdk, client } = await this.connect();
    const send = ((command: never, options?: object) => client.send(command, { abortSignal: this.signal, ...options })) as S3Client['send'];
    try {
      return await run(sdk, send);
    } catch (err) {
      throw this.fail(doing, err);
    }
  }

  /** Whether the bucket keeps objects locked (S3 Object Lock); asked once per run. */
  private objectLock(): Promise<boolean> {
    this.lockable ??= this.connect().then(({ sdk, client }) =>
      client.send(new sdk.GetObjectLockConfigurationCommand({ Bucket: this.config.bucket })).then(
        (r) => r.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled',
        () => false,
      ));
    return this.lockable;
  }

  private async retention(): Promise<{ mode: 'GOVERNANCE'; until: Date } | undefined> {
    const days = this.config.retain_days;
    if (days === undefined || !(await this.objectLock())) return undefined;
    return { mode: 'GOVERNANCE', until: new Date(Date.now() + days * DAY) };
  }

  async checkWritable(): Promise<string[]> {
    await this.call({ key: 's3.doing.listBucket' }, (sdk, send) => send(new sdk.ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: this.keyPrefix, MaxKeys: 1 })));
    if (this.config.retain_days !== undefined && !(await this.objectLock())) {
      return [`destination ${this.name}: bucket ${this.config.bucket} has no object lock, so retain_days: ${this.config.retain_days} cannot be kept; anyone with this store's credentials can delete its backups there (create the bucket with object lock enabled)`];
    }
    return [];
  }

  async list(): Promise<StoredFile[]> {
    const out: StoredFile[] = [];
    let token: string | undefined;
    do {
      const page = await this.call({ key: 's3.doing.listBucket' }, (sdk, send) => send(new sdk.ListObjectsV2Command({
        Bucket: this.config.bucket, Prefix: this.keyPrefix, Delimiter: '/', ContinuationToken: token,
      })));
      for (const o of page.Contents ?? []) {
        const name = o.Key!.slice(this.keyPrefix.length);
        if (!name || name.startsWith('.')) continue;
        out.push({ name, size: o.Size ?? 0, modified: o.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  /**
   * Uploads of runs that died: the ones this machine noted and whose process is gone, and, where
   * the server can list them, unfinished uploads in this store's folder older than a day (a run
   * whose note was lost with the state folder).
   */
  private notes(): string {
    if (this.stateDir === undefined) throw new Error(`destination ${this.name} is opened read-only (no state folder for upload notes)`);
    return this.stateDir;
  }

  async leftovers(): Promise<LeftoverWrite[]> {
    const out: LeftoverWrite[] = [];
    const noted = new Set<string>();
    for (const rec of uploadRecords(this.notes(), this.name)) {
      noted.add(rec.upload_id);
      const pid = rec.host === os.hostname() ? rec.pid : undefined;
      out.push({ name: `${rec.key.slice(this.keyPrefix.length)} (upload ${rec.upload_id})`, pid, clear: () => this.abortUpload(rec.key, rec.upload_id, rec.remove) });
    }
    const { sdk, client } = await this.connect();
    const listed = await client.send(new sdk.ListMultipartUploadsCommand({ Bucket: this.config.bucket, Prefix: this.keyPrefix })).catch(() => undefined);
    for (const u of listed?.Uploads ?? []) {
      if (!u.Key || !u.UploadId || noted.has(u.UploadId)) continue;
      if (!u.Initiated || Date.now() - u.Initiated.getTime() < DAY) continue;
      out.push({ name: `${u.Key.slice(this.keyPrefix.length)} (upload ${u.UploadId})`, clear: () => this.abortUpload(u.Key!, u.UploadId!, () => undefined) });
    }
    return out;
  }

  private async abortUpload(key: string, uploadId: string, forget: () => void): Promise<void> {
    const { sdk, client } = await this.connect();
    try {
      await client.send(new sdk.AbortMultipartUploadCommand({ Bucket: this.config.bucket, Key: key, UploadId: uploadId }));
    } catch (err) {
      const gone = (err as { name?: string }).name === 'NoSuchUpload';
      // A server that cannot abort will not learn to on the next run: the note goes, the warning says why.
      if (gone || s3ProblemKind(err) === 'unsupported') forget();
      if (gone) return;
      throw this.fail({ key: 's3.doing.abort', params: { upload: uploadId } }, err);
    }
    forget();
  }

  async begin(name: string, expectedBytes?: number): Promise<PendingWrite> {
    const stateDir = this.notes();
    const { sdk, client } = await this.connect();
    const key = this.keyPrefix + name;
    return beginMultipart({
      sdk, client, bucket: this.config.bucket, key, retention: await this.retention(), fail: this.fail,
      note: (uploadId) => recordUpload(stateDir, { destination: this.name, key, upload_id: uploadId }),
    }, expectedBytes);
  }

  /** `retain: false` for an object overwritten every night (the status for HQ): object lock would refuse the next write. */
  async writeWhole(name: string, data: string, opts: { retain?: boolean } = {}): Promise<void> {
    const body = Buffer.from(data, 'utf8');
    const retention = opts.retain === false ? undefined : await this.retention();
    await this.call({ key: 's3.doing.write', params: { name } }, (sdk, send) => send(new sdk.PutObjectCommand({
      Bucket: this.config.bucket, Key: this.keyPrefix + name, Body: body, ContentLength: body.length,
      ContentType: name.endsWith('.json') ? 'application/json' : 'text/plain; charset=utf-8',
      ChecksumSHA256: createHash('sha256').update(body).digest('base64'), ContentMD5: createHash('md5').update(body).digest('base64'),
      ...(retention ? { ObjectLockMode: retention.mode, ObjectLockRetainUntilDate: retention.until } : {}),
    })));
  }

  read(name: string): Readable {
    const out = new PassThrough({ highWaterMark: 1 << 18 });
    this.call({ key: 's3.doing.read', params: { name } }, (sdk, send) => send(new sdk.GetObjectCommand({ Bucket: this.config.bucket, Key: this.keyPrefix + name })))
      .then((r) => pipeline(r.Body as Readable, out))
      .catch((err: unknown) => out.destroy(err instanceof Error && err.name === 'StoreOpsError' ? err : this.fail({ key: 's3.doing.read', params: { name } }, err)));
    return out;
  }

  readText(name: string): Promise<string> {
    return this.call({ key: 's3.doing.read', params: { name } }, async (sdk, send) => {
      const r = await send(new sdk.GetObjectCommand({ Bucket: this.config.bucket, Key: this.keyPrefix + name }));
      return r.Body!.transformToString('utf8');
    });
  }

  async remove(name: string): Promise<void> {
    await this.call({ key: 's3.doing.remove', params: { name } }, (sdk, send) => send(new sdk.DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.keyPrefix + name })));
  }
}
