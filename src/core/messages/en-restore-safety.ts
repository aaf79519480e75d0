// English texts for what a restore may write where, and with which owner (part of the en
// catalogue, see en.ts).
export const enRestoreSafety = {
  'hint.restoreLink': 'make it a real folder or file again (see: ls -ld {path}), then run: store-ops --config {config} restore --latest --dry-run',
  'hint.restoreAsRoot': 'run the restore as root, or as the user that owns the store\'s files (see: ls -ln {file})',

  'restoreSafety.link': '{path} is a symbolic link to {target}; restore will not write through it. Nothing was changed.',
  'restoreSafety.notFolder': '{path} is not a folder; restore will not write below it. Nothing was changed.',
  'restoreSafety.notRegular': '{path} is not a regular file (a folder, device, FIFO or socket); restore will not replace it. Nothing was changed.',
  'restoreSafety.cannotKeepOwner': 'cannot give the restored {file} its owner {owner} and mode {mode} ({problem}); nothing was changed',

  'restoreSafety.planReplace': '  {live}  (the current file goes to quarantine; keeps owner {owner}, mode {mode})',
  'restoreSafety.planNew': '  {live}  (new; owner {owner}, mode {mode})',
  'restoreSafety.notRestoredHeader': 'Not restored (today\'s config gives them no place):',
  'restoreSafety.notRestored': '  {member}: {reason}',
  'restoreSafety.reason.no-such-database': 'the config has no database of this name',
  'restoreSafety.reason.unchecked-database': 'the manifest has no integrity facts for this database, so it was never checked',
  'restoreSafety.reason.outside-files': '{live} is outside every folder listed under files in the config',
  'restoreSafety.reason.unknown-member': 'neither a database (databases/) nor a file (files/)',
  'restoreSafety.reason.database-file': '{live} is a configured database or its -wal/-shm/-journal; databases come back only from databases/',
  'restoreSafety.reason.state-folder': '{live} is inside store-ops\' state folder',
  'restoreSafety.reason.destination': '{live} is inside a backup destination',
  'restoreSafety.reason.journal': '{live} is a register journal; it holds the sales made after the backup',
  'restoreSafety.reason.manual-record': '{live} is a paper-record file; it holds the sales made after the backup',

  'liveCheck.headerOk': '{database} (in place): header read, {pages} pages, schema as in the manifest',
  'liveCheck.headerBad': '{database} (in place): does not match the backup: {detail}',
  'liveCheck.quickOk': '{database} (in place): quick_check ok',
  'liveCheck.quickBad': '{database} (in place): quick_check found {count} problem(s); to list them: {command}',
  'liveCheck.resultOk': 'ok',
} as const;
