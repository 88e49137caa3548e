// 要点: the facts read out of an article, beside its text. With an evidence plan each fact links
// to the mark around the words it was read from (#ev-START-END), highlighted by CSS :target.
import { html, type Html } from '../html.js';
import type { AmountFact, ArticleStage, AmountKind, Facts, Span } from '../extraction/types.js';
import type { Evidence, EvidenceSpan } from './evidence.js';
import { isEnglish } from '../i18n/locale.js';
import { t } from '../i18n/messages.js';
import { placeName, sectorName, zhText } from '../i18n/names.js';

export const STAGE_LABEL: Record<ArticleStage, string> = {
  signing: '签约',
  construction_start: '开工',
  completion: '竣工投产',
  operating: '运营',
  planned: '计划',
  mixed: '多个阶段',
  none: '—',
};

/** 2040000000 → 20.4亿元; 15000 → 1.5万元 (exact: from the decimal string, not a float). */
export function formatYuan(value: string): string {
  const [int = '0', frac = ''] = value.split('.');
  const scaled = (digits: string, places: number) => {
    const padded = digits.padStart(places + 1, '0');
    const whole = padded.slice(0, padded.length - places);
    const rest = (padded.slice(padded.length - places) + frac).replace(/0+$/, '');
    // Every digit: a form pre-filled from this must read back as the same value.
    return rest ? `${whole}.${rest}` : whole;
  };
  if (int.length > 8) return `${scaled(int, 8)}亿元`;
  if (int.length > 4) return `${scaled(int, 4)}万元`;
  return `${int}${frac ? `.${frac}` : ''}元`;
}

/** 2040000000 → 2.04 billion yuan; 610000000 → 610 million yuan; 15000 → 15,000 yuan (exact, as above). */
export function formatYuanEn(value: string): string {
  const [rawInt = '0', frac = ''] = value.split('.');
  const int = rawInt.replace(/^0+(?=\d)/, '');
  const group = (digits: string) => digits.replace(/\B(?=(\d{3})+$)/g, ',');
  const scaled = (places: number, unit: string) => {
    const whole = int.slice(0, int.length - places);
    const rest = (int.slice(int.length - places) + frac).replace(/0+$/, '');
    return `${group(whole)}${rest ? `.${rest}` : ''} ${unit} yuan`;
  };
  if (int.length > 12) return scaled(12, 'trillion');
  if (int.length > 9) return scaled(9, 'billion');
  if (int.length > 6) return scaled(6, 'million');
  return `${group(int)}${frac ? `.${frac}` : ''} yuan`;
}

/** An amount in yuan (a decimal string) as the page's language writes it. */
export function yuanText(value: string): string {
  return isEnglish() ? formatYuanEn(value) : formatYuan(value);
}

/** A stage's label in the page's language; null for no stage. */
export function stageText(stage: string | null | undefined): string | null {
  if (!stage) return null;
  const zh = STAGE_LABEL[stage as ArticleStage] as string | undefined;
  return zh ? t(zh) : stage;
}

function headline(amounts: readonly AmountFact[]): AmountFact | undefined {
  return amounts.find((a) => a.kind === 'total_investment') ?? amounts.find((a) => a.kind === 'contract_investment' || a.kind === 'project_investment');
}

const MAX_SECTORS = 8;

/** What the panel shows, in its order: the single source for the rows and for the marks' priority. */
function shown(f: Facts) {
  return {
    regions: f.regions,
    total: headline(f.amounts),
    // The count of the article's own stage (a report's many counts of mixed stages make no headline).
    count: f.projectCounts.find((c) => c.stage === f.stage),
    sectors: f.sectors.slice(0, MAX_SECTORS),
    companies: f.companies,
    parks: f.parks,
  };
}

/** Amounts that project pages link to (#ev-…) for a project's investment. */
const LINKED_AMOUNTS: ReadonlySet<AmountKind> = new Set(['total_investment', 'project_investment', 'contract_investment']);

/**
 * Spans to mark in the text, by priority when they overlap: the panel's facts in panel order, then
 * named projects, then investment amounts (both linked from the project pages).
 */
export function evidenceSpans(f: Facts): EvidenceSpan[] {
  const p = shown(f);
  return [
    ...p.regions,
    ...(p.total ? [p.total] : []),
    ...(p.count ? [p.count] : []),
    ...p.sectors,
    ...p.companies,
    ...p.parks,
    ...f.projects,
    ...f.amounts.filter((a) => LINKED_AMOUNTS.has(a.kind)),
    // The project pages link a batch to its count (any stage), so every count is marked.
    ...f.projectCounts,
  ];
}

/** Names each linked on its own, joined by `sep`. */
function names(items: readonly (Span & { name: string })[], sep: string, link: (s: Span, body: string) => Html): Html {
  return html`${items.map((x, i) => html`${i > 0 ? sep : ''}${link(x, x.name)}`)}`;
}

export function factsPanel(f: Facts, ev?: Evidence | null): Html {
  const p = shown(f);
  // A fact links to its evidence only when the text shows it (not for start === end, stale spans…).
  const link = (s: Span, body: Html | string): Html => {
    const id = ev?.target(s);
    return id ? html`<a href="#${id}">${body}</a>` : html`${body}`;
  };
  const { total, count } = p;
  const rows: [string, Html | string][] = [];
  // Places and sectors in the page's language; companies and parks are names from the text.
  const places = p.regions.map((r) => ({ ...r, name: placeName(r) }));
  if (places.length) rows.push([t('地区'), names(places, ' · ', link)]);
  if (f.stage !== 'none') rows.push([t('阶段'), stageText(f.stage) ?? '—']);
  if (total) rows.push([t('投资额'), html`${link(total, total.valueYuan ? yuanText(total.valueYuan) : zhText(total.text))}${total.approx ? t('（约）') : ''}`]);
  if (count) rows.push([t('项目数'), html`${link(count, t('{n} 个', { n: count.value }))}${count.stage ? t('（{stage}）', { stage: stageText(count.stage) ?? '' }) : ''}`]);
  if (p.sectors.length) rows.push([t('行业'), html`${names(p.sectors.map((x) => ({ ...x, name: sectorName(x) })), t('、'), link)}${f.sectors.length > MAX_SECTORS ? t(' 等') : ''}`]);
  if (p.companies.length) rows.push([t('企业'), zhText(names(p.companies, '、', link))]);
  if (p.parks.length) rows.push([t('园区'), zhText(names(p.parks, '、', link))]);
  if (rows.length === 0) return html``;
  return html`<aside class="facts" aria-label="${t('要点')}"><h2>${t('要点')}</h2><dl>${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
<p class="muted">${t('由程序从正文读出，可能有误。')}</p></aside>`;
}
