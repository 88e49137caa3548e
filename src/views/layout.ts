// The page frame: header with site name and navigation, main content, footer with 联系我们.
import type { Config } from '../config.js';
import { html, type Html, type Renderable } from '../html.js';

export interface PageMeta {
  readonly title: string;
  readonly description?: string | undefined;
  readonly canonicalPath?: string | undefined;
  /** Which navigation item is current. */
  readonly nav?: 'home' | 'regions' | 'projects' | 'search' | 'submit' | 'admin' | undefined;
}

export interface LayoutContext {
  readonly site: Config['site'];
  readonly publicUrl: string | undefined;
  readonly cssHref: string;
}

export function layout(ctx: LayoutContext, meta: PageMeta, content: Renderable): Html {
  const { site } = ctx;
  const current = (k: PageMeta['nav']) => (meta.nav === k ? html` aria-current="page"` : '');
  const canonical = meta.canonicalPath && ctx.publicUrl ? html`<link rel="canonical" href="${ctx.publicUrl + meta.canonicalPath}">` : '';
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${meta.title}</title>
${meta.description ? html`<meta name="description" content="${meta.description}">` : ''}
${canonical}
<link rel="stylesheet" href="${ctx.cssHref}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="site"><div class="wrap">
<a class="brand" href="/">${site.name}</a>
<nav aria-label="主导航"><a href="/"${current('home')}>首页</a><a href="/regions"${current('regions')}>地区</a><a href="/projects"${current('projects')}>项目库</a><a href="/search"${current('search')}>搜索</a><a href="/submit"${current('submit')}>投稿</a></nav>
<form class="header-search" action="/search" method="get" role="search"><label for="hq" class="visually-hidden">搜索</label><input id="hq" type="search" name="q" placeholder="搜索地区、行业、企业" maxlength="1000"><button type="submit">搜索</button></form>
</div></header>
<main id="main"><div class="wrap">
${content}
</div></main>
<footer class="site"><div class="wrap">
<h2 class="footer-title">联系我们</h2>
<dl>
<dt>单位</dt><dd>${site.contact.org}</dd>
<dt>电话</dt><dd>${site.contact.phone}</dd>
<dt>邮箱</dt><dd><a href="mailto:${site.contact.email}">${site.contact.email}</a></dd>
<dt>地址</dt><dd>${site.contact.address}</dd>
</dl>
<p class="footer-links"><a href="/submit">点我投稿</a> · <a href="/contact">联系我们</a> · <a href="/join">企业入驻</a> · <a href="/enterprises">入驻企业</a> · <a href="/track">查询处理结果</a> · <a href="/login">登录</a></p>
</div></footer>
</body>
</html>`;
}
