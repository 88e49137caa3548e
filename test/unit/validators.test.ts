import { describe, expect, it } from 'vitest';
import {
  checkContact,
  checkEmail,
  checkMobile,
  checkUscc,
  isEmail,
  isMainlandMobile,
  normalizeEmail,
  normalizeLandline,
  normalizeMobile,
  USCC_ALPHABET,
  usccCheckChar,
} from '../../src/forms/validators.js';

// An independent reading of GB 32100-2015 §4.3, written out from the standard's table so the
// test does not just compare the implementation with itself.
const CHARSET: Record<string, number> = {};
'0123456789ABCDEFGHJKLMNPQRTUWXY'.split('').forEach((c, i) => (CHARSET[c] = i));
function referenceCheckChar(first17: string): string {
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET[first17[i]!]! * w[i]!;
  const c18 = 31 - (sum % 31);
  const v = c18 === 31 ? 0 : c18;
  return Object.keys(CHARSET).find((k) => CHARSET[k] === v)!;
}

// Real codes (published on the national enterprise credit system) whose check character the
// reference calculation confirms.
const REAL = [
  '91350100M000100Y43',
  '91110000600037341L',
  '914403001922038216',
  '91440300708461136T',
  '91110000802100433B',
  '91110108551385082Q',
  '91330100716105852F',
];
// Constructed: a body plus the computed check character, covering other registration
// authorities, Hunan divisions and letter / zero check characters.
const BODIES = [
  '91430100MA4L00001',
  '92430702MA4PQ7R3X',
  '11430000006093857',
  '12430000444880312',
  '51430100MJJ000001',
  '52430000MJJ000033',
  'N2430121MF1234567',
  'Y1430100MC0000000',
  'A1100000MB0000001',
  '31430000MD0000000',
];
const CONSTRUCTED = BODIES.map((b) => b + referenceCheckChar(b));
const VALID = [...REAL, ...CONSTRUCTED];

