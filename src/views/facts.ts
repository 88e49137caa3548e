// 要点: the facts read out of an article, beside its text.
import { html, type Html } from '../html.js';
import type { AmountFact, ArticleStage, Facts } from '../extraction/types.js';

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
    return rest ? `${whole}.${rest.slice(0, 4)}` : whole;
  };
  if (int.length > 8) return `${scaled(int, 8)}亿元`;
  if (int.length > 4) return `${scaled(int, 4)}万元`;
  return `${int}${frac ? `.${frac}` : ''}元`;
}

function headline(amounts: readonly AmountFact[]): AmountFact | undefined {
  return amounts.find((a) => a.kind === 'total_investment') ?? amounts.find((a) => a.kind === 'contract_investment' || a.kind === 'project_investment');
}

export function factsPanel(f: Facts): Html {
  const total = headline(f.amounts);
  // The count of the article's own stage (a report's many counts of mixed stages make no headline).
  const count = f.projectCounts.find((c) => c.stage === f.stage);
  const rows: [string, Html | string][] = [];
  if (f.regions.length) rows.push(['地区', f.regions.map((r) => r.name).join(' · ')]);
  if (f.stage !== 'none') rows.push(['阶段', STAGE_LABEL[f.stage]]);
  if (total) rows.push(['投资额', html`${total.valueYuan ? formatYuan(total.valueYuan) : total.text}${total.approx ? '（约）' : ''}`]);
  if (count) rows.push(['项目数', `${count.value} 个${count.stage ? `（${STAGE_LABEL[count.stage]}）` : ''}`]);
  if (f.sectors.length) rows.push(['行业', f.sectors.slice(0, 8).map((s) => s.name).join('、') + (f.sectors.length > 8 ? ' 等' : '')]);
  if (f.companies.length) rows.push(['企业', f.companies.map((c) => c.name).join('、')]);
  if (f.parks.length) rows.push(['园区', f.parks.map((p) => p.name).join('、')]);
  if (rows.length === 0) return html``;
  return html`<aside class="facts" aria-label="要点"><h2>要点</h2><dl>${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
<p class="muted">由程序从正文读出，可能有误。</p></aside>`;
}
