// English texts for the reconcile mapping's checks (config check, --apply, diagnose and status)
// and init's reconcile flags and backup folder (part of the en catalogue, see en.ts).
export const enMapping = {
  'mapping.emptyValue': '{file}: {key}: {column} is empty in row {row} of the sample; every row needs one',
  'mapping.notNumber': '{file}: {key}: {column} is text ("{value}", row {row} of the sample) where a number is needed; return a number, e.g. CAST(… AS REAL)',
  'mapping.notTime': '{file}: {key}: {column} "{value}" (row {row} of the sample) is not a date and time; return ISO 8601, e.g. 2026-11-21T14:02:11+08:00',
  'mapping.badKind': '{file}: {key}: kind "{value}" (row {row} of the sample) is not one of {kinds}; translate the store system\'s codes with CASE',
  'mapping.timeWithoutOffset': 'note: {file}: {key}: times have no UTC offset (e.g. "{value}"); they are read on the store\'s clock, {zone}',
  'mapping.writeFailed': '{file}: {key}: {problem} (tried in an in-memory copy of the database, rolled back; the store database was not written)',
  'mapping.refLost': '{file}: {key}: a stock adjustment written with ref "{ref}" (a stocktake ref) is not read back with that ref by {read}; a count applied again finds its own adjustments by it, so keep :ref as it is in a column {read} returns as ref (tried in an in-memory copy of the database, rolled back; the store database was not written)',
  'mapping.writesMissing': '{file}: {key}: missing: {command} --apply writes through {keys}, which this mapping does not have; nothing was read or written',
  'mapping.readOnly': 'note: {file}: the mapping has no writes for {commands}, which refuse; everything else works',
  'hint.mappingWrites': 'add the writes to the mapping file (see "Mappings for other store systems" in the README), or run without --apply for the report',

  'configCheck.mappingOk': 'Reconcile mapping {file} fits {database}: {queries} queries run on a sample of up to {rows} rows each, {writes} writes tried in an in-memory copy of it and rolled back.',
  'configCheck.mappingSkipped': 'Reconcile mapping {file}: not checked against the database: {reason}',
  'configCheck.builtinMapping': '(built in, for the reference schema)',
  'configCheck.mappingNoDatabase': '{database} does not exist yet',

  'probe.database.lastSaleSkipped': '{name}: last sale not checked: {key}: {problem}',
  'probe.database.noSalesSince': '{name}: no sale in the last {days} days (read through queries.sales_between; queries.last_sale in the mapping gives the newest sale of all)',
  'probe.database.mappingFits': '{name}: the reconcile mapping {file} fits: all {count} statements prepared',
  'probe.database.mappingMisfit': '{name}: the reconcile mapping {file} does not fit: {key}: {problem}',
  'probe.database.mappingBroken': '{name}: the reconcile mapping cannot be read: {problem}',
  'finding.dbMappingMisfit.title': 'The reconcile mapping does not fit the database',
  'finding.dbMappingMisfit.explain': '{file}: {key} cannot run on {name}: {problem}. Reconcile will refuse until the mapping is fixed; store-ops config check shows every problem.',
  'status.saleNotRead': 'not read ({key}: {problem})',

  'flag.init.journals': 'register journals, a glob such as ./journals/*.jsonl (repeatable)',
  'flag.init.manualRecords': 'manual-records CSVs, a glob such as ./manual/*.csv (repeatable)',
  'flag.init.mapping': 'a reconcile mapping file for a store system with its own schema (default: builtin)',
  'init.backupNotFolder': '--backup-dir {dir} is there but is not a folder; init writes nothing over it',
  'hint.initBackupDir': 'give --backup-dir a folder, or a path where nothing is yet',
  'init.backupFolderMade': 'Made the backup folder {dir} (owner only).',
  'init.backupFolderExists': 'The backup folder {dir} is already there; it is used as it is.',
  'init.backupFolderNoParent': 'The backup folder {dir} was not made: {parent} is not there (a drive not mounted?). Make it before the first backup run.',
  'init.backupFolderFailed': 'The backup folder {dir} could not be made ({problem}); make it before the first backup run.',
} as const;
