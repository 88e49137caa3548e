// Small Chinese numerals as used in section markers (一 … 九十九). The full numeral parser for
// amounts belongs to extraction; this one only orders headings.
const DIGIT: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

export function smallChineseNumber(s: string): number | null {
  if (s.length === 0 || s.length > 3) return null;
  const ten = s.indexOf('十');
  if (ten === -1) return s.length === 1 ? (DIGIT[s] ?? null) : null;
  const tens = ten === 0 ? 1 : DIGIT[s.slice(0, ten)];
  const ones = ten === s.length - 1 ? 0 : DIGIT[s.slice(ten + 1)];
  if (tens === undefined || ones === undefined || s.slice(0, ten).length > 1 || s.slice(ten + 1).length > 1) return null;
  return tens * 10 + ones;
}
