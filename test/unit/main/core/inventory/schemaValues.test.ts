import {
  bool,
  compact,
  compareText,
  dmiText,
  int,
  num,
  text,
  truncate,
} from '../../../../../src/main/core/inventory/schemaValues';

describe('text', () => {
  it('trims, and makes empty or dash-only values undefined', () => {
    expect(text('  Lenovo  ')).toBe('Lenovo');
    expect(text('')).toBeUndefined();
    expect(text(' - ')).toBeUndefined();
    expect(text(null)).toBeUndefined();
    expect(text(42)).toBe('42');
  });

  it('cuts to the maximum length', () => {
    expect(text('x'.repeat(600))).toHaveLength(512);
    expect(text('abcdef', 3)).toBe('abc');
  });

  it('removes control characters that firmware and registries leave in strings', () => {
    expect(text('ABC\u0000\u0001DEF')).toBe('ABCDEF');
    expect(text('two\r\nlines\tand a tab')).toBe('two lines and a tab');
  });
});

describe('truncate', () => {
  it('never leaves half of a surrogate pair at the end', () => {
    expect(truncate('ab😀', 3)).toBe('ab');
    expect(truncate('ab😀', 4)).toBe('ab😀');
  });
});

describe('dmiText', () => {
  it('drops the placeholders vendors leave in DMI fields', () => {
    expect(dmiText('To Be Filled By O.E.M.')).toBeUndefined();
    expect(dmiText('Default string')).toBeUndefined();
    expect(dmiText('03000200-0400-0500-0006-000700080009')).toBeUndefined();
    expect(dmiText('PF3ABC12')).toBe('PF3ABC12');
  });
});

describe('int and num', () => {
  it('round to integers and drop unknowns and negative sentinels', () => {
    expect(int(12.6)).toBe(13);
    expect(int('2048')).toBe(2048);
    expect(int(-1)).toBeUndefined();
    expect(int(null)).toBeUndefined();
    expect(int(Number.NaN)).toBeUndefined();
    expect(num(2.5)).toBe(2.5);
    expect(num(-1)).toBeUndefined();
    expect(num('')).toBeUndefined();
  });
});

describe('bool', () => {
  it('keeps real booleans only', () => {
    expect(bool(true)).toBe(true);
    expect(bool(null)).toBeUndefined();
  });
});

describe('compact', () => {
  it('drops undefined keys and keeps the order of the others', () => {
    expect(Object.keys(compact({ a: 1, b: undefined, c: false, d: 0 }))).toEqual(['a', 'c', 'd']);
  });
});

describe('compareText', () => {
  it('orders case-insensitively, then by exact text, whatever the locale', () => {
    expect(['b', 'B', 'a', 'C'].sort(compareText)).toEqual(['a', 'B', 'b', 'C']);
  });
});
