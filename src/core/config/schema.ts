// The shape of store-ops.yaml (README, "The config file"). Objects are strict so that a
// misspelt key is reported instead of silently ignored; defaults are filled here so that
// `config check` can print the config as every command will see it.
import * as z from 'zod';
import { RUNBOOKS } from '../../checks/types.js';
import { rolesSchema } from './roles-schema.js';
import { PUBLIC_KEY_LINE } from '../../signing/minisign.js';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
// The error text is what describe-issue puts after "expected".
const wholeNumber = (min = 0) => z.int({ error: 'a whole number' }).min(min);
const percent = z.number().min(0).max(100);

const timezone = nonEmpty.refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'unknown time zone (use an IANA name such as Asia/Shanghai)' },
);

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
const openingHours = nonEmpty.refine(
  (v) => {
    const [open, close] = v.split('-');
    return v.split('-').length === 2 && clock.test(open ?? '') && clock.test(close ?? '');
  },
  { message: 'expected "HH:MM-HH:MM", for example "07:00-22:00"' },
);

export const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

const storeId = z.string().regex(/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/, 'letters, digits and single dashes only (it goes into backup file names)');

const store = z.strictObject({
  id: storeId,
  name: nonEmpty,
  timezone: timezone.default('Asia/Shanghai'),
  opening_hours: openingHours.default('07:00-22:00'),
});

const database = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only'),
  path: nonEmpty,
});

const encoding = z.enum(['utf-8', 'gb18030']).default('utf-8');

const logSource = z.strictObject({
  path: nonEmpty,
  encoding,
});

// A journal or manual-records entry is a glob (read as UTF-8), or a glob with its encoding as logs
// take it; both come out as { path, encoding }.
const inputSource = z.preprocess(
  (v) => (typeof v === 'string' ? { path: v } : v),
  z.strictObject({ path: nonEmpty, encoding }, { error: 'a glob, or a section with path and encoding' }),
);

const runbook = z.enum(RUNBOOKS);

const tcpProbe = z.strictObject({
  name: nonEmpty,
  host: nonEmpty,
  port: wholeNumber(1).max(65535),
  check: z.enum(['connect', 'escpos']).default('connect'),
  runbook: runbook.optional(),
});

const httpProbe = z.strictObject({
  name: nonEmpty,
  url: z.url(),
  expect_status: wholeNumber(100).max(599).default(200),
  runbook: runbook.optional(),
});

const serviceProbe = z
  .strictObject({ systemd_unit: nonEmpty.optional(), pid_file: nonEmpty.optional() })
  .refine((s) => !(s.systemd_unit && s.pid_file), { message: 'give systemd_unit or pid_file, not both' });

const diskThresholds = z
  .strictObject({
    warn_free_percent: percent.default(15),
    critical_free_percent: percent.default(5),
  })
  .refine((d) => d.critical_free_percent <= d.warn_free_percent, {
    message: 'critical_free_percent must not be above warn_free_percent',
  });

const memoryThresholds = z
  .strictObject({
    warn_available_percent: percent.default(10),
    critical_available_percent: percent.default(5),
  })
  .refine((m) => m.critical_available_percent <= m.warn_available_percent, {
    message: 'critical_available_percent must not be above warn_available_percent',
  });

const loadThresholds = z
  .strictObject({
    warn_per_core: z.number().positive().default(2),
    critical_per_core: z.number().positive().default(4),
  })
  .refine((l) => l.critical_per_core >= l.warn_per_core, { message: 'critical_per_core must not be below warn_per_core' });

const probes = z.strictObject({
  timeout_ms: wholeNumber(1).max(600_000).default(3000),
  budget_ms: wholeNumber(100).max(600_000).default(20_000),
  disk: diskThresholds.default({ warn_free_percent: 15, critical_free_percent: 5 }),
  memory: memoryThresholds.default({ warn_available_percent: 10, critical_available_percent: 5 }),
  load: loadThresholds.default({ warn_per_core: 2, critical_per_core: 4 }),
  tcp: z.array(tcpProbe).default([]),
  http: z.array(httpProbe).default([]),
  dns: z.array(nonEmpty).default([]),
  service: serviceProbe.optional(),
  last_sale_minutes: wholeNumber(1).default(60),
  wal_warn_mb: z.number().positive().default(256),
  tls_warn_days: wholeNumber(0).default(14),
  backup_verify_days: z.number().positive().default(8),
  backup_drill_days: z.number().positive().default(35),
});

const destinationName = z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only');

const dirDestination = z.strictObject({
  name: destinationName,
  type: z.literal('dir'),
  path: nonEmpty,
});

