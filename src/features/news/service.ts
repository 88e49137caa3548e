// Turns stored rows into what pages and the API show: regions resolved, URLs, sections.
import type { ArticleRow } from '../../db/schema.js';
import type { Gazetteer, Region, RegionLevel } from '../../regions/gazetteer.js';
import { splitSections, wantsToc, type Section } from '../../content/sections.js';
import type { ArticleSummary } from './repository.js';

export interface RegionRef {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
}

export interface ArticleItem {
  readonly id: number;
  readonly title: string;
  /** As the source wrote it, without brackets: 长沙招商; null when the source had no tag. */
  readonly regionTag: string | null;
  readonly region: RegionRef;
  readonly publishedAt: string;
  readonly excerpt: string;
  readonly url: string;
}

export interface ArticleDetail extends ArticleItem {
  readonly body: string;
  readonly sections: readonly Section[];
  readonly toc: boolean;
  readonly sourceTruncated: boolean;
  readonly sourceNote: string | null;
  /** Province first, the article's own region last. */
  readonly regionPath: readonly RegionRef[];
}

export function regionRef(r: Region): RegionRef {
  return { code: r.code, name: r.name, level: r.level };
}

function regionOf(gz: Gazetteer, code: string): RegionRef {
  const r = gz.get(code);
  // A stored code missing from the gazetteer (data removed): show the code rather than fail.
  return r ? regionRef(r) : { code, name: code, level: 'province' };
}

export function toItem(gz: Gazetteer, a: ArticleSummary): ArticleItem {
  return {
    id: a.id,
    title: a.title,
    regionTag: a.region_tag,
    region: regionOf(gz, a.region_code),
    publishedAt: a.published_at,
    excerpt: a.excerpt,
    url: `/articles/${a.id}`,
  };
}

export function toDetail(gz: Gazetteer, a: ArticleRow): ArticleDetail {
  const sections = splitSections(a.body);
  return {
    ...toItem(gz, a),
    body: a.body,
    sections,
    toc: wantsToc(a.body, sections),
    sourceTruncated: a.source_truncated === 1,
    sourceNote: a.source_note,
    regionPath: gz.ancestry(a.region_code).reverse().map(regionRef),
  };
}

export interface RegionNode extends RegionRef {
  readonly parent: string | null;
  readonly articleCount: number;
  readonly children: readonly RegionNode[];
}

/** The gazetteer as a tree, each node with the articles of itself and all its descendants. */
export function regionTree(gz: Gazetteer, own: Map<string, number>): RegionNode[] {
  const build = (r: Region): RegionNode => {
    const children = gz.children(r.code).map(build);
    const articleCount = (own.get(r.code) ?? 0) + children.reduce((s, c) => s + c.articleCount, 0);
    return { ...regionRef(r), parent: r.parent, articleCount, children };
  };
  return gz.provinces.map(build);
}

export function flattenTree(nodes: readonly RegionNode[]): RegionNode[] {
  return nodes.flatMap((n) => [n, ...flattenTree(n.children)]);
}
