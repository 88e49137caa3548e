import { Extractor, loadLexicons } from './src/extraction/index.js';
import { parseListing } from './src/content/listing.js';
import fs from 'node:fs';
const ex = new Extractor(loadLexicons());
const a = parseListing(fs.readFileSync('data/seed/hunan-demo.txt', 'utf8')).find((x) => x.title.includes('株洲高新区六大项目'))!;
console.log(JSON.stringify(ex.projectNames(`${a.title}\n${a.body}`).map((p) => p.name)));
