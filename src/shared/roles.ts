/** Staff and user roles, named as the SOP names them (Pegawai, Ketua Tim, Admin / PJK TI, Teknisi). */
export const Roles = ['admin', 'technician', 'team_lead', 'employee'] as const;
export type Role = (typeof Roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (Roles as readonly string[]).includes(value);
}
