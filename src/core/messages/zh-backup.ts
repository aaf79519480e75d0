// 备份相关命令的中文文本（zh 目录的一部分，见 zh.ts）。
import type { enBackup } from './en-backup.js';

export const zhBackup: Record<keyof typeof enBackup, string> = {
  'group.backup': '加密备份：执行、列出、校验、清理、定时',
  'cmd.backupRun': '在门店继续营业时为数据库做快照，打包、压缩、加密，写入每个备份目的地',

  'hint.databasePath': '请检查配置中的 databases[].path；数据库应由门店系统创建',
  'hint.destinationMissing': '请挂载或创建该目录（store-ops 不会自动创建，以便发现 U 盘未挂载），或修改 backup.destinations[].path',
  'hint.destinationWritable': '请给运行 store-ops 的用户该目录的写权限，或换一个备份目的地',
  'hint.filesKey': '请修正或删除配置中 files: 下的该项',
  'hint.backupSection': '请在配置中添加 backup: 部分，包括 recipients 和 destinations（见 README 配置说明）',
  'hint.installZstd': '请安装 zstd（apt-get install zstd），或设置 backup.compression: gzip',

  'backup.notConfigured': '{file} 中没有 backup 部分',
  'backup.noZstd': 'backup.compression 为 zstd，但没有安装 zstd 程序',
  'backup.toolFailed': '写入备份时 {command} 出错：{problem}',
  'backup.destinationMissing': '备份目的地 {name}（{dir}）不存在：{problem}',
  'backup.destinationNotDir': '备份目的地 {name}（{dir}）不是目录',
  'backup.destinationNotWritable': '备份目的地 {name}（{dir}）无法写入：{problem}',
  'backup.databaseMissing': '找不到数据库 {name}（{file}）：{problem}',
  'backup.databaseUnreadable': '无法打开数据库 {file}：{problem}',
  'backup.notADatabase': '{file} 不是可读的 SQLite 数据库：{problem}',
  'backup.fileMissing': '配置的文件不存在：{file}（{problem}）',
  'backup.memberChanged': '无法把 {file} 读入备份：{problem}',
  'backup.progressTitle': '正在备份 {store}',
  'backup.stepSnapshot': '快照（页）',
  'backup.stepPack': '打包、压缩、加密（字节）',
  'backup.runOk': '备份成功：{archive}（{size}，{codec}），用时 {seconds} 秒，写入 {destinations}',
  'backup.runPartial': '备份已写入 {ok}，但写入 {failed} 失败：{problem}',
  'backup.warning': '警告：{text}',
};
