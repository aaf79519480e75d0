// The nightly run as a systemd .service + .timer pair, for machines that schedule with systemd
// instead of cron. Printed only: installing units needs root and is left to the technician.
// Unlike cron, OnCalendar names the store's time zone, so the machine's zone does not matter.
import { argvFor, type ScheduleInput } from './schedule.js';

export interface SystemdUnits {
  service: { name: string; text: string };
  timer: { name: string; text: string };
}

// systemd expands % specifiers and $ variables in ExecStart; doubling makes them literal.
function systemdQuote(arg: string): string {
  const quoted = /^[A-Za-z0-9_/.,:@+=-]+$/.test(arg) ? arg : `"${arg.replace(/["\\]/g, '\\$&')}"`;
  return quoted.replace(/%/g, '%%').replace(/\$/g, '$$$$');
}

export function systemdUnits(
  input: Pick<ScheduleInput, 'storeId' | 'configFile' | 'node' | 'launcher'>,
  /** HH:MM in the store's time zone. */
  nightlyTime: string,
  timeZone: string,
  user: string,
): SystemdUnits {
  const base = `store-ops-backup-${input.storeId}`;
  const exec = (words: string[]) => `ExecStart=${argvFor(input, words).map(systemdQuote).join(' ')}`;
  const service = [
    '[Unit]',
    `Description=store-ops nightly backup of ${input.storeId}`,
    '',
    '[Service]',
    // oneshot runs the ExecStart lines in order and stops at the first failure: no prune after a failed backup.
    'Type=oneshot',
    // Without User= the job would run as root and leave root-owned files in the state folder.
    `User=${user}`,
    exec(['backup', 'run']),
    exec(['backup', 'prune']),
  ];
  const timer = [
    '[Unit]',
    `Description=store-ops nightly backup of ${input.storeId}`,
    '',
    '[Timer]',
    `OnCalendar=*-*-* ${nightlyTime}:00 ${timeZone}`,
    // A night missed while the machine was off is made up at the next boot.
    'Persistent=true',
    '',
    '[Install]',
    'WantedBy=timers.target',
  ];
  return {
    service: { name: `${base}.service`, text: `${service.join('\n')}\n` },
    timer: { name: `${base}.timer`, text: `${timer.join('\n')}\n` },
  };
}
