// A demo store whose backups go to a folder and to a bucket on the loopback S3 server, and a way to
// look inside the bucket without going through store-ops.
import { S3Client, ListObjectsV2Command, GetObjectCommand } from '@aws-sdk/client-s3';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { makeDemoStore, type DemoStore } from './demo.js';
import { S3_CREDENTIALS } from './s3-server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export interface S3Settings {
  name?: string;
  endpoint: string;
  bucket: string;
  prefix?: string;
  timeout_seconds?: number;
  retain_days?: number;
}

/** Sets the store's destinations to its folder and the bucket, in that order (`bucketFirst`: the other way round). */
export function setS3Destination(config: string, s3: S3Settings, bucketFirst = false): void {
  const doc = parseDocument(readFileSync(config, 'utf8'));
  const dest = { name: s3.name ?? 'offsite', type: 's3', endpoint: s3.endpoint, region: 'us-east-1', bucket: s3.bucket, path_style: true, ...(s3.prefix !== undefined ? { prefix: s3.prefix } : {}), ...(s3.timeout_seconds ? { timeout_seconds: s3.timeout_seconds } : {}), ...(s3.retain_days ? { retain_days: s3.retain_days } : {}) };
  const folder = { name: 'local', type: 'dir', path: './backups' };
  doc.setIn(['backup', 'destinations'], doc.createNode(bucketFirst ? [dest, folder] : [folder, dest]));
  writeFileSync(config, doc.toString());
}

/** Sets a config key (a path of keys) in a store's YAML. */
export function setConfig(config: string, at: Array<string | number>, value: unknown): void {
  const doc = parseDocument(readFileSync(config, 'utf8'));
  doc.setIn(at, doc.createNode(value));
  writeFileSync(config, doc.toString());
}

export interface S3Store extends DemoStore {
  /** The CLI with the server's credentials in the environment. */
  s3cli: (args: string[], env?: Record<string, string | undefined>) => Promise<import('./cli.js').CliResult>;
}

export async function makeS3Store(parent: string, name: string, s3: S3Settings, storeId?: string): Promise<S3Store> {
  const store = await makeDemoStore(parent, name);
  setS3Destination(store.config, s3);
  if (storeId) setConfig(store.config, ['store', 'id'], storeId);
  return { ...store, s3cli: (args, env) => store.cli(args, { ...S3_CREDENTIALS, ...env }) };
}

export function bucketClient(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: S3_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: S3_CREDENTIALS.AWS_SECRET_ACCESS_KEY } });
}

/** Every key in the bucket under `prefix`, sorted. */
export async function keysIn(endpoint: string, bucket: string, prefix = ''): Promise<string[]> {
  const r = await bucketClient(endpoint).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (r.Contents ?? []).map((o) => o.Key!).sort();
}

export async function objectBytes(endpoint: string, bucket: string, key: string): Promise<Buffer> {
  const r = await bucketClient(endpoint).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await r.Body!.transformToByteArray());
}
