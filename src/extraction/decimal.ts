// Exact decimal arithmetic on strings and bigint-scaled integers: never a float.

// ---------------------------------------------------------------------------------------------
// Exact decimal arithmetic

export interface DecimalParts {
  /** Unscaled integer: value = coef / 10^scale. */
  readonly coef: bigint;
  readonly scale: number;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;
/** Already canonical: no leading zeros, no trailing fractional zeros, not "-0". */
const CANONICAL = /^(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/** "20.4" → {coef: 204n, scale: 1}; null for anything but a plain ASCII decimal. */
export function parseDecimal(s: string): DecimalParts | null {
  if (s.length > 400) return null;
  const m = DECIMAL.exec(s);
  if (!m) return null;
  const frac = m[3] ?? '';
  const coef = BigInt((m[2] ?? '0') + frac);
  return { coef: m[1] ? -coef : coef, scale: frac.length };
}

export function toParts(x: DecimalParts | bigint | string): DecimalParts {
  if (typeof x === 'bigint') return { coef: x, scale: 0 };
  if (typeof x === 'string') {
    const p = parseDecimal(x);
    if (!p) throw new RangeError(`not a decimal: ${x.slice(0, 40)}`);
    return p;
  }
  return x;
}

/** The canonical decimal string: no exponent, no trailing fractional zeros, "-0" → "0". */
export function formatDecimal(x: DecimalParts | bigint | string): string {
  if (typeof x === 'string' && CANONICAL.test(x)) return x;
  let { coef, scale } = toParts(x);
  if (scale < 0) {
    coef *= 10n ** BigInt(-scale);
    scale = 0;
  }
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale--;
  }
  const neg = coef < 0n;
  let digits = (neg ? -coef : coef).toString();
  if (scale === 0) return (neg ? '-' : '') + digits;
  digits = digits.padStart(scale + 1, '0');
  return (neg ? '-' : '') + digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
}

/** decimal × 10^power10, exactly, by moving the decimal point: multiply("20.4", 8) → "2040000000". */
export function multiply(decimal: string, power10: number): string {
  const m = DECIMAL.exec(decimal);
  if (!m || decimal.length > 400) throw new RangeError(`not a decimal: ${decimal.slice(0, 40)}`);
  const int = m[2] ?? '0';
  const frac = m[3] ?? '';
  const digits = int + frac;
  const point = int.length + power10;
  let i: string;
  let f: string;
  if (point >= digits.length) {
    i = digits + '0'.repeat(point - digits.length);
    f = '';
  } else if (point <= 0) {
    i = '0';
    f = '0'.repeat(-point) + digits;
  } else {
    i = digits.slice(0, point);
    f = digits.slice(point);
  }
  let a = 0;
  while (a < i.length - 1 && i.charCodeAt(a) === 48) a++;
  let b = f.length;
  while (b > 0 && f.charCodeAt(b - 1) === 48) b--;
  i = i.slice(a);
  f = f.slice(0, b);
  const neg = m[1] !== undefined && (i !== '0' || f !== '');
  return (neg ? '-' : '') + i + (f ? '.' + f : '');
}

/** a × b, exactly: multiplyDecimals("11", "7.1") → "78.1". */
export function multiplyDecimals(a: string, b: string): string {
  const x = toParts(a);
  const y = toParts(b);
  return formatDecimal({ coef: x.coef * y.coef, scale: x.scale + y.scale });
}

function align(a: string, b: string): [bigint, bigint, number] {
  const x = toParts(a);
  const y = toParts(b);
  const scale = Math.max(x.scale, y.scale);
  return [x.coef * 10n ** BigInt(scale - x.scale), y.coef * 10n ** BigInt(scale - y.scale), scale];
}

/** a + b, exactly. */
export function addDecimals(a: string, b: string): string {
  const [x, y, scale] = align(a, b);
  return formatDecimal({ coef: x + y, scale });
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const x = formatDecimal(a);
  const y = formatDecimal(b);
  if (x === y) return 0;
  if (x.startsWith('-') || y.startsWith('-')) {
    const [p, q] = align(x, y);
    return p < q ? -1 : 1;
  }
  // Both canonical and non-negative: compare integer lengths, then digit by digit.
  const xi = x.indexOf('.') === -1 ? x.length : x.indexOf('.');
  const yi = y.indexOf('.') === -1 ? y.length : y.indexOf('.');
  if (xi !== yi) return xi < yi ? -1 : 1;
  return x < y ? -1 : 1;
}
