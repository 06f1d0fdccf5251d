import { LineFramer } from '../../../../src/shared/localApi/lineFramer';

describe('LineFramer', () => {
  it('splits frames on newlines across chunks', () => {
    const f = new LineFramer({ maxChars: 100 });
    expect(f.push('{"a":1}\n{"b"')).toEqual({ frames: ['{"a":1}'], oversized: 0 });
    expect(f.buffered).toBe(4);
    expect(f.push(':2}\n\n  \n{"c":3}\n')).toEqual({ frames: ['{"b":2}', '{"c":3}'], oversized: 0 });
    expect(f.buffered).toBe(0);
  });

  it('drops an oversized line without holding it, and goes on with the next', () => {
    const f = new LineFramer({ maxChars: 10 });
    expect(f.push('0123456')).toEqual({ frames: [], oversized: 0 });
    expect(f.push('789abc')).toEqual({ frames: [], oversized: 1 });
    expect(f.buffered).toBe(0);
    expect(f.push('x'.repeat(1000))).toEqual({ frames: [], oversized: 0 });
    expect(f.buffered).toBe(0);
    expect(f.push('yyy\nok\n')).toEqual({ frames: ['ok'], oversized: 0 });
  });

  it('counts each oversized line once, within one chunk too', () => {
    const f = new LineFramer({ maxChars: 3 });
    expect(f.push('toolong\nab\nwaytoolong\ncd\n')).toEqual({ frames: ['ab', 'cd'], oversized: 2 });
  });

  it('keeps a line of exactly the limit', () => {
    expect(new LineFramer({ maxChars: 3 }).push('abc\n').frames).toEqual(['abc']);
  });
});
