// The S3 client for one `type: s3` destination, and what its failures mean to a person. The AWS
// SDK is imported only here and only when a command touches a bucket: commands that never do (the
// nightly diagnose of a store without off-site backups, reconcile) do not pay for loading it.
// Retries with backoff on timeouts, throttling and 5xx are the SDK's standard mode; we only bound
// how long one request may stall and how often it is tried.
import type { S3Client } from '@aws-sdk/client-s3';
import { failure, describeCause, type StoreOpsError } from '../../core/errors.js';
import type { Sentence } from '../../core/i18n.js';
import { credentialSentence, credentialSource } from './credentials.js';

export interface S3DestinationConfig {
  name: string;
  type: 's3';
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  prefix: string;
  path_style: boolean;
  retain_days?: number | undefined;
  timeout_seconds: number;
}

export type S3Sdk = typeof import('@aws-sdk/client-s3');

const ATTEMPTS = 5;
// The SDK's own warnings would land in the store's terminal and cron mail; its errors reach us as errors.
const SILENT = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let sdk: Promise<S3Sdk> | undefined;

/** The SDK module, loaded once. Its warning about future Node versions is not the store's business: the pinned version runs here. */
export function loadSdk(): Promise<S3Sdk> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Bundled, the SDK's CommonJS build arrives as the default export of its chunk.
  sdk ??= import('@aws-sdk/client-s3').then((m) => (typeof m.S3Client === 'function' ? m : (m as unknown as { default: S3Sdk }).default));
  return sdk;
}

export async function makeClient(d: S3DestinationConfig): Promise<S3Client> {
  const { S3Client: Client } = await loadSdk();
  return new Client({
    region: d.region,
    ...(d.endpoint ? { endpoint: d.endpoint } : {}),
    forcePathStyle: d.path_style,
    maxAttempts: ATTEMPTS,
    retryMode: 'standard',
    // A stall is silence on the socket, at any point: while sending a part, waiting for an answer
    // or reading an archive back. A limit on the whole request would fail a big part on a slow link.
    requestHandler: { connectionTimeout: Math.min(10_000, d.timeout_seconds * 1000), socketTimeout: d.timeout_seconds * 1000, logger: SILENT },
    logger: SILENT,
    // Checksums are ours to choose per request (SHA-256 on every part): the default CRC32 on every
    // call is not understood by some S3-compatible servers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Where the objects of this store live in the bucket: `<prefix><store id>/`; with no store (HQ listing them all), the prefix. */
export const storeKeyPrefix = (d: S3DestinationConfig, storeId: string) => (storeId ? `${d.prefix}${storeId}/` : d.prefix);

/** For messages: the endpoint (or AWS), the bucket and the store's folder in it. */
export function s3Location(d: S3DestinationConfig, storeId: string): string {
  const where = storeKeyPrefix(d, storeId);
  return d.endpoint ? `${d.endpoint.replace(/\/+$/, '')}/${d.bucket}/${where}` : `s3://${d.bucket}/${where}`;
}

interface SdkError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

const REFUSED = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'InvalidToken', 'ExpiredToken', 'TokenRefreshRequired', 'Forbidden']);
const NO_NETWORK = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

/** What kind of failure an SDK error is, for the one line a person reads and for callers that must tell kinds apart. */
export type S3ProblemKind = 'refused' | 'no-bucket' | 'no-key' | 'clock' | 'dns' | 'unreachable' | 'timeout' | 'no-credentials' | 'server' | 'unsupported' | 'other';

export function s3ProblemKind(err: unknown): S3ProblemKind {
  const e = (err ?? {}) as SdkError;
  const name = e.name ?? e.Code ?? '';
  const code = e.code ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message ?? '')) return 'no-credentials';
  if (name === 'RequestTimeTooSkewed' || name === 'RequestExpired') return 'clock';
  if (REFUSED.has(name) || status === 403) return 'refused';
  if (name === 'NoSuchBucket') return 'no-bucket';
  if (name === 'NoSuchKey' || (name === 'NotFound' && status === 404)) return 'no-key';
  if (name === 'NotImplemented' || name === 'MethodNotAllowed' || status === 501 || status === 405) return 'unsupported';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (NO_NETWORK.has(code)) return 'unreachable';
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || name === 'RequestTimeout' || name === 'AbortError') return 'timeout';
  if (status !== undefined && status >= 500) return 'server';
  return 'other';
}

/**
 * One line for a failed request: what went wrong with which destination, and what to do. The
 * credentials are named by where they came from, never printed.
 */
export function s3Failure(d: S3DestinationConfig, storeId: string, doing: Sentence, err: unknown): StoreOpsError {
  const e = (err ?? {}) as SdkError;
  const kind = s3ProblemKind(err);
  const status = e.$metadata?.httpStatusCode;
  const params = {
    name: d.name, location: s3Location(d, storeId), bucket: d.bucket, doing, endpoint: d.endpoint ?? `https://s3.${d.region}.amazonaws.com`,
    source: credentialSentence(credentialSource()), code: e.name ?? e.code ?? 'error', status: status ?? '-', seconds: d.timeout_seconds, attempts: ATTEMPTS,
    problem: describeCause(err),
  };
  const hint = { key: `hint.s3.${kind}` as const, params };
  return failure(`s3.${kind}`, params, hint, err);
}
