// English texts for where store-ops may write: config paths that overlap the store's data,
// configured folders that are links out of the store, and --out targets (part of the en catalogue).
export const enTrustLinks = {
  'flag.out.force': 'replace an existing --out file that is not a store-ops report',

  'paths.is': "{file}: {key} ({path}) is also {other} ({hit}); what store-ops writes or backs up must stay apart from the store's data",
  'paths.contains': "{file}: {key} ({path}) contains {hit} ({other}); what store-ops writes or backs up must stay apart from the store's data",
  'paths.inside': "{file}: {key} ({path}) lies inside {hit} ({other}); what store-ops writes or backs up must stay apart from the store's data",
  'paths.linkOutside': '{file}: {key} ({path}) is a link leading outside the store folder {store}, to {target}; store-ops does not follow a configured folder out of the store',
  'hint.paths': 'give {key} a place of its own in the config, then run: store-ops --config {config} config check',
  'hint.linkOutside': 'replace the link by a real folder, or write {target} in the config itself, then run: store-ops --config {config} config check',

  'out.database': "--out {out} is the store's database ({key}); nothing was written",
  'out.databaseFile': "--out {out} is a file SQLite keeps beside the store's database {hit} ({key}); nothing was written",
  'out.journals': '--out {out} is a register journal ({key}: {hit}); nothing was written',
  'out.manual': '--out {out} is a manual-record file ({key}: {hit}); nothing was written',
  'out.logs': "--out {out} is one of the store's logs ({key}: {hit}); nothing was written",
  'out.files': '--out {out} is store data that goes into every backup ({key}: {hit}); nothing was written',
  'out.destination': '--out {out} is inside the backup folder {hit} ({key}); nothing was written',
  'out.state': "--out {out} is inside store-ops' state folder {hit} ({key}); nothing was written",
  'out.config': "--out {out} is store-ops' config file; nothing was written",
  'out.key': '--out {out} is a key file ({key}); nothing was written',
  'out.metrics': '--out {out} is the backup metrics file ({key}); nothing was written',
  'out.exists': '--out {out} already exists and is not a store-ops report; nothing was written',
  'out.notAFile': '--out {out} is a folder or a special file, not a regular file; nothing was written',
  'hint.outElsewhere': 'write it outside the store\'s data, for example: store-ops {command} --out "$HOME/{name}"',
  'hint.outForce': 'to replace it: store-ops {command} --out {out} --force',
} as const;
