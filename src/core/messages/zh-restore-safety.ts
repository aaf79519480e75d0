// 恢复写到哪里、文件归谁所有的中文文本（zh 目录的一部分，见 zh.ts）。
import type { enRestoreSafety } from './en-restore-safety.js';

export const zhRestoreSafety: Record<keyof typeof enRestoreSafety, string> = {
  'hint.restoreLink': '把它改回真正的文件夹或文件（查看：ls -ld {path}），然后运行：store-ops --config {config} restore --latest --dry-run',
  'hint.restoreAsRoot': '请以 root 身份，或以门店文件的所有者身份运行恢复（查看：ls -ln {file}）',

  'restoreSafety.link': '{path} 是指向 {target} 的符号链接；恢复不会穿过链接写入。没有做任何改动。',
  'restoreSafety.notFolder': '{path} 不是文件夹；恢复不会往它下面写入。没有做任何改动。',
  'restoreSafety.notRegular': '{path} 不是普通文件（是文件夹、设备、管道或套接字）；恢复不会替换它。没有做任何改动。',
  'restoreSafety.cannotKeepOwner': '无法让恢复的 {file} 保持所有者 {owner} 和权限 {mode}（{problem}）；没有做任何改动',

  'restoreSafety.planReplace': '  {live}（当前文件移入隔离区；保持所有者 {owner}，权限 {mode}）',
  'restoreSafety.planNew': '  {live}（新文件；所有者 {owner}，权限 {mode}）',
  'restoreSafety.notRestoredHeader': '不恢复（当前配置没有给它们位置）：',
  'restoreSafety.notRestored': '  {member}：{reason}',
  'restoreSafety.reason.no-such-database': '配置中没有这个名字的数据库',
  'restoreSafety.reason.unchecked-database': '清单中没有这个数据库的完整性信息，它从未被检查过',
  'restoreSafety.reason.outside-files': '{live} 不在配置中 files: 所列的任何文件夹内',
  'restoreSafety.reason.unknown-member': '既不是数据库（databases/）也不是文件（files/）',
  'restoreSafety.reason.database-file': '{live} 是配置的数据库或其 -wal/-shm/-journal；数据库只从 databases/ 恢复',
  'restoreSafety.reason.state-folder': '{live} 在 store-ops 的状态文件夹内',
  'restoreSafety.reason.destination': '{live} 在备份目的地内',
  'restoreSafety.reason.journal': '{live} 是收银机流水；其中有备份之后的销售',
  'restoreSafety.reason.manual-record': '{live} 是手工记录文件；其中有备份之后的销售',

  'liveCheck.headerOk': '{database}（已就位）：文件头可读，共 {pages} 页，表结构与备份清单一致',
  'liveCheck.headerBad': '{database}（已就位）：与备份不符：{detail}',
  'liveCheck.quickOk': '{database}（已就位）：快速检查（quick_check）通过',
  'liveCheck.quickBad': '{database}（已就位）：快速检查（quick_check）发现 {count} 处问题；查看详情：{command}',
  'liveCheck.resultOk': '通过',
};
