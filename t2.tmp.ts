import { extractAmounts } from './src/extraction/amounts.js';
for (const t of ['年产3000吨高纯铋及铋基新材料项目总投资4.6亿元，预计明年投产。', '该项目总投资约18亿元。', '林下中药材种植加工基地项目投资额为三千万元。', '工业互联网平台项目投资5亿元，', '公司拟投资15亿元建设储能电池包项目', '建设新能源汽车电驱壳体项目，投资1.8亿美元', '宏岳投资增资8000万美元'])
  console.log(t, JSON.stringify(extractAmounts(t).map((a) => [a.text, a.kind])));