describe('统一社会信用代码', () => {
  it('the reference calculation agrees with the real codes and with usccCheckChar', () => {
    for (const code of REAL) expect(referenceCheckChar(code.slice(0, 17)), code).toBe(code[17]);
    for (const code of VALID) expect(usccCheckChar(code.slice(0, 17)), code).toBe(code[17]);
    expect(BODIES.every((b) => b.length === 17)).toBe(true);
    // Both digit and letter check characters occur.
    expect(VALID.some((c) => /[0-9]$/.test(c))).toBe(true);
    expect(VALID.some((c) => /[A-Y]$/.test(c))).toBe(true);
  });

  it('maps a sum divisible by 31 to check character 0', () => {
    // 17 zeros: sum 0 → 31 - 0 = 31 → 0.
    expect(usccCheckChar('0'.repeat(17))).toBe('0');
    // Find a body with a letter prefix whose sum is ≡ 0 (mod 31) and check it round-trips.
    let found = '';
    for (const c of USCC_ALPHABET) {
      const body = `91430100MA4L0000${c}`;
      if (referenceCheckChar(body) === '0') found = body;
    }
    expect(found).not.toBe('');
    expect(usccCheckChar(found)).toBe('0');
    expect(checkUscc(found + '0')).toEqual({ ok: true, value: found + '0' });
  });

  it.each(VALID)('accepts %s', (code) => {
    expect(checkUscc(code)).toEqual({ ok: true, value: code });
  });

  it('rejects every single-character change of every valid code', () => {
    let tried = 0;
    for (const code of VALID) {
      for (let i = 0; i < 18; i++) {
        for (const c of USCC_ALPHABET) {
          if (c === code[i]) continue;
          const changed = code.slice(0, i) + c + code.slice(i + 1);
          const r = checkUscc(changed);
          if (r.ok) throw new Error(`${changed} (position ${i + 1} of ${code}) was accepted`);
          tried++;
        }
      }
    }
    expect(tried).toBe(VALID.length * 18 * 30);
  });

  it('rejects two neighbouring characters swapped (when they differ)', () => {
    for (const code of VALID) {
      for (let i = 0; i < 17; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(checkUscc(swapped).ok, swapped).toBe(false);
      }
    }
  });

  it('accepts lower case, surrounding spaces and full-width input, and returns the normal form', () => {
    expect(checkUscc('91350100m000100y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(checkUscc('  91110000600037341l\n')).toEqual({ ok: true, value: '91110000600037341L' });
    const fullWidth = '９１３５０１００Ｍ０００１００Ｙ４３';
    expect(checkUscc(fullWidth)).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(checkUscc('９１３５０１００ｍ０００１００ｙ４３')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(checkUscc('\u300091350100M000100Y43\u3000')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it('says when it is empty', () => {
    expect(checkUscc('')).toEqual({ ok: false, message: '请填写统一社会信用代码' });
    expect(checkUscc('   ')).toEqual({ ok: false, message: '请填写统一社会信用代码' });
  });

  it.each([
    ['91350100M000100Y4', 17],
    ['91350100M000100Y433', 19],
    ['9135 0100 M000 100Y 43', 22],
    ['430100', 6],
  ])('says the length is wrong: %s', (input, n) => {
    expect(checkUscc(input)).toEqual({ ok: false, message: `应为 18 位，现在是 ${n} 位` });
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkUscc('91350100M000100Y4😀')).toEqual({
      ok: false,
      message: '第 18 位的 “😀” 不是允许的字符（只能是数字和大写英文字母，不使用 I、O、Z、S、V）',
    });
  });

  it.each([
    ['9135I100M000100Y43', '第 5 位的 “I” 不是允许的字符（不使用 I、O、Z、S、V）'],
    ['9135i100M000100Y43', '第 5 位的 “I” 不是允许的字符（不使用 I、O、Z、S、V）'],
    ['91350100M0O0100Y43', '第 11 位的 “O” 不是允许的字符（不使用 I、O、Z、S、V）'],
    ['Z1350100M000100Y43', '第 1 位的 “Z” 不是允许的字符（不使用 I、O、Z、S、V）'],
    ['91350100M000100YS3', '第 17 位的 “S” 不是允许的字符（不使用 I、O、Z、S、V）'],
    ['91350100M000100V43', '第 16 位的 “V” 不是允许的字符（不使用 I、O、Z、S、V）'],
    ['91350100-000100Y43', '第 9 位的 “-” 不是允许的字符（只能是数字和大写英文字母，不使用 I、O、Z、S、V）'],
    ['913501 0M000100Y43', '第 7 位的 空格 不是允许的字符（只能是数字和大写英文字母，不使用 I、O、Z、S、V）'],
    ['91350100M中00100Y43', '第 10 位的 “中” 不是允许的字符（只能是数字和大写英文字母，不使用 I、O、Z、S、V）'],
    // The first bad character is named, even if more follow.
    ['9135O100M0I0100Y43', '第 5 位的 “O” 不是允许的字符（不使用 I、O、Z、S、V）'],
  ])('names the first character that is not allowed: %s', (input, message) => {
    expect(checkUscc(input)).toEqual({ ok: false, message });
  });

  it('checks the registration authority (position 1)', () => {
    for (const first of ['0', 'B', 'C', 'M', 'X']) {
      const body = `${first}1350100M000100Y4`;
      const code = body + usccCheckChar(body);
      expect(checkUscc(code)).toEqual({
        ok: false,
        message: `第 1 位（登记管理部门代码）应为 1–9、A、N 或 Y，现在是 “${first}”`,
      });
    }
    for (const first of '123456789ANY') {
      const body = `${first}1350100M000100Y4`;
      expect(checkUscc(body + usccCheckChar(body)).ok, first).toBe(true);
    }
  });

  it('checks the administrative division code (positions 3–8)', () => {
    const body = '9135A100M000100Y4';
    expect(checkUscc(body + usccCheckChar(body))).toEqual({
      ok: false,
      message: '第 3–8 位是行政区划代码，应为 6 位数字，第 5 位的 “A” 不是数字',
    });
    const body2 = '913501H0M000100Y4';
    expect(checkUscc(body2 + usccCheckChar(body2))).toEqual({
      ok: false,
      message: '第 3–8 位是行政区划代码，应为 6 位数字，第 7 位的 “H” 不是数字',
    });
  });

  it('says which check character was expected', () => {
    expect(checkUscc('91350100M000100Y44')).toEqual({
      ok: false,
      message: '校验位（第 18 位）应为 3，现在是 4，请核对是否抄错',
    });
    expect(checkUscc('91110000600037341K')).toEqual({
      ok: false,
      message: '校验位（第 18 位）应为 L，现在是 K，请核对是否抄错',
    });
  });

  it('checks in order: length, characters, position 1, positions 3–8, check character', () => {
    // Too short and a bad character: the length is reported.
    expect(checkUscc('9135I100M000100Y4')).toMatchObject({ message: '应为 18 位，现在是 17 位' });
    // Bad character and bad position 1: the character.
    expect(checkUscc('0135I100M000100Y43')).toMatchObject({ message: expect.stringContaining('第 5 位的 “I”') });
    // Bad position 1 and a letter in the division code: position 1.
    expect(checkUscc('B135A100M000100Y43')).toMatchObject({ message: expect.stringContaining('第 1 位') });
    // A letter in the division code and a wrong check character: the division code.
    expect(checkUscc('9135A100M000100Y43')).toMatchObject({ message: expect.stringContaining('行政区划代码') });
  });

  it('usccCheckChar refuses input that is not 17 allowed characters', () => {
    expect(() => usccCheckChar('9135010')).toThrow(RangeError);
    expect(() => usccCheckChar('91350100M000100I4')).toThrow(RangeError);
    expect(() => usccCheckChar('91350100m000100Y4')).toThrow(RangeError);
  });
});

describe('mainland mobile numbers', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['19912345678', '19912345678'],
    ['16612345678', '16612345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['86-138-1234-5678', '13812345678'],
    ['  13812345678  ', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
  ])('accepts %s', (input, normal) => {
    expect(isMainlandMobile(input)).toBe(true);
    expect(normalizeMobile(input)).toBe(normal);
    expect(checkMobile(input)).toEqual({ ok: true, value: normal });
  });

  it.each([
    '',
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '12812345678', // 12x is not a mobile prefix
    '10812345678',
    '23812345678',
    '0731-88888888',
    '+8713812345678',
    '+86 0138 1234 5678',
    '138.1234.5678',
    '1381234567a',
    '138 1234 5678 转 1',
  ])('rejects %j', (input) => {
    expect(isMainlandMobile(input)).toBe(false);
    expect(normalizeMobile(input)).toBeNull();
    expect(checkMobile(input).ok).toBe(false);
  });

  it('says what is wrong', () => {
    expect(checkMobile('')).toEqual({ ok: false, message: '请填写手机号码' });
    expect(checkMobile('1381234567')).toEqual({ ok: false, message: '手机号码应为 11 位，现在是 10 位' });
    expect(checkMobile('12812345678')).toEqual({
      ok: false,
      message: '手机号码格式不对，应为以 13–19 开头的 11 位数字，例如 13812345678',
    });
  });
});

describe('landline numbers', () => {
  it.each([
    ['0731-88888888', '0731-88888888'],
    ['073188888888', '0731-88888888'],
    ['0731 8888 8888', '0731-88888888'],
    ['(0731)88888888', '0731-88888888'],
    ['（0731）88888888', '0731-88888888'],
    ['010-62345678', '010-62345678'],
    ['02087654321', '020-87654321'],
    ['0743-8234567', '0743-8234567'], // 7-digit local number
    ['+86 731 88888888', '0731-88888888'],
    ['0731-88888888转123', '0731-88888888转123'],
    ['0731-88888888 ext. 8', '0731-88888888转8'],
    ['400-800-8888', '400-8008888'],
  ])('accepts %s', (input, normal) => {
    expect(normalizeLandline(input)).toBe(normal);
  });

  it.each(['0731-0888888', '0731-1888888', '0731-888888', '0731-888888888', '010-2345678', '731-88888888', '88888888'])(
    'rejects %s',
    (input) => {
      expect(normalizeLandline(input)).toBeNull();
    },
  );
});

/** local@bbb….ccc….ddd….eee….cn, `n` characters in all (domain labels of 60, under the 63 limit). */
function emailOfLength(n: number): string {
  const domain = ['b', 'c', 'd', 'e'].map((c) => c.repeat(60)).join('.') + '.cn';
  return `${'a'.repeat(n - 1 - domain.length)}@${domain}`;
}

describe('e-mail', () => {
  it.each([
    ['zhang@example.com', 'zhang@example.com'],
    ['Zhang.San@Example.COM', 'Zhang.San@example.com'],
    ['  li+news@mail.hunan.gov.cn ', 'li+news@mail.hunan.gov.cn'],
    ['wang_wu-1@sub-domain.example.org', 'wang_wu-1@sub-domain.example.org'],
    ['zhao＠example.com', 'zhao@example.com'], // full-width @ from a Chinese input method
    ['ｚｈａｏ@ＱＱ.ＣＯＭ', 'zhao@qq.com'],
    ['12345678@qq.com', '12345678@qq.com'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['招商@例子.中国', '招商@例子.中国'],
  ])('accepts %s', (input, normal) => {
    expect(isEmail(input)).toBe(true);
    expect(normalizeEmail(input)).toBe(normal);
    expect(checkEmail(input)).toEqual({ ok: true, value: normal });
  });

  it.each([
    '',
    'zhang',
    'zhang@',
    '@example.com',
    'zhang@example',
    'zhang@@example.com',
    'zhang@li@example.com',
    'zhang san@example.com',
    'zhang@exa mple.com',
    'zhang@example..com',
    'zhang@.example.com',
    'zhang@example.com.',
    'zhang@-example.com',
    '.zhang@example.com',
    'zhang..san@example.com',
    'zhang@127.0.0.1',
    'zhang@example.com\r\nBcc: x@example.com',
    '<zhang@example.com>',
    'zhang@example.com,li@example.com',
    `${'a'.repeat(65)}@example.com`,
    emailOfLength(255),
  ])('rejects %j', (input) => {
    expect(isEmail(input)).toBe(false);
    expect(normalizeEmail(input)).toBeNull();
    expect(checkEmail(input).ok).toBe(false);
  });

  it('allows up to 254 characters', () => {
    const address = emailOfLength(254);
    expect(address.length).toBe(254);
    expect(isEmail(address)).toBe(true);
    expect(emailOfLength(255).length).toBe(255);
  });

  it('says what is wrong', () => {
    expect(checkEmail(' ')).toEqual({ ok: false, message: '请填写电子邮箱' });
    expect(checkEmail('zhang@example')).toEqual({ ok: false, message: '电子邮箱格式不对，例如 name@example.com' });
  });
});

describe('contact: phone or e-mail', () => {
  it.each([
    ['13812345678', 'phone', '13812345678'],
    ['+86 138-1234-5678', 'phone', '13812345678'],
    ['0731-88888888', 'phone', '0731-88888888'],
    ['073188888888', 'phone', '0731-88888888'],
    ['0731-88888888转6', 'phone', '0731-88888888转6'],
    ['Zhang@Example.com', 'email', 'Zhang@example.com'],
    ['zhang＠example.com', 'email', 'zhang@example.com'],
  ] as const)('accepts %s as %s', (input, kind, value) => {
    expect(checkContact(input)).toEqual({ ok: true, kind, value });
  });

  it.each([
    ['', '请填写手机号码、座机号码或电子邮箱'],
    ['   ', '请填写手机号码、座机号码或电子邮箱'],
    ['张先生', '请填写手机号码、座机号码或电子邮箱'],
    ['微信 zhang123', '请填写手机号码、座机号码或电子邮箱'],
    ['<script>alert(1)</script>', '请填写手机号码、座机号码或电子邮箱'],
    ['zhang@example', '电子邮箱格式不对，例如 name@example.com'],
    ['zhang @example.com', '电子邮箱格式不对，例如 name@example.com'],
    [
      '1381234567',
      '电话号码格式不对：手机号码为 11 位（例如 13812345678），座机号码请带区号（例如 0731-88888888）',
    ],
    [
      '88888888',
      '电话号码格式不对：手机号码为 11 位（例如 13812345678），座机号码请带区号（例如 0731-88888888）',
    ],
  ])('rejects %j', (input, message) => {
    expect(checkContact(input)).toEqual({ ok: false, message });
  });
});
