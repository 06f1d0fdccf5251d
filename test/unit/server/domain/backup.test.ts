import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackup, libpqEnvironment } from '../../../../src/server/domain/backup';
import { ErrorCodes } from '../../../../src/shared/errors';

describe('libpqEnvironment', () => {
  it('moves every part of the URL, the password too, into libpq variables (never argv)', () => {
    expect(libpqEnvironment('postgres://pasang:s%40cret%3A1@db.kantor.test:6543/pasang_prod?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem')).toEqual({
      PGHOST: 'db.kantor.test',
      PGPORT: '6543',
      PGUSER: 'pasang',
      PGPASSWORD: 's@cret:1',
      PGDATABASE: 'pasang_prod',
      PGSSLMODE: 'verify-full',
      PGSSLROOTCERT: '/etc/ca.pem',
    });
  });

  it('takes an IPv6 host and a socket directory given as host=', () => {
    expect(libpqEnvironment('postgresql://postgres@[::1]/x')).toMatchObject({ PGHOST: '::1', PGUSER: 'postgres', PGDATABASE: 'x' });
    expect(libpqEnvironment('postgres:///x?host=%2Fvar%2Frun%2Fpostgresql')).toEqual({ PGHOST: '/var/run/postgresql', PGDATABASE: 'x' });
  });

  it('refuses a parameter it does not know rather than dropping it silently', () => {
    expect(() => libpqEnvironment('postgres://h/x?options=-c%20search_path%3Devil')).toThrow(expect.objectContaining({ code: ErrorCodes.BACKUP_FAILED, message: expect.stringContaining('"options"') }));
  });
});

describe('createBackup (PostgreSQL)', () => {
  it('says clearly when pg_dump is not installed, and leaves no file behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-backup-'));
    try {
      const out = path.join(dir, 'b.pgdump');
      await expect(
        createBackup({ database: { dialect: 'postgres' } as never, url: 'postgres://u:p@127.0.0.1/x', out, pgDump: path.join(dir, 'no-such-pg_dump') }),
      ).rejects.toMatchObject({ code: ErrorCodes.BACKUP_FAILED, message: expect.stringContaining('was not found: install the PostgreSQL client tools') });
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
