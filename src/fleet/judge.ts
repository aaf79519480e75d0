// The verdict on each store and on the fleet, as diagnose gives one on a store: CRITICAL when a
// store is unprotected (no usable backup, the newest older than the store's own limit, or its
// newest backup failed verification), WARNING when it has gone silent (no status for a day, or
// one whose signature does not hold), UNKNOWN when its folder or the bucket could not be read.
// A status or backup in a store's folder signed with the key of another store is CRITICAL: it is
// what a compromised store would plant to hide another's real state, and it is not believed. With
// stores bound to keys, a store left unbound is a WARNING: HQ cannot tell its own key from others'.
// A store's own diagnose verdict is shown, not folded in: it is the store's health, alerted on
// where the store runs; the fleet verdict is whether HQ can count on the store's backups.
import { MONITORING_EXIT } from '../core/exit-codes.js';
import type { MessageKey, MessageParams, Sentence } from '../core/i18n.js';
import { statusRank, worst, type Status } from '../checks/types.js';
import type { HqStatus } from '../status/hq-status.js';
import type { FleetSetup } from './setup.js';
import type { SignedWithOtherKey, StoreSeen, StatusFileTrust } from './scan.js';
import { bindingInUse, isBound } from './binding.js';
import { STATUS_FILE, type Doubt } from '../signing/status-signature.js';

const HOUR = 3_600_000;

export type Reason = Sentence;

export interface FleetRow {
  destination: string;
  id: string;
  name: string | null;
  /** The store's zone, from a status HQ can believe. */
  timezone: string | null;
  newest_backup: { id: string; base: string; created: number; size: number } | null;
  age_hours: number | null;
  max_age_hours: number;
  /** How deeply the newest backup was verified, by the store's status; unknown when the status is about an older one. */
  verified: string;
  last_drill: HqStatus['last_drill'];
  last_diagnose: HqStatus['last_diagnose'];
  status_file: { trust: StatusFileTrust['state'] | 'missing'; key_id: string | null; written_at: string | null; reason: Doubt | null };
  /** Whether fleet.stores binds this store to its keys; null when it binds no store. */
  bound: boolean | null;
  /** Its status.json or backups signed with a trusted key that may not vouch for this store: not believed. */
  signed_with_other_key: SignedWithOtherKey[];
  silent: boolean;
  /** When the store last reported, when known. */
  silent_since: string | null;
  status: Status;
  reasons: Reason[];
}

export interface FleetReport {
  rows: FleetRow[];
  /** Destinations whose bucket could not be listed at all. */
  errors: Array<{ destination: string; error: Reason }>;
  status: Status;
  exit_code: number;
  now: number;
  /** How far HQ can tell one store's signature from another's: no signer at all, any trusted key for any store, or keys bound to stores. */
  trust: 'none' | 'any_key' | 'bound';
}

const believable = (t: StatusFileTrust) => t.state === 'trusted' || t.state === 'unchecked';

function otherKeyReason(s: StoreSeen, f: SignedWithOtherKey): { status: Status; key: MessageKey; params: MessageParams } {
  const params = { file: `${s.folder}${f.file}`, key_id: f.key_id, stores: f.key_stores.join(', '), id: s.id };
  return f.key_stores.length > 0 ? { status: 'critical', key: 'fleet.reason.otherStoreKey', params } : { status: 'warning', key: 'fleet.reason.keyNotBound', params };
}

/** The status and backups in the store's folder that a key of another store (or of none, when this one is bound) signed. */
function signedWithOtherKey(s: StoreSeen): SignedWithOtherKey[] {
  const t = s.statusFile?.trust;
  const status = t?.state === 'other_key' ? [{ file: STATUS_FILE, key_id: t.key_id, key_stores: t.key_stores }] : [];
  return [...status, ...s.otherKeyBackups];
}

