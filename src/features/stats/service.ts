// /stats, /api/v1/stats and region figures: the rollup's rows as a view model with names.
import type { Db } from '../../db/database.js';
import { sectorNames, statsSectorOf } from '../../extraction/taxonomy.js';
import { STAGES, type Stage } from '../../extraction/types.js';
import type { Gazetteer, Region } from '../../regions/gazetteer.js';
import { STAGE_LABEL, formatYuan } from '../../views/facts.js';
import { byChildRegion, byMonth, bySector, byStage, conversion, totals, type Row, type StatsFilter } from './repository.js';

export interface Figure {
  readonly projects: number;
  /** Yuan, counted once, as an exact integer string. */
  readonly amountYuan: string;
  readonly amountText: string;
  readonly withAmount: number;
}

export interface NamedFigure extends Figure {
  readonly key: string;
  readonly name: string;
}

export interface ConversionFigure {
  readonly code: string;
  readonly name: string;
  readonly signed: number;
  readonly started: number;
  readonly completed: number;
  /** Percent of signed, one decimal; null when nothing was signed. */
  readonly startedRate: number | null;
  readonly completedRate: number | null;
}

export interface StatsView {
  readonly region: { readonly code: string; readonly name: string; readonly level: Region['level'] };
  readonly from: string | null;
  readonly to: string | null;
  readonly sector: { readonly id: string; readonly name: string } | null;
  readonly stage: Stage | null;
  readonly totals: Figure;
  /** The next level down, every one of them (zeros too, so a map has all its areas). */
  readonly regions: readonly NamedFigure[];
  /** Projects placed at this region itself, in none of the next level down (null: none): the table's last row, so it adds up. */
  readonly unplaced: NamedFigure | null;
  readonly sectors: readonly NamedFigure[];
  readonly stages: readonly NamedFigure[];
  readonly months: readonly NamedFigure[];
  readonly conversion: readonly ConversionFigure[];
}

export const STAGE_ORDER: readonly Stage[] = STAGES;

function figure(r: { projects: number; amount: number; withAmount: number }): Figure {
  const yuan = Math.round(r.amount).toFixed(0);
  return { projects: r.projects, amountYuan: yuan, amountText: r.amount > 0 ? formatYuan(yuan) : '—', withAmount: r.withAmount };
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

export async function loadStats(db: Db, gz: Gazetteer, f: StatsFilter): Promise<StatsView> {
  const [t, regions, sectors, stages, months, conv] = await Promise.all([totals(db, f), byChildRegion(db, f), bySector(db, f), byStage(db, f), byMonth(db, f), conversion(db, f)]);
  const region = gz.get(f.region.code);
  const byCode = new Map(regions.map((r) => [r.key, r]));
  const children = gz.children(f.region.code);
  const zero: Row = { key: '', projects: 0, amount: 0, withAmount: 0 };
  const placed = regions.reduce<Row>((s, r) => ({ key: '', projects: s.projects + r.projects, amount: s.amount + r.amount, withAmount: s.withAmount + r.withAmount }), zero);
  const rest = { projects: t.projects - placed.projects, amount: t.amount - placed.amount, withAmount: t.withAmount - placed.withAmount };
  const stageRows = new Map(stages.map((s) => [s.key, s]));
  return {
    region: { code: f.region.code, name: region?.name ?? f.region.code, level: f.region.level },
    from: f.from ?? null,
    to: f.to ?? null,
    sector: f.sector ? { id: f.sector, name: sectorNames.get(f.sector) ?? f.sector } : null,
    stage: (f.stage as Stage | undefined) ?? null,
    totals: figure(t),
    regions: children
      .map((c) => ({ key: c.code, name: c.name, ...figure(byCode.get(c.code) ?? zero) }))
      .sort((a, b) => Number(b.amountYuan) - Number(a.amountYuan) || b.projects - a.projects),
    unplaced: rest.projects > 0 || rest.amount > 0.5 ? { key: '', name: f.region.level === 'province' ? '（未细分到市州）' : '（未细分到县市区）', ...figure(rest) } : null,
    sectors: sectors.map((s) => ({ key: s.key, name: statsSectorOf(s.key).name, ...figure(s) })),
    stages: [...STAGE_ORDER, ''].flatMap((st) => {
      const row = stageRows.get(st);
      return row ? [{ key: st, name: st ? STAGE_LABEL[st as Stage] : '阶段不明', ...figure(row) }] : [];
    }),
    months: months.map((m) => ({ key: m.key, name: m.key, ...figure(m) })),
    conversion: conv.map((c) => ({ code: c.key, name: gz.get(c.key)?.name ?? c.key, signed: c.signed, started: c.started, completed: c.completed, startedRate: rate(c.started, c.signed), completedRate: rate(c.completed, c.signed) })),
  };
}
