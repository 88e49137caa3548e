import { describe, expect, it } from 'vitest';
import {
  addDecimals,
  compareDecimals,
  findNumbers,
  formatDecimal,
  multiply,
  multiplyDecimals,
  parseArabicNumber,
  parseChineseNumber,
  parseDecimal,
  parseNumber,
} from '../../src/extraction/numbers.js';

describe('exact decimals', () => {
  it.each([
    ['20.4', 8, '2040000000'],
    ['1.5', 4, '15000'],
    ['0.5', 8, '50000000'],
    ['125.8', 8, '12580000000'],
    ['7', 0, '7'],
    ['1', 12, '1000000000000'],
    ['0.001', 2, '0.1'],
    ['12345', -2, '123.45'],
    ['5', -3, '0.005'],
    ['0', 8, '0'],
    ['-2.5', 1, '-25'],
    ['0.1', 1, '1'],
  ])('multiply(%s, %i) = %s', (d, p, want) => {
    expect(multiply(d, p)).toBe(want);
  });

  it('adds and multiplies without float drift', () => {
    expect(addDecimals('0.1', '0.2')).toBe('0.3'); // 0.30000000000000004 in floats
    expect(addDecimals('100000000', '50000000')).toBe('150000000');
    expect(multiplyDecimals('11', '7.1')).toBe('78.1');
    expect(multiplyDecimals('0.07', '100')).toBe('7'); // 7.000000000000001 in floats
    expect(multiplyDecimals('50000000', '7.1234')).toBe('356170000');
    // Far past Number.MAX_SAFE_INTEGER.
    expect(multiply('9007199254740993', 8)).toBe('900719925474099300000000');
    expect(multiplyDecimals('123456789012345678901234567890', '10')).toBe('1234567890123456789012345678900');
  });

  it('formats canonically', () => {
    expect(formatDecimal('20.40')).toBe('20.4');
    expect(formatDecimal('007')).toBe('7');
    expect(formatDecimal('1.000')).toBe('1');
    expect(formatDecimal('-0.0')).toBe('0');
    expect(formatDecimal({ coef: 204n, scale: 1 })).toBe('20.4');
    expect(formatDecimal({ coef: 5n, scale: -3 })).toBe('5000');
    expect(formatDecimal(12n)).toBe('12');
    expect(() => formatDecimal('1e5')).toThrow(RangeError);
    expect(parseDecimal('20.4')).toEqual({ coef: 204n, scale: 1 });
    expect(parseDecimal('1,200')).toBeNull();
  });

  it('compares', () => {
    expect(compareDecimals('5', '30')).toBe(-1);
    expect(compareDecimals('30.0', '30')).toBe(0);
    expect(compareDecimals('0.5', '0.25')).toBe(1);
    expect(compareDecimals('-1', '0.5')).toBe(-1);
    expect(compareDecimals('100000000', '99999999.99')).toBe(1);
  });
});

describe('Arabic numerals', () => {
  it.each([
    ['20.4', '20.4'],
    ['1,200', '1200'],
    ['12,345,678', '12345678'],
    ['0.5', '0.5'],
    ['007', '7'],
    ['２０．４', '20.4'], // full-width
    ['1.1.1', null],
    ['12,34', null],
    ['1,2345', null],
    ['1.', null],
    ['1'.repeat(31), null], // longer than any real number
    ['', null],
  ])('%s → %s', (s, want) => {
    expect(parseArabicNumber(s)).toBe(want);
  });
});

describe('Chinese numerals', () => {
  it.each([
    // The list.
    ['七', '7'],
    ['十', '10'],
    ['七十八', '78'],
    ['一百五十九', '159'],
    ['两', '2'],
    ['三十', '30'],
    ['千', '1000'],
    ['万', '10000'],
    ['亿', '100000000'],
    ['万亿', '1000000000000'],
    // More.
    ['零', '0'],
    ['〇', '0'],
    ['一千二百', '1200'],
    ['十万', '100000'],
    ['三百万', '3000000'],
    ['十五', '15'],
    ['一十五', '15'],
    ['一千零五', '1005'],
    ['两千万', '20000000'],
    ['一亿五千万', '150000000'],
    ['一亿零五百万', '105000000'],
    ['三万亿', '3000000000000'],
    ['百亿', '10000000000'],
    ['千亿', '100000000000'],
    ['一万五', '15000'], // colloquial: 万五 is 5000
    ['三千五', '3500'],
    ['一百五', '150'],
    ['二〇一九', '2019'],
    ['一九九八', '1998'],
    ['三点五', '3.5'],
    ['三点五亿', '350000000'],
    ['二十点四亿', '2040000000'],
    ['壹佰贰拾', '120'],
    ['叁仟万', '30000000'],
    // Not one number.
    ['一一', null],
    ['三五', null],
    ['亿亿', null],
    ['万万', null],
    ['一百百', null],
    ['十百', null],
    ['七点', null],
    ['', null],
    ['一'.repeat(41), null],
  ])('%s → %s', (s, want) => {
    expect(parseChineseNumber(s)).toBe(want);
  });
});

describe('parseNumber: Arabic, Chinese and mixed', () => {
  it.each([
    ['1.5万', '15000'],
    ['3千', '3000'],
    ['3千万', '30000000'],
    ['20.4亿', '2040000000'],
    ['1.2万亿', '1200000000000'],
    ['5百万', '5000000'],
    ['1亿5000万', '150000000'],
    ['二十亿五千万', '2050000000'],
    ['20亿五千万', '2050000000'],
    ['七十八', '78'],
    ['1,200', '1200'],
    ['近三十', null], // an approximation, not an exact number
    ['abc', null],
    ['3个', null],
  ])('%s → %s', (s, want) => {
    expect(parseNumber(s)).toBe(want);
  });
});

