// The demo's product catalogue: Chinese supermarket goods in realistic categories, with valid
// EAN-13 barcodes (prefix 690–699, China), prices, costs and suppliers. Brands are invented.
import { Random, round2 } from './random.js';

export interface Product {
  sku: string;
  barcode: string;
  name: string;
  category: string;
  unit: string;
  price: number;
  cost: number;
  supplier: string;
  byWeight: boolean;
  perishable: boolean;
}

interface Category {
  name: string;
  items: string[];
  specs: string[];
  unit: string;
  price: [number, number];
  byWeight?: boolean;
  perishable?: boolean;
}

const CATEGORIES: Category[] = [
  { name: '饮料', items: ['矿泉水', '绿茶', '红茶', '橙汁', '可乐', '苏打水', '椰汁', '酸梅汤', '功能饮料', '柠檬茶'], specs: ['550ml', '1.5L', '330ml×6', '500ml', '2L'], unit: '瓶', price: [2, 28] },
  { name: '乳制品', items: ['纯牛奶', '酸奶', '低脂牛奶', '奶酪棒', '鲜牛奶', '儿童奶', '豆奶'], specs: ['250ml×12', '200g', '1L', '100g×4', '950ml'], unit: '盒', price: [4, 75], perishable: true },
  { name: '零食', items: ['薯片', '饼干', '瓜子', '牛肉干', '巧克力', '坚果', '海苔', '果冻', '辣条', '话梅'], specs: ['70g', '120g', '200g', '500g', '家庭装'], unit: '袋', price: [3, 60] },
  { name: '粮油', items: ['东北大米', '面粉', '花生油', '菜籽油', '挂面', '小米', '糯米', '玉米油'], specs: ['5kg', '2.5kg', '1L', '5L', '1kg'], unit: '袋', price: [6, 120] },
  { name: '调味品', items: ['生抽', '老抽', '香醋', '蚝油', '食盐', '白糖', '鸡精', '辣椒酱', '料酒', '花椒'], specs: ['500ml', '1.28L', '400g', '250g', '1kg'], unit: '瓶', price: [2, 35] },
  { name: '方便食品', items: ['红烧牛肉面', '酸菜面', '自热米饭', '速冻水饺', '汤圆', '火腿肠', '午餐肉罐头'], specs: ['5连包', '单杯', '500g', '1kg', '340g'], unit: '包', price: [3, 45] },
  { name: '日化', items: ['洗衣液', '洗洁精', '洗衣粉', '消毒液', '柔顺剂', '洁厕灵'], specs: ['2kg', '500g', '1.5kg', '1L', '3kg'], unit: '瓶', price: [5, 70] },
  { name: '个护', items: ['牙膏', '洗发水', '沐浴露', '牙刷', '香皂', '护手霜', '剃须刀'], specs: ['120g', '400ml', '750ml', '2支装', '3块装'], unit: '支', price: [4, 90] },
  { name: '纸品', items: ['抽纸', '卷纸', '湿巾', '厨房用纸', '手帕纸'], specs: ['3包', '10卷', '80抽', '2卷', '10包'], unit: '提', price: [5, 50] },
  { name: '酒类', items: ['啤酒', '黄酒', '白酒', '红葡萄酒', '米酒'], specs: ['500ml×12', '330ml', '500ml', '750ml', '2L'], unit: '瓶', price: [4, 260] },
  { name: '冷冻食品', items: ['冷冻虾仁', '鸡翅', '速冻馄饨', '冰淇淋', '鱼丸', '牛排'], specs: ['500g', '1kg', '300g', '4支装', '250g'], unit: '袋', price: [8, 98], perishable: true },
  { name: '烘焙', items: ['吐司面包', '蛋糕', '牛角包', '全麦面包', '月饼'], specs: ['400g', '6个装', '单个', '2个装', '礼盒'], unit: '个', price: [3, 88], perishable: true },
  { name: '蔬菜', items: ['西红柿', '黄瓜', '土豆', '大白菜', '青椒', '胡萝卜', '菠菜', '洋葱', '西兰花', '生菜'], specs: ['散装'], unit: 'kg', price: [3, 16], byWeight: true, perishable: true },
  { name: '水果', items: ['苹果', '香蕉', '橙子', '葡萄', '西瓜', '梨', '猕猴桃', '草莓', '芒果', '火龙果'], specs: ['散装'], unit: 'kg', price: [5, 40], byWeight: true, perishable: true },
  { name: '肉禽', items: ['猪五花', '猪里脊', '鸡腿', '牛腩', '排骨', '鸡胸肉', '羊肉卷'], specs: ['散装'], unit: 'kg', price: [18, 98], byWeight: true, perishable: true },
  { name: '家居', items: ['保鲜膜', '垃圾袋', '一次性筷子', '电池', '衣架', '拖把'], specs: ['30m', '50只', '100双', '4粒', '10个'], unit: '件', price: [3, 60] },
];

const BRANDS = ['海河', '金穗', '青山', '东方', '绿源', '鲜丰', '华康', '嘉禾', '宏福', '百味', '清泉', '万家', '乐购', '喜临门', '田园', '优品'];
const FLAVOURS = ['原味', '香辣', '麻辣', '番茄味', '海盐', '孜然', '蜂蜜', '黑椒', '柠檬', '草莓味', '抹茶', '经典'];
export const SUPPLIERS = ['上海光明配送中心', '苏州万通食品', '杭州鲜达生鲜', '无锡日化批发', '南京粮油公司', '嘉兴酒水贸易', '宁波冷链物流'];

/** EAN-13 with its check digit. */
export function ean13(twelve: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelve[i]) * (i % 2 === 0 ? 1 : 3);
  return twelve + String((10 - (sum % 10)) % 10);
}

export function buildCatalogue(count: number, random: Random): Product[] {
  const products: Product[] = [];
  const usedBarcodes = new Set<string>();
  for (let i = 0; i < count; i++) {
    const cat = random.weighted(CATEGORIES.map((c) => [c, c.byWeight ? 0.4 : 1] as const));
    const item = random.pick(cat.items);
    const name = cat.byWeight
      ? `${item}${i >= 500 ? `（${random.pick(['精品', '有机', '本地', '进口', '特价'])}）` : ''}`
      : `${random.pick(BRANDS)} ${item}${random.chance(0.35) ? ` ${random.pick(FLAVOURS)}` : ''} ${random.pick(cat.specs)}`;
    const price = round2(cat.price[0] + (cat.price[1] - cat.price[0]) * random.next() ** 2);
    let barcode: string;
    do barcode = ean13(`69${random.int(0, 9)}${String(random.int(0, 999_999_999)).padStart(9, '0')}`);
    while (usedBarcodes.has(barcode));
    usedBarcodes.add(barcode);
    products.push({
      sku: String(10_000_001 + i),
      barcode,
      name,
      category: cat.name,
      unit: cat.unit,
      price: Math.max(price, 0.5),
      cost: round2(Math.max(price, 0.5) * (0.58 + random.next() * 0.27)),
      supplier: cat.perishable ? random.pick(SUPPLIERS.slice(0, 3)) : random.pick(SUPPLIERS),
      byWeight: Boolean(cat.byWeight),
      perishable: Boolean(cat.perishable),
    });
  }
  return products;
}
