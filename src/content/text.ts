// Plain-text helpers shared by pages, the API and the importer.

/** The first `max` characters (code points) of the text as one line, with … when cut. */
export function excerpt(body: string, max = 110): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : chars.slice(0, max).join('').trimEnd() + '…';
}

const CJK = '\\u3000-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef“”‘’';
const NEXT_TO_CJK = (ch: string) => new RegExp(`(?<=[${CJK}])${ch}|${ch}(?=[${CJK}])`, 'gu');
const RULES: readonly [RegExp, string][] = [
  [NEXT_TO_CJK(','), '，'],
  [NEXT_TO_CJK(';'), '；'],
  [new RegExp(`(?<=[${CJK}]):`, 'gu'), '：'],
  [new RegExp(`(?<=[${CJK}])!`, 'gu'), '！'],
  [new RegExp(`(?<=[${CJK}])\\?`, 'gu'), '？'],
  [NEXT_TO_CJK('\\('), '（'],
  [NEXT_TO_CJK('\\)'), '）'],
];

/**
 * Chinese typography for display: half-width , ; : ! ? ( ) next to Chinese text become full-width
 * (20.4亿元,覆盖 → 20.4亿元，覆盖) while 1,200 or 10:30 stay. One character for one, so offsets
 * into the stored text stay valid.
 */
export function zhPunctuation(s: string): string {
  let out = s;
  for (const [re, to] of RULES) out = out.replace(re, to);
  return out;
}
