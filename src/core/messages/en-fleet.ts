// English texts for HQ: the status each store writes to its buckets, and store-ops fleet status
// (part of the en catalogue, see en.ts).
export const enFleet = {
  'group.fleet': 'for headquarters: every store in the buckets at a glance',
  'cmd.fleetStatus': 'every store found in the buckets, worst first: backup age against its limit, verified state, last drill, last diagnose, stores gone silent',
  'flag.fleet.destination': 'only this bucket destination (by name)',
  'flag.fleet.format': 'output: text, json (same as --json) or prometheus (node_exporter textfile format)',
  'help.exitCodesFleet': 'Exit codes (monitoring convention): 0 OK, 1 WARNING (a store silent, or its status not trusted), 2 CRITICAL (a store without a usable backup within its limit), 3 UNKNOWN (a bucket or store folder could not be read). A usage or configuration error also exits 2, with the error on stderr.',

  'config.fleetOnly': '{file} has only a fleet: section (no store: and no databases:): it is HQ\'s config for store-ops fleet status, and this command works on a store',
  'hint.configFleetOnly': 'run this command with the store\'s own config (--config), or add store: and databases: to {file}',
  'fleet.noBuckets': '{file} has no fleet: section and no bucket (type: s3) among backup.destinations: there is nothing for fleet status to read',
  'hint.fleetSection': 'add a fleet: section with the buckets to read (README, "For headquarters")',
  'fleet.noSuchDestination': 'there is no bucket destination named {name} (there are: {names})',

  'fleet.summary': '{status}: {stores} stores ({critical} critical, {warning} warning, {unknown} unknown, {ok} ok), checked {at}',
  'fleet.destinationError': 'UNKNOWN  {name}: {error}',
  'fleet.backup': 'newest backup {id} made {created}, {age} ago (limit {max} h), {size}, verified: {verified}',
  'fleet.noBackup': 'no usable backup',
  'fleet.drill': 'last drill {at}, restore took {seconds} s',
  'fleet.drillFailed': 'last drill {at} FAILED',
  'fleet.noDrill': 'no drill reported',
  'fleet.diagnose': 'last diagnose {at}: {status} ({cause}, runbook {runbook})',
  'fleet.noDiagnose': 'no diagnose reported',
  'fleet.silentSince': 'silent since {at}',
  'fleet.silentUnknown': 'silent (no status HQ can trust)',
  'fleet.reason.noBackup': 'no usable backup in the bucket',
  'fleet.reason.tooOld': 'the newest backup is {hours} h old, over its limit of {max} h',
  'fleet.reason.verifyFailed': 'its newest backup failed verification',
  'fleet.reason.noStatus': 'no status.json: the store has never reported here',
  'fleet.reason.untrusted': 'status.json is not trusted: {reason}',
  'fleet.reason.silent': 'no status for {hours} h',

  'diag.notRecorded': 'warning: this diagnose was not recorded in {dir}: {problem}',
  'hqStatus.notWritten': 'warning: the status for HQ was not written to {name}: {problem}',
  'hqStatus.timeout': 'gave up after {seconds} s without an answer',
  'hqStatus.noSigningKey': 'backup.signing_key is not set, and an unsigned status could be planted by anyone',
  'hqStatus.failed': '{problem}',
} as const;
