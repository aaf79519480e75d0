// `backup schedule` 的中文文本（zh 目录的一部分，见 zh.ts）。
import type { enSchedule } from './en-schedule.js';

export const zhSchedule: Record<keyof typeof enSchedule, string> = {
  'cmd.backupSchedule': '打印定时任务（crontab）行：每晚备份并清理、每周恢复演练（或 systemd 定时器）；--install 把它们加入你的 crontab',

  'flag.schedule.at': '每晚运行的时间，HH:MM，按门店时区（默认：打烊后 90 分钟）',
  'flag.schedule.drillDay': '每周恢复演练在星期几进行，时间为每晚备份后一小时',
  'flag.schedule.install': '把这些行加入当前用户的 crontab；已有的行（按标记识别）保持不变，绝不重复添加',
  'flag.schedule.systemd': '改为打印每晚运行用的 systemd .service 和 .timer（仅打印：store-ops 不安装 systemd 单元）',

  'hint.scheduleAt': '例如：store-ops backup schedule --at 23:30',
  'hint.scheduleSystemd': '请自行把打印出的单元文件复制到 /etc/systemd/system，或去掉 --systemd 以安装 crontab 行',
  'hint.machineZone': '请在不设置 TZ 的情况下运行（时区取自 /etc/localtime，与 cron 相同），或把 TZ 设为时区名称，例如 Asia/Shanghai',
  'hint.installCron': '请安装 cron 软件包（apt-get install cron），或把 store-ops backup schedule 打印的行手工加入你的定时任务',
  'hint.crontabFailed': '请用 crontab -e 手工加入 store-ops backup schedule 打印的行，或请管理员允许该用户使用 crontab',

  'schedule.machineZone': '无法判断本机所在时区（TZ="{tz}"），因此无法把门店时间换算成 cron 使用的时间',
  'schedule.badAt': '--at 必须是 HH:MM 格式的时间，例如 23:30，收到的是“{value}”',
  'schedule.systemdInstall': '--install 只写入 crontab 行；systemd 单元只打印，不安装',
  'schedule.noCrontab': '没有安装 crontab 程序，无法安装这些行',
  'schedule.crontabFailed': '{action} 失败：{problem}',

  'schedule.whyAfterClosing': '打烊后 90 分钟',
  'schedule.whyFallback': '03:00，因为打烊后 90 分钟仍在营业时间内',
  'schedule.whyAt': '由 --at 指定',
  'schedule.header': '# store-ops {store}：每晚 {time} 备份并清理（{why}；营业时间 {hours}，{zone}），输出追加到 {log}',
  'schedule.drillHeader': '# 每周{day} {time} 进行恢复演练，在每晚备份后一小时',
  'schedule.dayTime': '周{day} {time}',
  'schedule.zoneFixed': '# 门店时间 {time}（{store}）= 本机时间 {machineTime}（{machine}）',
  'schedule.zonePeriod': '{from} 起为 {machineTime}',
  'schedule.zoneJoin': '，',
  'schedule.zoneChanges': '# 门店时间 {time}（{store}）在本机（{machine}）时钟上的时间随夏令时开始和结束而变化：{periods}。这里的 cron 只按本机时钟读时间（Debian 的 cron 不支持 CRON_TZ），所以下面这一行在以上每个时间都会启动，行首的检查只放行门店时间 {time} 的那一次。',
  'schedule.noDrill': '# 没有每周恢复演练：未设置 backup.identity，本机无法解密备份；请在保管私钥的机器上运行 store-ops backup verify --latest --drill',
  'schedule.installHint': '# 把这些行加入你的 crontab：store-ops --config {config} backup schedule --install',
  'schedule.systemdHeader': '# {file}',
  'schedule.systemdZone': '# OnCalendar 写明了门店时区：无论本机时区（{machine}）如何，定时器全年（包括夏令时期间）都在门店时间 {time}（{zone}）启动。OnCalendar 中写时区需要 systemd 235 或更高版本（systemctl --version）。',
  'schedule.systemdNote': '# 仅打印：请把两个文件复制到 /etc/systemd/system，然后运行：systemctl daemon-reload && systemctl enable --now {timer}。输出写入系统日志（journalctl -u {service}）。每周恢复演练不在这两个单元中：请使用它的 crontab 行。',

  'schedule.added': '已加入你的 crontab：',
  'schedule.present': '你的 crontab 中已有，保持不变：',
  'schedule.nothingAdded': '没有新增：所有行都已在你的 crontab 中。',

  'schedule.warnInsideHours': '警告：每晚 {time} 的运行落在营业时间 {hours} 内；门店营业时也能备份，但会与收银机争用资源',
  'schedule.warnLogDir': '提示：日志目录 {dir} 尚不存在；--install 会创建它（如果手工粘贴这些行，请先运行：mkdir -p {dir}）',
  'schedule.warnDiffers': '警告：crontab 中标记为“{marker}”的行与打印的不同（node 或配置路径不同、缺少门店时间检查，或已被注释掉）；已保留原行：请用 crontab -e 修改',
  'schedule.warnTimeDiffers': '警告：crontab 中标记为“{marker}”的行时间字段为“{fields}”，打印的为“{wanted}”；已保留原行。如果它是旧版 store-ops 写入的，其时间是按门店时钟写的，而不是本机时钟：请用 crontab -e 修改',

  'schedule.day.sunday': '日',
  'schedule.day.monday': '一',
  'schedule.day.tuesday': '二',
  'schedule.day.wednesday': '三',
  'schedule.day.thursday': '四',
  'schedule.day.friday': '五',
  'schedule.day.saturday': '六',
};
