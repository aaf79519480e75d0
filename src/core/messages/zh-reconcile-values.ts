// 对账通过映射从门店数据库读到的值：无法比较的值、按门店时区读取的时间、已记入过的盘点（zh 目录的一部分，见 zh.ts）。
import type { enReconcileValues } from './en-reconcile-values.js';

export const zhReconcileValues: Record<keyof typeof enReconcileValues, string> = {
  'reconcile.badValue.sku': '{file}：{key}：列 "{column}" 返回了 {value}，这不是商品编码（应为文本或整数）；未比较、未写入任何内容',
  'reconcile.badValue.time': '{file}：{key}：列 "{column}" 返回了 {value}，这不是日期时间（应为 ISO 8601，或门店时区的 YYYY-MM-DD HH:MM，可带秒）；未比较、未写入任何内容',
  'reconcile.badValue.number': '{file}：{key}：列 "{column}" 返回了 {value}，这不是数字；未比较、未写入任何内容',
  'reconcile.badValue.text': '{file}：{key}：列 "{column}" 返回了 {value}，既不是文本也不是整数；未比较、未写入任何内容',
  'hint.mappingValue': '让该列对每一行都返回正确的值（在映射的 SQL 中转换；见 README 中的“其他门店系统的映射”），然后重新运行该命令',
  'reconcile.localTimes': '警告：{key} 返回的时间没有 UTC 时差（例如 "{example}"）；已按 {zone} 时间读取',
  'reconcile.stockAlready': '盘点单 {ref}（即本次实盘）已在数据库中，账面库存与之一致；未写入任何内容。',
  'reconcile.stocktakeExists': '盘点单 {ref} 已在 {file} 中，但现在有 {count} 个商品与本次实盘不符；未做任何改动',
  'hint.stocktakeExists': '一次实盘只记入一次：运行 store-ops reconcile stock 查看库存现状；复盘请另存为新的实盘文件（它会有自己的单号）',
};
