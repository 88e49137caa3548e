import { Extractor, loadLexicons } from './src/extraction/index.js';
const ex = new Extractor(loadLexicons());
for (const t of ['三一重工股份有限公司投资30亿元建设三一智能装备产业园项目（一期），', '其中先进制造业项目18个，', '签约三一智能装备产业园（一期）项目，', '株洲中车时代电气股份有限公司投资36.5亿元的功率半导体产业化（二期）项目开工', '苏仙区与香港鸿基集团有限公司签约跨境电商物流园项目，投资5000万美元', '汽车转向系统零部件项目签约', '就家电配套项目达成意向'])
  console.log(t, JSON.stringify(ex.projectNames(t).map((p) => p.name)));
