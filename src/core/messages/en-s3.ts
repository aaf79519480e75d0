// English texts for S3-compatible backup destinations (part of the en catalogue, see en.ts).
// Every failure is one line naming the destination and what was being done; the hint says what to fix.
export const enS3 = {
  's3.refused': 'backup destination {name} ({location}) refused the credentials from {source} while trying to {doing} ({code}, HTTP {status})',
  's3.no-bucket': 'backup destination {name}: the bucket {bucket} does not exist at {endpoint} (tried to {doing})',
  's3.no-key': 'backup destination {name} ({location}) has no such object (tried to {doing})',
  's3.clock': 'backup destination {name} ({location}) rejected the request because this machine\'s clock is too far from the server\'s (tried to {doing})',
  's3.dns': 'backup destination {name}: the host of {endpoint} cannot be resolved (tried to {doing}): {problem}',
  's3.unreachable': 'backup destination {name}: nothing answers at {endpoint} (tried to {doing}): {problem}',
  's3.timeout': 'backup destination {name} ({location}) did not answer within {seconds} s, {attempts} attempts (tried to {doing})',
  's3.no-credentials': 'backup destination {name} ({location}) has no credentials to use: {source} gave none (tried to {doing})',
  's3.server': 'backup destination {name} ({location}) failed on the server side after {attempts} attempts ({code}, HTTP {status}) while trying to {doing}',
  's3.unsupported': 'backup destination {name} ({location}) does not support what store-ops asked for ({code}) while trying to {doing}',
  's3.other': 'backup destination {name} ({location}) failed to {doing}: {problem}',

  'hint.s3.refused': 'check the access key in {source} and that its policy allows this store\'s folder (README, "Backups off the premises")',
  'hint.s3.no-bucket': 'create the bucket {bucket}, or fix backup.destinations[].bucket (and region/endpoint) in the config',
  'hint.s3.no-key': 'list what is there with store-ops backup list',
  'hint.s3.clock': 'set this machine\'s clock (timedatectl set-ntp true), then run the command again',
  'hint.s3.dns': 'check backup.destinations[].endpoint in the config and this machine\'s DNS (getent hosts of its host name)',
  'hint.s3.unreachable': 'check backup.destinations[].endpoint, that the server is running, and the network between them',
  'hint.s3.timeout': 'check the network to {endpoint}; a slow link needs a larger backup.destinations[].timeout_seconds',
  'hint.s3.no-credentials': 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) for the user running store-ops; never in the config',
  'hint.s3.server': 'the server keeps failing: try again later, or ask whoever runs {endpoint}',
  'hint.s3.unsupported': 'this S3-compatible server lacks a feature store-ops needs; see the README, "Backups off the premises"',
  'hint.s3.other': 'run the command again with --verbose for the details',

  'probe.backup.destinationNewest': 'destination {name}: newest good backup {id} is {hours} h old (limit {limit} h)',
  'probe.backup.destinationEmpty': 'destination {name} ({location}) holds no good backup of this store',
  'finding.backupDestinationStale.title': 'Backups stopped reaching a destination',
  'finding.backupDestinationStale.explain': 'Destination {name} ({location}) has no good backup newer than {limit} h (newest: {id}, {hours} h) while another destination has one: its copies stopped arriving.',
  'finding.backupBucket.title': 'Backup bucket unavailable',
  'finding.backupBucket.explain': 'Bucket destination {name} ({location}) cannot be listed: {problem}',

  'schedule.warnBucketCredentials': 'warning: the nightly job will not see credentials exported in this shell: for the bucket destination(s) {names}, put them in ~/.aws/credentials of the user whose crontab runs it (or Environment= lines of the systemd service)',
  'schedule.warnBucketProfile': 'warning: the nightly job uses the default AWS profile unless told: for the bucket destination(s) {names}, add AWS_PROFILE={profile} to the crontab (a line of its own above the job) or to the systemd service',

  'configCheck.s3Credentials': 'credentials for the bucket destination(s) {names} will come from {source}; they are never printed, and never belong in this file',
  'configCheck.credentials.environment': 'the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
  'configCheck.credentials.profile': 'profile {profile} in {file}',
  'configCheck.credentials.web-identity': 'the web identity token {file}',
  'configCheck.credentials.container': 'the container\'s task role',
  'configCheck.credentials.instance': 'the machine\'s instance role, if it has one (nothing is set in the environment or in ~/.aws: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, for the user running store-ops)',
} as const;
