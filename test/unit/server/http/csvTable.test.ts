import { csvCell, csvDecimal, csvTable } from '../../../../src/server/http/csvTable';

describe('csvCell', () => {
  it('leaves plain text and numbers as they are, and null empty', () => {
    expect(csvCell('Proses instalasi', ';')).toBe('Proses instalasi');
    expect(csvCell(42, ';')).toBe('42');
    expect(csvCell(null, ';')).toBe('');
  });

  it('quotes cells holding the separator, a quote or a line break, doubling quotes (RFC 4180)', () => {
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell('a,b', ';')).toBe('a,b');
    expect(csvCell('a,b', ',')).toBe('"a,b"');
    expect(csvCell('say "hi"', ';')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines', ';')).toBe('"two\r\nlines"');
    expect(csvCell('one\nline', ';')).toBe('"one\nline"');
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\r=1'])('defuses %j so no spreadsheet runs it as a formula', (text) => {
    const cell = csvCell(text, ',');
    expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('keeps a defused cell quoted when it needs quotes', () => {
    expect(csvCell('=HYPERLINK("x";"y")', ';')).toBe(`"'=HYPERLINK(""x"";""y"")"`);
  });
});

describe('csvTable', () => {
  it('starts with a BOM and ends every row with CRLF', () => {
    expect(csvTable([['a', 1], ['b', null]], ';')).toBe('\ufeffa;1\r\nb;\r\n');
  });
});

describe('csvDecimal', () => {
  it('writes a decimal comma with ; and a decimal point with ,', () => {
    expect(csvDecimal(25.5, ';')).toBe('25,50');
    expect(csvDecimal(25.5, ',')).toBe('25.50');
    expect(csvDecimal(null, ';')).toBeNull();
    expect(csvDecimal(1234.567, ';', 1)).toBe('1234,6');
  });
});
