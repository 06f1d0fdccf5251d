/**
 * NIP (Nomor Induk Pegawai) of a civil servant: 18 digits — date of birth (yyyymmdd), date of appointment (yyyymm),
 * sex (1 or 2), serial (3 digits). Spaces as printed on documents ("19660825 198802 1 001") are accepted and removed.
 */
export type NipCheck = { ok: true; nip: string } | { ok: false; reason: { id: string; en: string } };

export function normalizeNip(input: string): NipCheck {
  const nip = input.replace(/\s+/g, '');
  if (!/^\d{18}$/.test(nip)) return fail('NIP harus 18 digit angka', 'a NIP has exactly 18 digits');
  const year = Number(nip.slice(0, 4));
  const month = Number(nip.slice(4, 6));
  const day = Number(nip.slice(6, 8));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) {
    return fail('8 digit pertama NIP bukan tanggal lahir yang sah', 'the first 8 digits of a NIP are not a valid date of birth');
  }
  const apptYear = Number(nip.slice(8, 12));
  const apptMonth = Number(nip.slice(12, 14));
  if (apptYear < year + 15 || apptMonth < 1 || apptMonth > 12) {
    return fail('digit 9–14 NIP bukan bulan pengangkatan yang sah', 'digits 9–14 of a NIP are not a valid month of appointment');
  }
  if (nip[14] !== '1' && nip[14] !== '2') return fail('digit ke-15 NIP harus 1 atau 2', 'digit 15 of a NIP must be 1 or 2');
  return { ok: true, nip };
}

function fail(id: string, en: string): NipCheck {
  return { ok: false, reason: { id, en } };
}
