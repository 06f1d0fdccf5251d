/** The users and teams page's words, in both languages; role names as the SOP names them. */
import type { Role } from '../../../../shared/roles';

export const RoleText: Record<Role, { id: string; en: string }> = {
  admin: { id: 'Admin / PJK TI', en: 'Admin / IT officer' },
  technician: { id: 'Teknisi', en: 'Technician' },
  team_lead: { id: 'Ketua Tim', en: 'Team lead' },
  employee: { id: 'Pegawai', en: 'Employee' },
};

export const UsersText = {
  title: { id: 'Pengguna, tim, dan peran', en: 'Users, teams and roles' },
  users: { id: 'Pengguna', en: 'Users' },
  search: { id: 'Cari nama, username, NIP', en: 'Search name, username, NIP' },
  anyRole: { id: 'Semua peran', en: 'Any role' },
  role: { id: 'Peran', en: 'Role' },
  roles: { id: 'Peran', en: 'Roles' },
  username: { id: 'Username', en: 'Username' },
  displayName: { id: 'Nama', en: 'Name' },
  nip: { id: 'NIP', en: 'NIP' },
  email: { id: 'Surel', en: 'E-mail' },
  team: { id: 'Tim', en: 'Team' },
  noTeam: { id: '— tanpa tim —', en: '— no team —' },
  qualification: { id: 'Kualifikasi teknisi', en: 'Technician qualification' },
  noQualification: { id: '— tidak ada —', en: '— none —' },
  password: { id: 'Kata sandi awal (kosong: tanpa login konsol)', en: 'Initial password (empty: no console login)' },
  status: { id: 'Status', en: 'Status' },
  active: { id: 'Aktif', en: 'Active' },
  disabled: { id: 'Nonaktif', en: 'Disabled' },
  showDisabled: { id: 'Tampilkan yang nonaktif', en: 'Show disabled' },
  create: { id: 'Tambah pengguna', en: 'Add user' },
  edit: { id: 'Ubah', en: 'Edit' },
  editTitle: { id: 'Ubah pengguna', en: 'Edit user' },
  save: { id: 'Simpan', en: 'Save' },
  disable: { id: 'Nonaktifkan', en: 'Disable' },
  enable: { id: 'Aktifkan', en: 'Enable' },
  created: { id: 'Pengguna ditambahkan.', en: 'User added.' },
  saved: { id: 'Tersimpan.', en: 'Saved.' },
  teams: { id: 'Tim', en: 'Teams' },
  teamName: { id: 'Nama tim', en: 'Team name' },
  lead: { id: 'Ketua Tim', en: 'Team lead' },
  noLead: { id: '— belum ada —', en: '— none yet —' },
  members: { id: 'Anggota', en: 'Members' },
  addTeam: { id: 'Tambah tim', en: 'Add team' },
  deleteTeam: { id: 'Hapus', en: 'Delete' },
  needRole: { id: 'Pilih minimal satu peran.', en: 'Choose at least one role.' },
  sso: { id: 'SSO', en: 'SSO' },
  ssoLinked: { id: 'Tertaut', en: 'Linked' },
  removeSso: { id: 'Hapus tautan SSO', en: 'Remove SSO link' },
  removeSsoTitle: { id: 'Hapus tautan SSO', en: 'Remove the SSO link' },
  removeSsoQ: {
    id: (name: string) =>
      `Hapus tautan SSO ${name}? Akun penyedia identitas yang tertaut tidak dapat masuk lagi; login SSO berikutnya menautkan kembali lewat surel yang terverifikasi.`,
    en: (name: string) =>
      `Remove ${name}'s SSO link? The linked identity-provider account can no longer log in; the next SSO login links again by verified e-mail.`,
  },
  ssoRemoved: { id: 'Tautan SSO dihapus.', en: 'SSO link removed.' },
} as const;
