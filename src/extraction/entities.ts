// Named entities: companies (德雅集团, 株洲维通利电气公司, 中联重科), parks and zones (株洲高新区,
// 长沙黄花综合保税区, 湘江新区) and named projects (吉怀高速公路金坪(联合)互通项目). Each kind
// lives in its own module; the shared method (suffix, bounded window, intro words, generic
// words) is in names.ts.
export { extractCompanies } from './companies.js';
export { extractParks } from './parks.js';
export { extractProjects } from './projects.js';
