// 中文文本。键与 en.ts 一一对应（类型检查保证不缺）。
import type { MessageKey } from './en.js';
import { zhBackup } from './zh-backup.js';
import { zhSchedule } from './zh-schedule.js';
import { zhPrune } from './zh-prune.js';
import { zhVerify } from './zh-verify.js';
import { zhRestore } from './zh-restore.js';
import { zhRestoreSafety } from './zh-restore-safety.js';
import { zhDiagnose } from './zh-diagnose.js';
import { zhReconcile } from './zh-reconcile.js';
import { zhReconcileUndo } from './zh-reconcile-undo.js';
import { zhS3 } from './zh-s3.js';
import { zhRunbook } from './zh-runbook.js';
import { zhTrustLinks } from './zh-trust-links.js';
import { zhTrustSign } from './zh-trust-sign.js';
import { zhLockConfig } from './zh-lock-config.js';
import { zhFleet } from './zh-fleet.js';
import { zhGuided } from './zh-guided.js';

export const zh: Record<MessageKey, string> = {
  ...zhBackup,
  ...zhSchedule,
  ...zhPrune,
  ...zhVerify,
  ...zhRestore,
  ...zhRestoreSafety,
  ...zhDiagnose,
  ...zhReconcile,
  ...zhReconcileUndo,
  ...zhS3,
  ...zhRunbook,
  ...zhTrustLinks,
  ...zhTrustSign,
  ...zhLockConfig,
  ...zhFleet,
  ...zhGuided,
  'cli.description': '门店灾难恢复与运维工具：故障诊断、加密备份、安全恢复、数据对账、应急预案。',
  'cli.usage': '{problem}',
  'cli.badLang': '--lang 只能是 zh 或 en，收到的是“{value}”',
  'cli.internal': '内部错误：{problem}',
  'help.exitCodes': '退出码：0 完成，1 操作失败，2 用法或配置错误。',

  'group.config': '检查配置文件',
  'group.keys': '管理加密备份用的 age 密钥',
  'group.demo': '用于试用全部命令的演示门店',

  'cmd.init': '生成 store-ops.yaml（有终端时逐项询问，否则读取参数）',
  'cmd.configCheck': '校验配置并打印解析后的完整配置',
  'cmd.keysGenerate': '生成 age 私钥文件（权限 0600）并打印其公钥',
  'cmd.demoInit': '生成演示门店：数据库、日志、收银机流水、手工记录、密钥和配置',

  'flag.version': '打印版本号',
  'flag.help': '显示此命令的帮助',
  'flag.config': '配置文件（否则依次查找 $STORE_OPS_CONFIG、./store-ops.yaml、/etc/store-ops/store-ops.yaml）',
  'flag.json': '在标准输出上输出机器可读的 JSON，不输出其他内容',
  'flag.lang': '输出语言：zh 或 en（默认取自 LANG）',
  'flag.noColor': '不使用颜色（也遵循 NO_COLOR）',
  'flag.operator': '操作人，记入审计日志（默认：登录名）',
  'flag.yes': '对确认提示回答“是”（没有终端时必须提供）',
  'flag.verbose': '显示堆栈和更多细节',
  'flag.init.out': '配置文件写到哪里',
  'flag.init.storeId': '门店编号：字母、数字、短横线（用于备份文件名）',
  'flag.init.storeName': '门店名称',
  'flag.init.timezone': 'IANA 时区（默认 Asia/Shanghai）',
  'flag.init.openingHours': '营业时间（默认 07:00-22:00）',
  'flag.init.database': '门店数据库，写作 名称=路径 或 路径（可重复）',
  'flag.init.recipient': '备份加密所用的 age 公钥（可重复）',
  'flag.init.identity': '私钥文件路径（仅当本机允许解密时填写）',
  'flag.init.backupDir': '备份目录（默认 ./backups）',
  'flag.init.stateDir': 'store-ops 状态目录（默认 ./.store-ops）',
  'flag.init.signingKey': '本店的签名密钥，不存在时自动生成（默认与配置文件同目录的 ./keys/signing.key；仅在配置备份时）',
  'flag.keys.out': '要写入的文件（绝不覆盖）；默认 store-ops-identity.txt，加 --signing 时默认 signing.key',
  'flag.keys.passphrase': '用口令保护私钥（交互输入，或取自 $STORE_OPS_PASSPHRASE）',
  'flag.demo.size': 'small（2 千商品，1 周）、medium（2 万，90 天）或 large（20 万，2 年，约 1 GB）',
  'flag.demo.seed': '随机种子：种子和 --now 相同，生成的门店就相同',
  'flag.demo.now': '演示门店的“当前时刻”，ISO 8601 格式（默认：现在）',

  'hint.init': '可以运行：store-ops init，或用 --config 指定文件',
  'hint.help': '可以运行：{command} --help',
  'hint.verbose': '加上 --verbose 重新运行以查看堆栈，并报告此问题',
  'hint.yamlSyntax': '修正该行的 YAML（缩进、缺少冒号或引号），然后运行 store-ops config check',
  'hint.configCheck': '修正后运行：store-ops --config {file} config check',
  'hint.initFlags': '没有终端时请提供：store-ops init --store-id 编号 --store-name 名称 --database 路径 [--recipient age1…]',
  'hint.initOtherFile': '用 --out 指定其他文件，或直接编辑现有文件',
  'hint.keysOtherFile': '用 --out 指定其他文件；已有的密钥绝不会被替换',
  'hint.noTerminal': '请用命令行参数提供该值（见 --help）',
  'hint.passphraseEnv': '请设置 STORE_OPS_PASSPHRASE，或在终端上运行',
  'hint.yes': '加上 --yes 重新运行以确认',
  'hint.demoOtherDir': '请选择一个新的或空的目录',

  'config.notFound': '找不到配置文件（已查找：{looked}）',
  'config.missing': '{file}：配置文件不存在',
  'config.unreadable': '{file}：无法读取配置：{cause}',
  'config.syntax': '{file}:{line}：YAML 语法错误：{problem}',
  'config.invalid': '{file}：{key}：{problem}',
  'configCheck.ok': '{file}：配置有效。解析结果：',

  'audit.writeFailed': '无法把审计记录写入 {dir}：{problem}',

  'prompt.noTerminal': '此操作需要 {missing}，但没有可以询问的终端',
  'prompt.needsYes': '此操作需要确认，但没有可以询问的终端',
  'prompt.required': '必须填写',
  'prompt.badStoreId': '只能包含字母、数字和单个短横线，例如 SH-0012',
  'prompt.badRecipient': 'age 公钥以 age1 开头，共 62 个字符',
  'prompt.storeId': '门店编号（用于备份文件名）',
  'prompt.storeName': '门店名称',
  'prompt.timezone': '时区',
  'prompt.openingHours': '营业时间',
  'prompt.database': '门店数据库（SQLite）路径',
  'prompt.recipient': '备份用的 age 公钥（留空：以后再加）',
  'prompt.backupDir': '备份目录',
  'prompt.signingKey': '本店签名密钥（不存在时自动生成）',
  'prompt.passphrase': '私钥口令',
  'prompt.passphraseAgain': '再次输入口令',

  'init.missingFlag': '没有终端可以询问时，init 需要 {flag}',
  'init.exists': '{file} 已存在；init 绝不覆盖已有配置',
  'init.writeFailed': '无法写入 {file}：{problem}',
  'init.written': '已写入 {file}。',
  'init.signingKeyMade': '已生成签名密钥 {file}（公钥 {public_key}，密钥 ID {key_id}）；总部把该公钥加入 backup.trusted_signers。',
  'init.signingKeyUsed': '使用已有的签名密钥 {file}（密钥 ID {key_id}）。',
  'init.nextCheck': '下一步：store-ops --config {file} config check',
  'init.nextRecipient': '尚未设置备份公钥：请在店长的电脑上运行 store-ops keys generate，把 age1… 公钥加到 backup.recipients 下。',

  'keys.exists': '{file} 已存在；私钥文件绝不会被覆盖',
  'keys.writeFailed': '无法写入私钥文件 {file}：{problem}',
  'keys.unreadable': '无法读取私钥文件 {file}：{problem}',
  'keys.needsPassphrase': '{file} 受口令保护',
  'keys.wrongPassphrase': '无法解锁 {file}：口令错误（{problem}）',
  'keys.noIdentity': '{file} 中没有 age 私钥（AGE-SECRET-KEY-1…）',
  'keys.passphraseNoTerminal': '--passphrase 需要终端输入口令，或设置 STORE_OPS_PASSPHRASE',
  'keys.passphraseMismatch': '两次输入的口令不一致；未写入任何文件',
  'keys.passphraseShort': '口令少于 8 个字符；未写入任何文件',
  'keys.written': '已写入私钥文件 {file}（权限 0600）。对应公钥：',
  'keys.nextStep': '私钥不要放在门店服务器上（由店长或总部保管）；把公钥填入 backup.recipients。',

  'demo.notEmpty': '{dir} 已存在且不为空；demo init 只在新的或空的目录中生成',
  'demo.badSeed': '--seed 必须是整数，收到的是“{value}”',
  'demo.badNow': '--now 必须是日期时间，例如 2026-11-21T20:00:00+08:00，收到的是“{value}”',
  'demo.progress': '正在生成 {size} 规模的演示门店',
  'demo.stepSales': '营业日',
  'demo.stepFiles': '日志、流水、密钥、配置',
  'demo.done': '演示门店已生成：{dir}（规模 {size}，种子 {seed}）。',
  'demo.contents': '{products} 个商品，{days} 天营业数据，数据库中有 {inDb} 张小票。',
  'demo.crash': '门店系统在 {at} 宕机：之后的 {journalOnly} 张小票只在收银机流水中，{slips} 笔销售只在手写小票上。',
  'demo.planted': '有 {stock} 个商品的库存数字被故意做错；实盘数据在 {count}。',
  'demo.recipient': '备份加密给 {recipient}（私钥在 keys/identity.txt）。',
  'demo.next': '下一步：store-ops --config {config} config check',
};
