import { dummyPasswordHash, hashPassword, verifyPassword } from '../../../../src/server/domain/passwordHash';

describe('passwordHash', () => {
  it('verifies a password against its own hash and no other', async () => {
    const hash = await hashPassword('correct horse battery', { N: 1024 });
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('keeps its cost parameters and a random salt in the hash string', async () => {
    const a = await hashPassword('same password', { N: 2048, r: 8, p: 1 });
    const b = await hashPassword('same password', { N: 2048, r: 8, p: 1 });
    expect(a).toMatch(/^scrypt\$2048\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', b)).toBe(true);
  });

  it('uses N = 2^14 by default and verifies in well under a second', async () => {
    const hash = await hashPassword('default cost password');
    expect(hash.startsWith('scrypt$16384$8$1$')).toBe(true);
    const started = process.hrtime.bigint();
    expect(await verifyPassword('default cost password', hash)).toBe(true);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });

  it('treats NFC and NFD spellings of a password as the same', async () => {
    const hash = await hashPassword('kat\u00e9sandi', { N: 1024 });
    expect(await verifyPassword('kate\u0301sandi', hash)).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['another format', '$2b$10$abcdefghijklmnopqrstuv'],
    ['a cost too high to compute', `scrypt$${2 ** 24}$8$1$AAAAAAAAAAAAAAAAAAAAAA$${'A'.repeat(43)}`],
    ['N not a power of two', `scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$${'A'.repeat(43)}`],
  ])('never matches (and never throws on) %s', async (_what, stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false);
  });

  it('makes dummy hashes of the same shape as real ones', async () => {
    expect(await dummyPasswordHash({ N: 1024 })).toMatch(/^scrypt\$1024\$8\$1\$/);
  });
});
