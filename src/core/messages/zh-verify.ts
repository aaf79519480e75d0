// 备份列表与校验的中文文本（zh 目录的一部分，见 zh.ts）。
import type { enVerify } from './en-verify.js';

export const zhVerify: Record<keyof typeof enVerify, string> = {
  'cmd.backupList': '按目的地列出备份（最新在前），含大小、时间和校验状态',
  'cmd.backupVerify': '证明备份可以恢复：--quick（无需私钥）、深度校验（默认）、--drill（完整恢复演练并计时）',
  'flag.verify.latest': '最新的完整备份',
  'flag.verify.all': '所有目的地中的所有备份',
  'flag.verify.quick': '只检查归档是否完整（附属文件、大小、SHA-256）；无需私钥',
  'flag.verify.drill': '把全部内容恢复到临时目录并计时',
  'flag.verify.identity': 'age 私钥文件（默认：配置中的 backup.identity）',
  'flag.verify.destination': '只校验这个目的地',
  'flag.list.destination': '只列出这个目的地',

  'hint.verifyWhich': '请给出备份编号（见 store-ops backup list）、--latest 或 --all',
  'hint.identity': '请用 --identity 指定私钥文件（由店长或总部保管），或使用无需私钥的 --quick',
  'hint.backupList': '请查看 store-ops backup list',

  'verify.decrypt': '{problem}',
  'verify.unsafeMember': '拒绝成员 {member}：它 {reason}',
  'verify.which': '请指明要校验哪个备份',
  'verify.conflictingChoice': '备份编号、--latest、--all 只能选一个',
  'verify.notFound': '{destinations} 中没有备份 {id}',
  'verify.noBackups': '{destinations} 中没有可校验的完整备份',
  'verify.noIdentity': '深度校验需要私钥，但配置中没有',
  'verify.ok': '通过  {level}  {backup}（{destination}）：{summary}',
  'verify.failed': '失败  {level}  {backup}（{destination}）：{failure}',
  'verify.summary': '{checks} 项检查通过，用时 {seconds} 秒',
  'verify.summaryDrill': '{checks} 项检查通过；恢复用时 {seconds} 秒',

  'list.destination': '{name}：{location}',
  'list.destinationError': '{name}：{location}：无法列出：{problem}',
  'list.empty': '  （没有备份）',
  'list.header': '  编号      创建时间（门店时间）     距今            大小      签名       校验状态',
  'list.verified.never': '从未校验',
  'list.verified.quick': '快速校验',
  'list.verified.deep': '深度校验',
  'list.verified.drill': '恢复演练',
  'list.verified.failed': '校验失败',
  'list.drillTime': '（恢复用时 {seconds} 秒）',
  'list.row': '  {id}  {created}  {age}  {size}  {signature}  {verified}',
  'list.problem': '            ! {problem}',
};
