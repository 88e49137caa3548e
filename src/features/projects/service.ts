// 项目库 view models, shared by the pages and the API.
import type { Stage } from '../../extraction/types.js';
import { sectorNames } from '../../extraction/taxonomy.js';
import type { ProjectDraft } from '../../projects/build.js';
import type { Gazetteer } from '../../regions/gazetteer.js';
import { STAGE_LABEL, formatYuan } from '../../views/facts.js';
import type { ProjectEventRow, ProjectRow } from './repository.js';

export interface ProjectItem {
  readonly id: number;
  readonly url: string;
  readonly name: string;
  /** group: a batch reported together (七个重点项目); single: one project. */
  readonly kind: 'group' | 'single';
  readonly stage: Stage | null;
  readonly stageLabel: string | null;
  /** Projects in a batch. */
  readonly count: number | null;
  /** Exact decimal string in yuan, or null when no amount was stated. */
  readonly amountYuan: string | null;
  readonly amountText: string | null;
  readonly approx: boolean;
  readonly region: { readonly code: string; readonly name: string };
  readonly park: string | null;
  readonly sectors: readonly { readonly id: string; readonly name: string }[];
  readonly companies: readonly string[];
  readonly firstDate: string;
  readonly lastDate: string;
  readonly parentId: number | null;
  /** Articles on its timeline. */
  readonly reports: number;
  readonly articleId: number;
}

export interface TimelineEntry {
  readonly articleId: number;
  readonly title: string;
  readonly date: string;
  readonly stage: Stage | null;
  readonly stageLabel: string | null;
  readonly amountYuan: string | null;
  readonly amountText: string | null;
  /** The article at the words it was read from (the article page marks them). */
  readonly evidenceUrl: string;
  readonly amountEvidenceUrl: string | null;
}

export interface ProjectDetail extends ProjectItem {
  readonly timeline: readonly TimelineEntry[];
  readonly parent: { readonly id: number; readonly name: string; readonly url: string } | null;
  readonly children: readonly ProjectItem[];
}

const stageLabel = (s: string | null): string | null => (s ? (STAGE_LABEL[s as Stage] ?? s) : null);

export function toProjectItem(gz: Gazetteer, p: ProjectRow): ProjectItem {
  const region = gz.get(p.region_code);
  return {
    id: p.id,
    url: `/projects/${p.id}`,
    name: p.name,
    kind: p.kind,
    stage: (p.stage as Stage | null) ?? null,
    stageLabel: stageLabel(p.stage),
    count: p.project_count,
    amountYuan: p.amount_yuan,
    amountText: p.amount_yuan ? formatYuan(p.amount_yuan) : null,
    approx: p.amount_approx === 1,
    region: { code: p.region_code, name: region?.name ?? p.region_code },
    park: p.park,
    sectors: (JSON.parse(p.sectors) as string[]).map((id) => ({ id, name: sectorNames.get(id) ?? id })),
    companies: JSON.parse(p.companies) as string[],
    firstDate: p.first_date,
    lastDate: p.last_date,
    parentId: p.parent_id,
    reports: p.event_count,
    articleId: p.article_id,
  };
}

export function toTimeline(events: readonly ProjectEventRow[]): TimelineEntry[] {
  return events.map((e) => {
    const d = JSON.parse(e.draft) as ProjectDraft;
    const at = (s: { start: number; end: number }) => `/articles/${e.article_id}#ev-${s.start}-${s.end}`;
    return {
      articleId: e.article_id,
      title: e.title,
      date: e.date,
      stage: (e.stage as Stage | null) ?? null,
      stageLabel: stageLabel(e.stage),
      amountYuan: d.amountYuan,
      amountText: d.amountYuan ? formatYuan(d.amountYuan) : null,
      evidenceUrl: d.evidence.end > d.evidence.start ? at(d.evidence) : `/articles/${e.article_id}`,
      amountEvidenceUrl: d.amountEvidence ? at(d.amountEvidence) : null,
    };
  });
}

/** 亿元 as typed in the filter → yuan. */
export function yiToYuan(v: number | undefined): number | undefined {
  return v === undefined ? undefined : Math.round(v * 1e8);
}

/** The sum of a listing as a decimal string, exact for whole yuan (doubles hold integers to 2^53, 90 万亿元). */
export function sumDecimal(sumYuan: number): string {
  return Number.isInteger(sumYuan) ? sumYuan.toFixed(0) : sumYuan.toFixed(2);
}
