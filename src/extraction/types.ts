// The facts extraction reads out of one article. Pure data: every fact carries start/end offsets
// (UTF-16 code units, end exclusive) into the original text it was given.

export type AmountKind =
  | 'total_investment' // 总投资, 投资总额, 总投资额
  | 'project_investment' // one named project's investment
  | 'contract_investment' // 合同引资, 签约金额
  | 'planned_investment' // 计划投资
  | 'completed_investment' // 完成投资
  | 'annual_output' // 年产值
  | 'revenue' // 销售收入, 营业收入, 一般公共预算收入
  | 'tax'
  | 'gdp' // 生产总值
  | 'threshold' // 投资50亿元以上项目: a bound, not a sum
  | 'other';

/** The stages a project passes through, in the order forms and tables list them. */
export const STAGES = ['signing', 'construction_start', 'completion', 'operating', 'planned'] as const;
export type Stage = (typeof STAGES)[number];
export type ArticleStage = Stage | 'mixed' | 'none';

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** 元, 美元, 港元, 欧元: amounts are kept in their own unit; only yuan (and dollars at a given rate) have valueYuan. */
export type Currency = 'CNY' | 'USD' | 'HKD' | 'EUR';

export interface AmountFact extends Span {
  /** The amount as written: 20.4亿元, 七亿元, 近三十亿元. */
  readonly text: string;
  /** In the currency's own unit, as an exact decimal string: "2040000000". */
  readonly value: string;
  readonly currency: Currency;
  /** Yuan as an exact decimal string; null where unknown (dollars without a configured rate). */
  readonly valueYuan: string | null;
  /** 近, 约, 超, 逾, 余, 多, 以上, 左右… */
  readonly approx: boolean;
  readonly kind: AmountKind;
}

export interface ProjectCountFact extends Span {
  readonly text: string; // 七个重点项目
  readonly value: number;
  readonly stage: Stage | null;
}

export interface RegionFact extends Span {
  readonly code: string;
  readonly name: string;
  readonly level: 'province' | 'city' | 'county';
  /** Later mentions of the same division (华容县 … 华容). */
  readonly more?: readonly Span[] | undefined;
}

export interface SectorFact extends Span {
  readonly id: string; // taxonomy.ts id
  readonly name: string;
  /** Later mentions of the same sector, so a project's own clause can be asked for its sectors. */
  readonly more?: readonly Span[] | undefined;
}

export interface NamedFact extends Span {
  readonly name: string;
  /** Companies: later mentions by a form the text itself introduced (（以下简称“华瓷股份”）, 比亚迪 for 比亚迪股份有限公司). */
  readonly more?: readonly Span[] | undefined;
}

export interface ParkFact extends NamedFact {
  readonly regionCode: string | null;
}

export interface Facts {
  /**
   * The one Hunan division the article is about (茶陵县 in 株洲市茶陵县今日…), at its first mention
   * (start = end = 0 when only the tag names it); null when it is about a place outside Hunan or names none.
   * Facts stored by extractor versions before 3 lack it.
   */
  readonly place?: RegionFact | null;
  /** Every Hunan division the text names, once each at its first mention, left to right. */
  readonly regions: readonly RegionFact[];
  readonly amounts: readonly AmountFact[];
  readonly projectCounts: readonly ProjectCountFact[];
  readonly stage: ArticleStage;
  /**
   * The stage the words and counts gave, when the named projects changed it (one signed and one
   * started make a signing article mixed): the stage its batch and stage-less projects are drafted
   * under. Absent when the same as `stage`, and dropped when an editor sets the stage.
   */
  readonly stageByWords?: ArticleStage | undefined;
  readonly sectors: readonly SectorFact[];
  readonly companies: readonly NamedFact[];
  readonly parks: readonly ParkFact[];
  readonly projects: readonly NamedFact[];
}
