// English texts for `backup schedule` (part of the en catalogue, see en.ts).
export const enSchedule = {
  'cmd.backupSchedule': 'print the crontab lines for the nightly backup and prune and the weekly restore drill (or a systemd timer); --install adds them to your crontab',

  'flag.schedule.at': "time of the nightly run, HH:MM in the store's time zone (default: 90 minutes after closing)",
  'flag.schedule.drillDay': 'day of the weekly restore drill, which runs an hour after the nightly backup',
  'flag.schedule.install': "add the lines to this user's crontab; lines already there (found by their marker) are kept, never duplicated",
  'flag.schedule.systemd': 'print a systemd .service and .timer for the nightly run instead (printed only: store-ops does not install systemd units)',

  'hint.scheduleAt': 'for example: store-ops backup schedule --at 23:30',
  'hint.scheduleSystemd': 'copy the printed units to /etc/systemd/system yourself, or drop --systemd to install crontab lines',
  'hint.machineZone': 'run it with TZ unset, so the zone comes from /etc/localtime as it does for cron, or with TZ set to a zone name such as Asia/Shanghai',
  'hint.installCron': 'install the cron package (apt-get install cron), or add the lines printed by store-ops backup schedule to your scheduler by hand',
  'hint.crontabFailed': 'add the lines printed by store-ops backup schedule with crontab -e, or ask the administrator to allow crontab for this user',

  'schedule.machineZone': 'cannot tell which time zone this machine is in (TZ="{tz}"), so the store\'s times cannot be converted for cron',
  'schedule.badAt': '--at must be a time HH:MM such as 23:30, got "{value}"',
  'schedule.systemdInstall': '--install writes crontab lines only; systemd units are printed, not installed',
  'schedule.noCrontab': 'the crontab program is not installed, so the lines cannot be installed',
  'schedule.crontabFailed': '{action} failed: {problem}',

  'schedule.whyAfterClosing': '90 minutes after closing',
  'schedule.whyFallback': '03:00, because 90 minutes after closing is inside the opening hours',
  'schedule.whyAt': 'set with --at',
  'schedule.header': '# store-ops {store}: nightly backup and prune at {time} ({why}; opening hours {hours}, {zone}), output appended to {log}',
  'schedule.drillHeader': '# weekly restore drill every {day} at {time}, an hour after the nightly backup',
  'schedule.dayTime': '{day} {time}',
  'schedule.zoneFixed': '# {time} {store} = {machineTime} {machine} on this machine',
  'schedule.zonePeriod': '{machineTime} from {from}',
  'schedule.zoneJoin': ', ',
  'schedule.zoneChanges': "# {time} {store} falls on this machine's clock ({machine}) at {periods}, as daylight saving time starts and ends. cron reads only the machine's clock here (Debian's cron ignores CRON_TZ), so the line below starts at each of these times and its guard lets through only the run at {time} {store}.",
  'schedule.noDrill': '# no weekly restore drill: backup.identity is not set, so this machine cannot decrypt a backup; run store-ops backup verify --latest --drill where the key is kept',
  'schedule.installHint': '# to add these lines to your crontab: store-ops --config {config} backup schedule --install',
  'schedule.systemdHeader': '# {file}',
  'schedule.systemdZone': "# OnCalendar names the store's zone: the timer starts at {time} {zone} all year, through daylight saving time, whatever this machine's zone ({machine}). A zone in OnCalendar needs systemd 235 or later (systemctl --version).",
  'schedule.systemdNote': '# printed only: copy both files to /etc/systemd/system, then run: systemctl daemon-reload && systemctl enable --now {timer}. Output goes to the journal (journalctl -u {service}). The weekly restore drill is not part of these units: use its crontab line.',

  'schedule.added': 'Added to your crontab:',
  'schedule.present': 'Already in your crontab, kept as it is:',
  'schedule.nothingAdded': 'Nothing added: every line was already in your crontab.',

  'schedule.warnInsideHours': 'warning: the nightly run at {time} falls inside the opening hours {hours}; the backup works while the store sells, but it competes with the tills',
  'schedule.warnLogDir': 'note: the log folder {dir} does not exist yet; --install creates it (if you paste the lines yourself, run: mkdir -p {dir})',
  'schedule.warnDiffers': 'warning: the crontab line marked "{marker}" differs from the one printed (another node or config path, no store-time guard, or commented out); it was kept: edit it with crontab -e',
  'schedule.warnTimeDiffers': "warning: the crontab line marked \"{marker}\" has the times \"{fields}\", the printed one \"{wanted}\"; it was kept. If an older store-ops wrote it, its times are on the store's clock, not this machine's: change them with crontab -e",

  'schedule.day.sunday': 'Sunday',
  'schedule.day.monday': 'Monday',
  'schedule.day.tuesday': 'Tuesday',
  'schedule.day.wednesday': 'Wednesday',
  'schedule.day.thursday': 'Thursday',
  'schedule.day.friday': 'Friday',
  'schedule.day.saturday': 'Saturday',
} as const;
