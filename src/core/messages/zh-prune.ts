// 备份清理（backup prune）的中文文本（zh 目录的一部分，见 zh.ts）。
import type { enPrune } from './en-prune.js';

export const zhPrune: Record<keyof typeof enPrune, string> = {
  'cmd.backupPrune': '按 backup.retention（每日 / 每周 / 每月）删除多余的备份；绝不删除最新一份深度校验通过的备份，也不删除最后一份备份',
  'flag.prune.dryRun': '只显示将要删除哪些备份，不删除任何文件',
  'flag.prune.destination': '只清理这一个备份目的地（backup.destinations 下的名称）',

  'hint.pruneDestination': '请使用配置中 backup.destinations 下的某个名称',
  'hint.pruneRemove': '请确认运行 store-ops 的用户可以删除该目录中的文件，然后重新运行 store-ops backup prune；已删除的文件记录在审计日志中',

  'prune.unknownDestination': '没有名为 {name} 的备份目的地（配置中有：{known}）',
  'prune.removeFailed': '无法删除 {file}：{problem}',
  'prune.destinationFailed': '警告：备份目的地 {name} 的清理没有完成：{problem}',
  'prune.leftAloneWarning': '警告：{name} 中有 {count} 份备份存在问题；清理时保留不动，请人工检查',
  'prune.header': '{name}（{location}）：保留 {keep} 份，删除 {remove} 份，不动 {left} 份',
  'prune.reasonJoin': '，',
  'prune.keep': '  保留      {base}  {time}  {reasons}',
  'prune.wouldRemove': '  将删除    {base}  {time}',
  'prune.removed': '  已删除    {base}  {time}',
  'prune.notRemoved': '  未能删除  {base}  {time}',
  'prune.leftAlone': '  不动      {base}  {time}  {problems}',
  'prune.verifyFailed': '最近一次校验失败（{at}）',
  'prune.otherStores': '  此目录中还有 {count} 份其他门店的备份，未做处理',
  'prune.reasonDaily': '每日 {period}',
  'prune.reasonWeekly': '每周 {period}',
  'prune.reasonMonthly': '每月 {period}',
  'prune.reasonVerified': '最新一份深度校验通过的备份',
  'prune.reasonOnly': '唯一的备份',
  'prune.nothing': '没有需要删除的备份。',
  'prune.dryRunDone': '演练模式：将删除 {count} 份备份；未做任何更改。',
  'prune.done': '已删除 {files} 个文件。',
};
