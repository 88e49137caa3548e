// Zhaoshang's sector taxonomy: the industries investment news speaks of, coarse enough to count
// by. An id is stable (stored in facts, projects, URLs and the API); en is for the English pages.
// Which words name which sector is data (data/sector-keywords.json, loaded by lexicons.ts).

export interface Sector {
  readonly id: string;
  readonly name: string;
  readonly en: string;
}

export const SECTORS: readonly Sector[] = [
  { id: 'new-energy', name: '新能源', en: 'New energy' },
  { id: 'nev', name: '新能源汽车', en: 'New energy vehicles' },
  { id: 'electronics', name: '电子信息', en: 'Electronics and IT' },
  { id: 'digital', name: '数字经济与软件', en: 'Digital economy and software' },
  { id: 'new-materials', name: '新材料', en: 'New materials' },
  { id: 'equipment', name: '装备制造', en: 'Equipment manufacturing' },
  { id: 'construction-machinery', name: '工程机械', en: 'Construction machinery' },
  { id: 'rail', name: '轨道交通', en: 'Rail transit' },
  { id: 'aerospace', name: '航空航天', en: 'Aerospace' },
  { id: 'biomedicine', name: '生物医药', en: 'Biomedicine' },
  { id: 'health', name: '医疗与养老', en: 'Healthcare and elderly care' },
  { id: 'agriculture', name: '现代农业', en: 'Modern agriculture' },
  { id: 'food', name: '食品加工', en: 'Food processing' },
  { id: 'consumer-goods', name: '轻工消费品', en: 'Consumer goods (shoes, apparel, sporting goods)' },
  { id: 'chemicals', name: '化工', en: 'Chemicals' },
  { id: 'metallurgy', name: '冶金与有色金属', en: 'Metallurgy and non-ferrous metals' },
  { id: 'building-materials', name: '建材', en: 'Building materials' },
  { id: 'green', name: '节能环保', en: 'Energy saving and environment' },
  { id: 'ecommerce', name: '电子商务', en: 'E-commerce' },
  { id: 'logistics', name: '物流', en: 'Logistics' },
  { id: 'trade', name: '外贸', en: 'Foreign trade' },
  { id: 'tourism', name: '文化旅游', en: 'Culture and tourism' },
  { id: 'finance', name: '金融', en: 'Finance' },
  { id: 'services', name: '现代服务业', en: 'Modern services' },
  { id: 'infrastructure', name: '基础设施', en: 'Infrastructure' },
  { id: 'education', name: '教育', en: 'Education' },
  { id: 'real-estate', name: '房地产', en: 'Real estate' },
];

/**
 * The two rows a statistics sector table has besides the taxonomy (projects/stats-sector.ts): a
 * batch spanning several sectors, and a project whose words name none.
 */
export const STATS_ONLY_SECTORS: ReadonlyMap<string, Sector> = new Map([
  ['multi', { id: 'multi', name: '多个行业', en: 'Several sectors' }],
  ['', { id: '', name: '行业未识别', en: 'Sector not identified' }],
]);

/**
 * Words that name making things in general (智能制造, 零部件): they give a project equipment only when
 * its own words name no other industry — 陶瓷智能制造产业园 is ceramics, 新能源汽车零部件项目 is cars.
 */
export const GENERAL_MANUFACTURING_WORDS: ReadonlySet<string> = new Set(['智能制造', '先进制造', '高端制造', '零部件', '汽车零部件']);

/** id → name (新能源汽车). */
export const sectorNames: ReadonlyMap<string, string> = new Map(SECTORS.map((s) => [s.id, s.name]));

const byId = new Map(SECTORS.map((s) => [s.id, s]));

export function sector(id: string | null | undefined): Sector | undefined {
  return id ? byId.get(id) : undefined;
}

/** A statistics row's sector: a taxonomy sector or one of STATS_ONLY_SECTORS. */
export function statsSectorOf(id: string): Sector {
  return byId.get(id) ?? STATS_ONLY_SECTORS.get(id) ?? { id, name: id, en: id };
}