// Credentials are deliberately not keys here: they come from the standard AWS chain (environment,
// shared files, instance role), so a config can be copied, printed and committed without secrets.
const s3Destination = z.strictObject({
  name: destinationName,
  type: z.literal('s3'),
  endpoint: z.url({ protocol: /^https?$/, error: 'a URL such as https://oss-cn-hangzhou.aliyuncs.com or http://10.0.0.5:9000' }).optional(),
  region: nonEmpty.default('us-east-1'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a bucket name: 3 to 63 lowercase letters, digits, dots and dashes'),
  prefix: z.string().regex(/^([A-Za-z0-9_.-]+\/)*$/, 'folder names each ending in "/", such as stores/ (or "" for the bucket\'s top)').default('stores/'),
  path_style: z.boolean().default(false),
  retain_days: wholeNumber(1).max(36_500).optional(),
  timeout_seconds: wholeNumber(1).max(3600).default(60),
});

// A signer is a minisign public key line (RW…) or the path of a .pub file. Text that is clearly
// meant as a key but is not a minisign one is refused here, with its line, rather than later
// being looked for as a file of that name.
const signer = nonEmpty
  .refine((v) => PUBLIC_KEY_LINE.test(v) || !/^RW[A-Za-z0-9+/=]*$/.test(v), {
    message: 'looks like a minisign public key but is not one (RW and 54 more characters: the second line of the .pub file)',
  })
  .refine((v) => !/^(ssh-|ecdsa-|sk-|age1|-----BEGIN)/.test(v), {
    message: 'not a minisign public key: give the RW… line of the store\'s signing.key.pub, or the path of that file',
  });

// One store's signers: one key, or a list of them (a store rotating its key lists both for a while).
const storeSigners = z.preprocess(
  (v) => (typeof v === 'string' ? [v] : v),
  z.array(signer, { error: 'a minisign public key, or a list of them' })
    .min(1, 'needs at least one signing key; a store bound to no key could never be believed (remove the store instead)'),
);

const retention = z.strictObject({
  daily: wholeNumber().default(7),
  weekly: wholeNumber().default(4),
  monthly: wholeNumber().default(12),
});

const backup = z.strictObject({
  recipients: z
    .array(z.string().trim().regex(AGE_RECIPIENT, 'not an age public key (age1… , 62 characters)'))
    .min(1, 'at least one recipient is needed, or nobody could ever read the backups'),
  identity: nonEmpty.optional(),
  destinations: z.array(z.discriminatedUnion('type', [dirDestination, s3Destination])).min(1, 'at least one destination is needed'),
  retention: retention.default({ daily: 7, weekly: 4, monthly: 12 }),
  max_age_hours: z.number().positive().default(26),
  metrics_file: nonEmpty.optional(),
  compression: z.enum(['auto', 'zstd', 'gzip']).default('auto'),
  snapshot_dir: nonEmpty.optional(),
  signing_key: nonEmpty.optional(),
  trusted_signers: z.array(nonEmpty).default([]),
});

// HQ's view of the chain (store-ops fleet status): read-only, so no store, database or key of a
// store is needed, only where the stores write and which signing keys are theirs.
export const fleetSchema = z.strictObject({
  destinations: z.array(s3Destination).min(1, 'at least one bucket (type: s3) is needed'),
  trusted_signers: z.array(nonEmpty).default([]),
  // Each store's own signing keys: with any listed, a key vouches only for the stores it is bound to.
  stores: z.record(storeId, storeSigners).default({}),
  silent_hours: z.number().positive().default(24),
  max_age_hours: z.number().positive().default(26),
});

const reconcile = z.strictObject({
  mapping: nonEmpty.default('builtin'),
});

export const configSchema = z
  .strictObject({
    store,
    databases: z.array(database).min(1, 'at least one database is needed'),
    files: z.array(nonEmpty).default([]),
    logs: z.array(logSource).default([]),
    log_signatures: z.array(nonEmpty).default([]),
    journals: z.array(inputSource).default([]),
    manual_records: z.array(inputSource).default([]),
    probes: probes.default({
      timeout_ms: 3000,
      budget_ms: 20_000,
      disk: { warn_free_percent: 15, critical_free_percent: 5 },
      memory: { warn_available_percent: 10, critical_available_percent: 5 },
      load: { warn_per_core: 2, critical_per_core: 4 },
      tcp: [],
      http: [],
      dns: [],
      last_sale_minutes: 60,
      wal_warn_mb: 256,
      tls_warn_days: 14,
      backup_verify_days: 8,
      backup_drill_days: 35,
    }),
    backup: backup.optional(),
    fleet: fleetSchema.optional(),
    reconcile: reconcile.default({ mapping: 'builtin' }),
    state_dir: nonEmpty.default('./.store-ops'),
    roles: rolesSchema.optional(),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.databases.forEach((db, i) => {
      if (seen.has(db.name)) {
        ctx.addIssue({ code: 'custom', path: ['databases', i, 'name'], message: `"${db.name}" is used twice` });
      }
      seen.add(db.name);
    });
  });

export type RawConfig = z.output<typeof configSchema>;

/** A config for HQ alone: a fleet: section and nothing of a store (no store:, no databases:). */
export const fleetOnlySchema = z.strictObject({ fleet: fleetSchema });

export type RawFleetOnlyConfig = z.output<typeof fleetOnlySchema>;
export type RawFleetConfig = z.output<typeof fleetSchema>;

/** Whether a document is meant as a fleet-only config: it has fleet: and neither store: nor databases:. */
export const isFleetOnly = (data: unknown): boolean =>
  typeof data === 'object' && data !== null && 'fleet' in data && !('store' in data) && !('databases' in data);
