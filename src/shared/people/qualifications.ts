/**
 * Who may act as Teknisi: the SOP's *kualifikasi pelaksana* — (1) at least SLTA, or a D3/S1 outside computing, with
 * Junior Technical Support (Teknisi Dukungan Muda) competence; (2) a D3 or S1 in computing. Tasks are allocated only
 * to technicians with one of these recorded.
 */
export const Qualifications = {
  junior_technical_support: {
    id: 'Pendidikan minimal SLTA, D3/S1 non komputer, menguasai kemampuan Teknisi Dukungan Muda (Junior Technical Support)',
    en: 'At least upper secondary school, or a non-computing D3/S1, with Junior Technical Support competence',
  },
  computing_degree: { id: 'D3 atau S1 Komputer', en: 'D3 or S1 in computing' },
} as const;

export type Qualification = keyof typeof Qualifications;

export function isQualification(value: unknown): value is Qualification {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(Qualifications, value);
}
