// 存储锁、运行临时目录、状态数据库与配置边界情况的中文文本（zh 目录的一部分，见 zh.ts）。
import type { enLockConfig } from './en-lock-config.js';

export const zhLockConfig: Record<keyof typeof enLockConfig, string> = {
  'lock.op.backupRun': '一次备份',
  'lock.op.restore': '一次恢复',
  'lock.op.restoreUndo': '一次恢复撤销',
  'lock.op.reconcileSales': '销售对账写入（reconcile sales --apply）',
  'lock.op.reconcileStock': '库存对账写入（reconcile stock --apply）',
  'lock.op.backupPrune': '一次备份清理',
  'lock.held.backupRun': '备份正在进行（主机 {host} 上的进程 {pid}，开始于 {since}）；请等待其完成',
  'lock.held.restore': '恢复正在进行（主机 {host} 上的进程 {pid}，开始于 {since}）；请等待其完成',
  'lock.held.restoreUndo': '恢复撤销正在进行（主机 {host} 上的进程 {pid}，开始于 {since}）；请等待其完成',
  'lock.held.reconcileSales': '销售对账写入（reconcile sales --apply）正在进行（主机 {host} 上的进程 {pid}，开始于 {since}）；请等待其完成',
  'lock.held.reconcileStock': '库存对账写入（reconcile stock --apply）正在进行（主机 {host} 上的进程 {pid}，开始于 {since}）；请等待其完成',
  'lock.held.backupPrune': '备份清理正在进行（主机 {host} 上的进程 {pid}，开始于 {since}）；请等待其完成',
  'lock.held.other': '“{operation}”正在进行（主机 {host} 上的进程 {pid}，开始于 {since}）；请等待其完成',
  'lock.unreadable': '锁文件 {file} 不是 store-ops 写的（{problem}）；未做任何更改',
  'lock.contended': '无法获得存储锁 {file}：有多个 store-ops 命令同时启动；未做任何更改',
  'lock.folderNotPrivate': '锁目录 {dir} 不是普通目录（是链接或其他类型的文件）；未做任何更改',
  'lock.takenOver': '警告：接管了已中断的{operation}留下的锁（进程 {pid}，开始于 {since}）',
  'hint.lockHolder': '查看它在做什么：ps -o pid,lstart,args -p {pid}',
  'hint.lockHolderElsewhere': '查看它在做什么：ssh {host} ps -o pid,lstart,args -p {pid}',
  'hint.lockUnreadable': '如果没有 store-ops 在运行（检查：ps -ef | grep store-ops），把它移开：mv {file} {file}.bad',
  'hint.lockContended': '请重新运行该命令',
  'hint.lockFolder': '把它移开，让 store-ops 新建一个：mv {dir} {dir}.bad',

  'run.folderNotPrivate': '刚创建的临时目录 {dir} 不是本用户私有的（{problem}）；未向其中写入任何内容',
  'hint.runFolder': '检查还有谁能写入 {root}：ls -ld {root}',

  'state.notAFile': '状态数据库 {file} 不是普通文件（是链接或其他类型的文件）；未向其写入任何内容',
  'hint.stateNotAFile': '把它移开，让 store-ops 新建一个：mv {file} {file}.bad',

  'config.empty': '{file}:1: 配置文件是空的',
  'config.notMapping': '{file}:{line}: 配置必须是键值映射（store:、databases: 等），实际只是一个值 {got}',
  'config.notMappingList': '{file}:{line}: 配置必须是键值映射（store:、databases: 等），实际是一个列表',
  'config.manyDocuments': '{file}:{line}: 配置中有不止一个 YAML 文档（第二个从这里开始）',
  'config.aliasBomb': '{file}:{line}: YAML 别名（*name）过多；配置展开后的数据量过大',
  'hint.configEmpty': '把它移开并生成新的配置：mv {file} {file}.empty && store-ops init --out {file}',
  'hint.configMapping': '从一个可用的配置开始：store-ops init --out new-store-ops.yaml',
  'hint.configOneDocument': '删除第二个文档（从 --- 行开始），然后运行：store-ops --config {file} config check',
  'hint.configAliases': '把值直接写出来而不是重复使用别名，然后运行：store-ops --config {file} config check',
};
