import { Extractor, loadLexicons } from './src/extraction/index.js';
import { loadCorpus } from './eval/corpus/load.js';
import { articleDrafts } from './src/projects/build.js';
const ex = new Extractor(loadLexicons());
const id = process.argv[2];
for (const p of loadCorpus().filter((x) => x.id === id)) {
  const t = `${p.title}\n${p.body}`; console.log(t);
  const f = ex.extract(t, { tag: p.tag });
  console.log('stage', f.stage, 'counts', JSON.stringify(f.projectCounts.map((c) => [c.text, c.stage])));
  console.log('amounts', JSON.stringify(f.amounts.map((a) => [a.text, a.kind, a.start])));
  console.log('projects', JSON.stringify(f.projects.map((a) => [a.name, a.start])));
  for (const d of articleDrafts(ex.gazetteer, { articleId: 1, text: t, facts: f, regionCode: f.place?.code ?? '430000' })) console.log(d.kind, d.name, d.amountYuan, d.stage, d.companies.join('|'), d.regionCode);
}
