import {
  base32Decode,
  base32Encode,
  hotp,
  matchTotp,
  newTotpSecret,
  totpCode,
  totpUri,
} from '../../../../src/server/domain/totp';

/** RFC 6238 appendix B uses the ASCII key "12345678901234567890" for SHA-1; its codes are 8 digits. */
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));

describe('totp', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('gives the RFC 6238 test vector at T = %i s', (t, code) => {
    expect(totpCode(RFC_SECRET, t * 1000, { digits: 8 })).toBe(code);
  });

  it('gives the RFC 4226 HOTP test values (6 digits)', () => {
    const key = Buffer.from('12345678901234567890', 'ascii');
    expect([0, 1, 2, 3, 9].map((c) => hotp(key, c))).toEqual(['755224', '287082', '359152', '969429', '520489']);
  });

  it('round-trips base32 and ignores case, spaces and padding', () => {
    const bytes = Buffer.from('any bytes at all \u0000\u00ff', 'latin1');
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    expect(base32Decode('mzxw 6ytb oi======')).toEqual(Buffer.from('foobar'));
    expect(base32Decode('not base32!')).toBeNull();
  });

  it('accepts a code one step either side of now and names its step, but not two steps away', () => {
    const secret = newTotpSecret();
    const now = Date.parse('2026-12-01T08:00:10Z');
    const step = Math.floor(now / 30000);
    expect(matchTotp(secret, totpCode(secret, now), now)).toBe(step);
    expect(matchTotp(secret, totpCode(secret, now - 30000), now)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(secret, now + 30000), now)).toBe(step + 1);
    expect(matchTotp(secret, totpCode(secret, now - 60000), now)).toBeNull();
  });

  it('refuses codes of the wrong shape', () => {
    const secret = newTotpSecret();
    expect(matchTotp(secret, '12345', 0)).toBeNull();
    expect(matchTotp(secret, '12345a', 0)).toBeNull();
  });

  it('makes 160-bit secrets and an otpauth URI authenticators read', () => {
    const secret = newTotpSecret();
    expect(base32Decode(secret)).toHaveLength(20);
    const uri = new URL(totpUri(secret, 'budi.santoso'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.pathname).toContain('Pasang:budi.santoso');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('period')).toBe('30');
  });
});
