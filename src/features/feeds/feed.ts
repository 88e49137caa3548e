// RSS 2.0 and Atom 1.0 documents with the `feed` package: one channel of articles, newest first.
import { Feed, type Item } from 'feed';
import type { Config } from '../../config.js';
import { escapeHtml } from '../../html.js';
import type { Gazetteer } from '../../regions/gazetteer.js';
import type { ArticleSummary } from '../news/repository.js';
import { toItem } from '../news/service.js';
import { xmlSafe } from './origin.js';

export const RSS_TYPE = 'application/rss+xml; charset=utf-8';
export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

/** Items per feed. */
export const FEED_SIZE = 50;

export interface Channel {
  readonly title: string;
  readonly description: string;
  /** The HTML page the channel mirrors: /, /regions/430700… */
  readonly pagePath: string;
  /** This feed's own path, for the self link. */
  readonly selfPath: string;
}

/**
 * A publication date (YYYY-MM-DD, a day in China) as the instant that day starts there. A value
 * that is not a date becomes the epoch rather than failing the whole feed.
 */
export function chinaMidnight(day: string): Date {
  const d = new Date(`${day}T00:00:00+08:00`);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

/** The same instant as text with its offset, for article:published_time and JSON-LD. */
export function chinaMidnightIso(day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00+08:00` : chinaMidnight(day).toISOString();
}

interface Deps {
  readonly site: Config['site'];
  readonly gazetteer: Gazetteer;
}

export function renderFeed(deps: Deps, origin: string, channel: Channel, articles: readonly ArticleSummary[], format: 'rss' | 'atom'): string {
  const feed = new Feed({
    title: xmlSafe(channel.title),
    description: xmlSafe(channel.description),
    id: origin + channel.pagePath,
    link: origin + channel.pagePath,
    language: 'zh-CN',
    // The newest item's date, not "now": the same content gives the same bytes and the same ETag.
    updated: chinaMidnight(articles[0]?.published_at ?? '1970-01-01'),
    // Atom wants an author for the feed when entries have none.
    author: { name: xmlSafe(deps.site.name) },
    copyright: `© ${xmlSafe(deps.site.contact.org)}`,
    favicon: `${origin}/favicon.svg`,
    generator: false,
    feedLinks: format === 'rss' ? { rss: origin + channel.selfPath } : { atom: origin + channel.selfPath },
  });
  for (const a of articles) feed.addItem(toFeedItem(deps.gazetteer, origin, a, format));
  return format === 'rss' ? feed.rss2() : feed.atom1();
}

function toFeedItem(gz: Gazetteer, origin: string, a: ArticleSummary, format: 'rss' | 'atom'): Item {
  const item = toItem(gz, a);
  const date = chinaMidnight(a.published_at);
  return {
    // The package writes titles in CDATA: RSS readers take them as text, but Atom declares them
    // type="html", so there a title with < or & is escaped once as HTML.
    title: format === 'atom' ? escapeHtml(xmlSafe(item.title)) : xmlSafe(item.title),
    // No id: the package then makes the link the RSS guid (isPermaLink) and the Atom id.
    link: origin + item.url,
    date,
    published: date,
    // Descriptions are HTML in both formats; an excerpt is plain text.
    description: escapeHtml(xmlSafe(item.excerpt)),
    category: [{ name: xmlSafe(item.region.name), term: item.region.code }],
  };
}
