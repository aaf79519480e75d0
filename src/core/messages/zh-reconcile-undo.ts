// reconcile undo 及 --apply 所留改动记录的中文文本（zh 目录的一部分，见 zh.ts）。
import type { enReconcileUndo } from './en-reconcile-undo.js';

export const zhReconcileUndo: Record<keyof typeof enReconcileUndo, string> = {
  'cmd.reconcileUndo': '按改动记录撤销一次对账写入（reconcile sales --apply 或 reconcile stock --apply；默认：最近一次尚未撤销的），其后发生的销售全部保留',

  'reconcile.fallback.replace': '{subject} 以 REPLACE 解决冲突，会不留痕迹地删除行',
  'reconcile.fallback.virtual': '{subject} 写入虚拟表',
  'reconcile.fallback.elsewhere': '{subject} 写入门店数据库以外的数据库',
  'reconcile.fallback.unnamed': '{subject} 写入数据库表结构中没有名称的部分',
  'reconcile.fallback.system': '表 {subject} 是 SQLite 自身的表',
  'reconcile.fallback.not_table': '{subject} 不是普通的表',
  'reconcile.fallback.without_rowid': '表 {subject} 是 WITHOUT ROWID 表',
  'reconcile.fallback.hidden_rowid': '表 {subject} 有名为 rowid、oid 和 _rowid_ 的列',

  'hint.undoIds': '编号就是 {dir} 下的文件夹名；不给编号时，reconcile undo 撤销最近一次尚未撤销的写入',
  'hint.undoCopy': '这次写入保留的是整个数据库的副本；请用 store-ops restore 或手工放回（见 README 的“Reconciling sales and stock”一节）',

  'reconcile.undoNothing': '没有可撤销的对账写入（{dir} 中没有改动记录）',
  'reconcile.undoUnknown': '{dir} 中没有编号为 {id} 的对账写入',
  'reconcile.undoIsCopy': '对账写入 {id} 保留的是安全副本（{dir}），不是改动记录；reconcile undo 无法撤销它',
  'reconcile.undoAlready': '对账写入 {id} 已于 {at} 撤销；没有做任何修改',
  'reconcile.undoWrongDatabase': '改动记录 {id} 属于 {database}，它不是配置中的数据库；没有做任何修改',
  'reconcile.undoRecordUnreadable': '无法读取改动记录 {file}：{problem}；没有做任何修改',
  'reconcile.undoUndecided': '无法判断对账写入 {id} 是否已写入 {file}：它没有新增可供查找的行；没有做任何修改',
  'reconcile.undoGone': '对账写入 {id} 新增的行在 {file} 中已全部不存在（已经撤销过，或之后恢复过数据库）；没有做任何修改',
  'reconcile.undoFailed': '在 {file} 中撤销对账写入 {id} 失败，已整体回滚；没有做任何修改：{problem}',

  'reconcile.undone': '已在一个事务中撤销 {database} 中的 {command}（{id}）：',
  'reconcile.undoneTable': '  {table}：删除它新增的 {removed} 行，改回它修改的 {reversed} 行，恢复它删除的 {reinserted} 行',
  'reconcile.undoneNothingLeft': '这次写入的全部内容均已撤销。改动记录仍保存在 {dir}。',
  'reconcile.undoLeftHeader': '以下行在写入之后被门店改动过，保持门店现在的样子（{count} 处）；写入时的内容见 {dir} 中的改动记录：',
  'reconcile.undoLeft.changed': '  {table} 第 {rowid} 行：写入之后已被改动',
  'reconcile.undoLeft.changedColumn': '  {table} 第 {rowid} 行：{column} 在写入之后已被改动',
  'reconcile.undoLeft.gone': '  {table} 第 {rowid} 行：已不存在',
  'reconcile.undoLeft.occupied': '  {table} 第 {rowid} 行：被删除的行无法恢复，它的 rowid 已被另一行占用',
  'reconcile.undoLeft.referred': '  {table} 第 {rowid} 行：门店之后新增的行引用了它',
  'reconcile.undoMore': '  …… 另有 {count} 处（完整清单：--json）',
  'reconcile.undoNeverCommitted': '无需撤销：{command}（{id}）在事务提交之前被中止，从未改动 {database}。',
};