function numbers(text: string) {
  return findNumbers(text).map((t) => ({ text: t.text, value: t.value, high: t.high, approx: t.approx }));
}

describe('findNumbers', () => {
  it('finds numbers with their offsets', () => {
    const text = '总投资额达七亿元，预计年产值十亿元，就业岗位约1200个，1.5万平方米';
    const toks = findNumbers(text);
    expect(toks.map((t) => t.text)).toEqual(['七亿', '十亿', '约1200', '1.5万']);
    for (const t of toks) expect(text.slice(t.start, t.end)).toBe(t.text);
    expect(toks.map((t) => t.value)).toEqual(['700000000', '1000000000', '1200', '15000']);
  });

  it.each([
    // word, text, value, approx
    ['近', '已完成投资近三十亿元', '近三十亿', '3000000000', true],
    ['约', '就业岗位约1200个', '约1200', '1200', true],
    ['超', '每周超500吨', '超500', '500', true],
    ['超过', '年产能力超过400万双', '超过400万', '4000000', true],
    ['逾', '总投资逾200亿元', '逾200亿', '20000000000', true],
    ['突破', '销售收入突破1000亿元', '突破1000亿', '100000000000', true],
    ['突破 + bare magnitude', '管理资产规模突破万亿元', '突破万亿', '1000000000000', true],
    ['余 (after)', '整修水利工程4万余处', '4万余', '40000', true],
    ['余 (inside)', '投资20余亿元', '20余亿', '2000000000', true],
    ['多 (inside)', '完成投资300多亿元', '300多亿', '30000000000', true],
    ['多 (Chinese)', '三十多亿元', '三十多亿', '3000000000', true],
    ['几', '十几亿元', '十几亿', '1000000000', true],
    ['以上', '增长500以上', '500以上', '500', true],
    ['左右', '增长8左右', '8左右', '8', true],
    ['达 is not an approximation', '总投资额达68亿元', '68亿', '6800000000', false],
    ['签约 is not 约', '签约5亿元', '5亿', '500000000', false],
    ['plain', '总投资额20.4亿元', '20.4亿', '2040000000', false],
  ])('%s', (_name, text, want, value, approx) => {
    const t = findNumbers(text).find((x) => x.text.includes(want.replace(/^(近|约|超过|超|逾|突破)/, '')));
    expect(t).toBeDefined();
    expect(t!.text).toBe(want);
    expect(t!.value).toBe(value);
    expect(t!.approx).toBe(approx);
  });

  it('reads ranges as the lower bound, the upper bound in high, approximate', () => {
    expect(numbers('投资3-5亿元')).toEqual([{ text: '3-5亿', value: '300000000', high: '500000000', approx: true }]);
    expect(numbers('投资3至5亿元')).toEqual([{ text: '3至5亿', value: '300000000', high: '500000000', approx: true }]);
    expect(numbers('投资三到五亿元')).toEqual([{ text: '三到五亿', value: '300000000', high: '500000000', approx: true }]);
    expect(numbers('投资3亿~5亿元')).toEqual([{ text: '3亿~5亿', value: '300000000', high: '500000000', approx: true }]);
    expect(numbers('投资七八亿元')).toEqual([{ text: '七八亿', value: '700000000', high: '800000000', approx: true }]);
    expect(numbers('500-1000万元')).toEqual([{ text: '500-1000万', value: '5000000', high: '10000000', approx: true }]);
    // Not a range: the lower bound would be above the upper one.
    expect(numbers('2019-5亿').map((t) => t.value)).toEqual(['2019', '500000000']);
  });

  it('keeps bare magnitudes only after an approximation or 达 (unless asked)', () => {
    expect(numbers('创建亿元楼宇，万企帮万村，千亿级产业')).toEqual([]);
    expect(findNumbers('创建亿元楼宇', { includeBare: true }).map((t) => t.value)).toEqual(['100000000']);
    expect(numbers('年产值可达百亿元').map((t) => t.value)).toEqual(['10000000000']);
    expect(numbers('总投资超百亿').map((t) => [t.text, t.value, t.approx])).toEqual([['超百亿', '10000000000', true]]);
    expect(numbers('过亿元').map((t) => [t.text, t.approx])).toEqual([['过亿', true]]);
  });

  it('splits numbers a comma separates, joins 1,200', () => {
    expect(numbers('分别为1930,1065亿元').map((t) => t.value)).toEqual(['1930', '106500000000']);
    expect(numbers('岗位1,200个').map((t) => t.value)).toEqual(['1200']);
  });

  it('marks lone Chinese digits and bare magnitudes', () => {
    const [a] = findNumbers('三元锂电池');
    expect(a?.singleChineseDigit).toBe(true);
    const [b] = findNumbers('突破万亿元');
    expect(b?.bare).toBe(true);
    expect(b?.magnitude).toBe(12);
    const [c] = findNumbers('20.4亿元');
    expect(c).toMatchObject({ bare: false, magnitude: 8, chinese: false, coreStart: 0, coreEnd: 5 });
  });
});

describe('linear time', () => {
  const MB = 1 << 20;
  const fill = (unit: string, chars: number) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);

  it.each([
    ['digits', '1'],
    ['亿亿亿', '亿'],
    ['一一一', '一'],
    ['1.1.1.1', '1.'],
    ['1,1,1,1', '1,'],
    ['brackets', '(【（“《'],
    ['1亿1亿', '1亿'],
    ['3-3-3-', '3-'],
    ['近约超逾', '近约超逾'],
  ])('1 MB of %s in under a second', (_name, unit) => {
    const text = fill(unit, MB);
    const t0 = performance.now();
    findNumbers(text, { includeBare: true });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
