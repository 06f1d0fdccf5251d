import { formatWorkOrderNumber, validateWorkOrderFormat } from '../../../../../src/server/domain/tickets/workOrderNumber';

describe('work-order numbers', () => {
  const values = { seq: 7, officeCode: '17000', year: 2026, month: 3 };

  it('follow the default format {seq}/{officeCode}/{year}', () => {
    expect(formatWorkOrderNumber('{seq}/{officeCode}/{year}', values)).toBe('7/17000/2026');
  });

  it('pad the running number and the month when asked', () => {
    expect(formatWorkOrderNumber('PK-{seq:4}/{officeCode}/{month}/{year}', values)).toBe('PK-0007/17000/03/2026');
  });

  it('refuse a format without {seq} or with an unknown placeholder', () => {
    expect(() => validateWorkOrderFormat('{officeCode}/{year}')).toThrow(/needs \{seq\}/);
    expect(() => validateWorkOrderFormat('{seq}/{kantor}')).toThrow(/unknown placeholder \{kantor\}/);
    expect(() => validateWorkOrderFormat('{seq:3}/{officeCode}/{month}/{year}')).not.toThrow();
  });
});
