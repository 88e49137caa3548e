// The app's route table as tests see it: Fastify's printRoutes() parsed into paths and methods, so
// a test over "every route" cannot miss one added later.
export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface RouteEntry {
  readonly path: string;
  readonly methods: readonly Method[];
}

/**
 * Parses `printRoutes({ commonPrefix: false })`: a tree where each line is a path segment,
 * indented four characters per level, with the methods in parentheses when a route ends there.
 * A node's full path is its parent's path followed by its own segment.
 */
export function parseRouteTree(tree: string): RouteEntry[] {
  const routes: RouteEntry[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    if (!line.trim()) continue;
    const m = line.match(/^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?\s*$/u);
    if (!m) throw new Error(`cannot parse a line of printRoutes: ${JSON.stringify(line)}`);
    const depth = [...(m[1] ?? '')].length / 4;
    const full = (depth > 0 ? (stack[depth - 1] ?? '') : '') + (m[2] ?? '');
    stack.length = depth;
    stack[depth] = full;
    if (m[3]) routes.push({ path: full, methods: m[3].split(',').map((s) => s.trim() as Method) });
  }
  return routes;
}

/**
 * Which kind of id a route's :param takes (the keys tests fill their id tables with): regions by
 * code, invite tokens, sitemap files, then by the path's section; an article's id otherwise.
 */
export function idKind(path: string, param: string): string {
  if (param === 'code') return 'region';
  if (param === 'token') return 'token';
  if (param === 'file') return 'sitemap';
  if (path.startsWith('/sectors/')) return 'sector';
  if (path.startsWith('/admin/users')) return 'victim';
  if (path.startsWith('/admin/tips')) return 'tip';
  if (path.startsWith('/admin/inbox')) return 'message';
  if (path.startsWith('/admin/applications')) return 'application';
  if (path.startsWith('/admin/posts')) return 'post';
  if (path.includes('projects')) return 'project';
  if (path.includes('enterprises')) return 'enterprise';
  return 'article';
}
