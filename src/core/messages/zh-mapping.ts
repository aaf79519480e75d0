// 对账映射检查（config check、--apply、diagnose 和 status）以及 init 的对账参数与备份目录的中文文本（zh 目录的一部分，见 zh.ts）。
import type { enMapping } from './en-mapping.js';

export const zhMapping: Record<keyof typeof enMapping, string> = {
  'mapping.emptyValue': '{file}：{key}：抽样第 {row} 行的列 "{column}" 为空；每一行都必须有值',
  'mapping.notNumber': '{file}：{key}：列 "{column}" 是文本（"{value}"，抽样第 {row} 行），这里需要数字；请返回数字，例如 "CAST(… AS REAL)"',
  'mapping.notTime': '{file}：{key}：列 "{column}" 的值 "{value}"（抽样第 {row} 行）不是日期时间；请返回 ISO 8601 格式，例如 2026-11-21T14:02:11+08:00',
  'mapping.badKind': '{file}：{key}：类型 "{value}"（抽样第 {row} 行）不在 "{kinds}" 之中；请用 "CASE" 转换门店系统自己的代码',
  'mapping.timeWithoutOffset': '提示：{file}：{key}：时间不带时区偏移（例如 "{value}"），按门店时区 {zone} 读取',
  'mapping.writeFailed': '{file}：{key}：SQLite 报告 "{problem}"（在数据库的内存副本中试写并已回滚；门店数据库没有被写入）',
  'mapping.refLost': '{file}：{key}：以盘点单号 "{ref}" 写入的库存调整，经 {read} 读回时找不到这个单号；再次录入同一盘点时要靠它认出自己写入的调整，请把参数 ":ref" 原样写进 {read} 作为 "ref" 返回的列（在数据库的内存副本中试写并已回滚；门店数据库没有被写入）',
  'mapping.writesMissing': '{file}：{key}：缺失：{command} --apply 要通过 {keys} 写入，而此映射没有；没有读取或写入任何内容',
  'mapping.readOnly': '提示：{file}：映射没有 {commands} 所需的写入语句，这些命令会被拒绝；其他功能照常',
  'hint.mappingWrites': '请在映射文件中补上写入语句（见 README 中的“其他门店系统的映射”），或者不带 --apply 运行以查看报告',

  'configCheck.mappingOk': '对账映射 {file} 与 {database} 相符：{queries} 条查询各抽样最多 {rows} 行运行，{writes} 条写入语句在数据库的内存副本中试写并已回滚。',
  'configCheck.mappingSkipped': '对账映射 {file}：未对照数据库检查：{reason}',
  'configCheck.builtinMapping': '（内置，对应参考表结构）',
  'configCheck.mappingNoDatabase': '{database} 尚不存在',

  'probe.database.lastSaleSkipped': '{name}：未检查最后一笔销售：{key}："{problem}"',
  'probe.database.noSalesSince': '{name}：最近 {days} 天没有销售（通过 queries.sales_between 读取；在映射中加上 queries.last_sale 可读到全部销售中最新的一笔）',
  'probe.database.mappingFits': '{name}：对账映射 {file} 与数据库相符：全部 {count} 条语句均可预编译',
  'probe.database.mappingMisfit': '{name}：对账映射 {file} 与数据库不符：{key}：SQLite 报告 "{problem}"',
  'probe.database.mappingBroken': '{name}：无法读取对账映射："{problem}"',
  'finding.dbMappingMisfit.title': '对账映射与数据库不符',
  'finding.dbMappingMisfit.explain': '{file}：{key} 无法在 {name} 上运行：SQLite 报告 "{problem}"。映射修好之前对账会拒绝执行；store-ops config check 会列出问题。',
  'status.saleNotRead': '未读取（{key}："{problem}"）',

  'flag.init.journals': '收银机流水，通配路径，例如 ./journals/*.jsonl（可重复）',
  'flag.init.manualRecords': '手工记录 CSV，通配路径，例如 ./manual/*.csv（可重复）',
  'flag.init.mapping': '门店系统使用自己的表结构时的对账映射文件（默认：内置）',
  'init.backupNotFolder': '--backup-dir {dir} 已存在但不是文件夹；init 不会覆盖它',
  'hint.initBackupDir': '请让 --backup-dir 指向一个文件夹，或一个尚不存在的路径',
  'init.backupFolderMade': '已创建备份目录 {dir}（仅所有者可访问）。',
  'init.backupFolderExists': '备份目录 {dir} 已存在，按原样使用。',
  'init.backupFolderNoParent': '未创建备份目录 {dir}：{parent} 不存在（磁盘没有挂载？）。请在第一次备份之前创建它。',
  'init.backupFolderFailed': '无法创建备份目录 {dir}（{problem}）；请在第一次备份之前创建它。',
};
