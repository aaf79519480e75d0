// The sudoers lines that let the operator group run the nightly job's commands by hand, as root,
// without a password: exactly the commands the crontab runs, nothing wider. sudo still tells
// store-ops who asked (SUDO_USER), so the role check applies to the person, not to root.
import { launcherPath } from '../../backup/schedule.js';

/** sudoers treats these as syntax inside a command's arguments. */
const escape = (word: string) => word.replace(/([\\,:=])/g, '\\$1');

export const SUDOERS_FILE = '/etc/sudoers.d/store-ops';

export function sudoersLines(operatorGroup: string, configFile: string, node = process.execPath): string[] {
  const base = [node, launcherPath(), '--config', configFile].map(escape).join(' ');
  const commands = [['backup', 'run'], ['backup', 'verify', '--latest', '--drill']].map((words) => `${base} ${words.join(' ')}`);
  return [`%${operatorGroup} ALL=(root) NOPASSWD: ${commands.join(', ')}`];
}
