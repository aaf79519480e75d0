// 中文：store-ops 可以写到哪里（配置路径与门店数据重叠、指向门店之外的链接、--out 目标）。
import type { enTrustLinks } from './en-trust-links.js';

export const zhTrustLinks: Record<keyof typeof enTrustLinks, string> = {
  'flag.out.force': '覆盖 --out 指定的、并非 store-ops 报告的现有文件',

  'paths.is': '{file}：{key}（{path}）同时也是 {other}（{hit}）；store-ops 写入或备份的内容必须与门店数据分开',
  'paths.contains': '{file}：{key}（{path}）包含了 {hit}（{other}）；store-ops 写入或备份的内容必须与门店数据分开',
  'paths.inside': '{file}：{key}（{path}）位于 {hit}（{other}）之内；store-ops 写入或备份的内容必须与门店数据分开',
  'paths.linkOutside': '{file}：{key}（{path}）是一个链接，指向门店目录 {store} 之外的 {target}；store-ops 不会顺着配置的目录走出门店',
  'hint.paths': '在配置中为 {key} 另选一个独立的位置，然后运行：store-ops --config {config} config check',
  'hint.linkOutside': '把链接换成真实目录，或直接在配置中写 {target}，然后运行：store-ops --config {config} config check',

  'out.database': '--out {out} 是门店数据库（{key}）；未写入任何内容',
  'out.databaseFile': '--out {out} 是 SQLite 放在门店数据库 {hit} 旁边的文件（{key}）；未写入任何内容',
  'out.journals': '--out {out} 是收银机日志（{key}：{hit}）；未写入任何内容',
  'out.manual': '--out {out} 是手工记录文件（{key}：{hit}）；未写入任何内容',
  'out.logs': '--out {out} 是门店的日志文件（{key}：{hit}）；未写入任何内容',
  'out.files': '--out {out} 是每次都要备份的门店数据（{key}：{hit}）；未写入任何内容',
  'out.destination': '--out {out} 位于备份目录 {hit} 之内（{key}）；未写入任何内容',
  'out.state': '--out {out} 位于 store-ops 状态目录 {hit} 之内（{key}）；未写入任何内容',
  'out.config': '--out {out} 是 store-ops 的配置文件；未写入任何内容',
  'out.key': '--out {out} 是密钥文件（{key}）；未写入任何内容',
  'out.metrics': '--out {out} 是备份指标文件（{key}）；未写入任何内容',
  'out.exists': '--out {out} 已存在，且不是 store-ops 生成的报告；未写入任何内容',
  'out.notAFile': '--out {out} 是目录或特殊文件，不是普通文件；未写入任何内容',
  'hint.outElsewhere': '写到门店数据之外，例如：store-ops {command} --out "$HOME/{name}"',
  'hint.outForce': '如确需覆盖：store-ops {command} --out {out} --force',
};