export function judgeStore(s: StoreSeen, setup: FleetSetup, now: number): FleetRow {
  const file = s.statusFile;
  const status = file && believable(file.trust) ? file.status : null;
  const maxAge = status?.max_age_hours ?? setup.maxAgeHours;
  const n = s.newest;
  const ageHours = n ? Math.max(0, (now - n.created.getTime()) / HOUR) : null;
  const verified = !n ? 'never' : status?.newest_backup?.base === n.base ? status.newest_backup.verified.level : 'unknown';
  const written = status ? Date.parse(status.written_at) : Number.NaN;
  const silent = !status || now - written > setup.silentHours * HOUR;
  const reasons: Reason[] = [];
  const statuses: Status[] = [];
  const otherKeyFiles = signedWithOtherKey(s);
  const bound = bindingInUse(setup.binding) ? isBound(setup.binding, s.id) : null;
  const add = (st: Status, key: MessageKey, params?: MessageParams) => {
    statuses.push(st);
    reasons.push({ key, params });
  };
  if (s.error) add('unknown', s.error.key, s.error.params);
  else {
    if (!n) add('critical', 'fleet.reason.noBackup');
    else if (ageHours! > maxAge) add('critical', 'fleet.reason.tooOld', { hours: Math.round(ageHours!), max: maxAge });
    if (verified === 'failed') add('critical', 'fleet.reason.verifyFailed');
    const otherKeyStatus = otherKeyFiles.find((f) => f.file === STATUS_FILE);
    for (const f of otherKeyFiles.filter((f) => f !== otherKeyStatus)) {
      const r = otherKeyReason(s, f);
      add(r.status, r.key, r.params);
    }
    if (!file) add('warning', 'fleet.reason.noStatus');
    else if (otherKeyStatus) {
      const r = otherKeyReason(s, otherKeyStatus);
      add(r.status, r.key, r.params);
    } else if (file.trust.state === 'misnamed') add('warning', 'fleet.reason.statusNamesOther', { file: `${s.folder}${STATUS_FILE}`, named: file.trust.named, id: s.id });
    else if ('reason' in file.trust) add('warning', 'fleet.reason.untrusted', { reason: file.trust.reason });
    else if (silent) add('warning', 'fleet.reason.silent', { hours: Math.round((now - written) / HOUR) });
    if (bound === false) add('warning', 'fleet.reason.unbound', { id: s.id });
  }
  return {
    destination: s.destination, id: s.id, name: status?.store.name ?? null, timezone: status?.store.timezone ?? null,
    newest_backup: n?.sidecar ? { id: n.id, base: n.base, created: n.created.getTime(), size: n.sidecar.size } : null,
    age_hours: ageHours === null ? null : Math.round(ageHours * 10) / 10,
    max_age_hours: maxAge,
    verified,
    last_drill: status?.last_drill ?? null,
    last_diagnose: status?.last_diagnose ?? null,
    status_file: {
      trust: file ? file.trust.state : 'missing',
      key_id: file && 'key_id' in file.trust ? file.trust.key_id : null,
      written_at: file?.status?.written_at ?? null,
      reason: file && 'reason' in file.trust ? file.trust.reason : null,
    },
    bound,
    signed_with_other_key: otherKeyFiles,
    silent,
    silent_since: silent && status ? status.written_at : null,
    status: worst(statuses),
    reasons,
  };
}

/** Worst first; among equals the oldest backup first, then by store id. */
export function judgeFleet(seen: readonly StoreSeen[], errors: FleetReport['errors'], setup: FleetSetup, now: number): FleetReport {
  const rows = seen.map((s) => judgeStore(s, setup, now)).sort((a, b) =>
    statusRank(b.status) - statusRank(a.status) || (b.age_hours ?? Infinity) - (a.age_hours ?? Infinity) || a.id.localeCompare(b.id) || a.destination.localeCompare(b.destination));
  const status = worst([...rows.map((r) => r.status), ...errors.map(() => 'unknown' as const), ...(rows.length === 0 && errors.length === 0 ? ['unknown' as const] : [])]);
  const trust = setup.signers.length === 0 ? 'none' : bindingInUse(setup.binding) ? 'bound' : 'any_key';
  return { rows, errors, status, exit_code: MONITORING_EXIT[status], now, trust };
}
