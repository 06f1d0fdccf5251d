/** The shell's own texts (pages keep theirs); Bahasa Indonesia first. */
import type { Bilingual } from '../../ui/language';

export const ShellText = {
  brand: { id: 'Pasang', en: 'Pasang' },
  nav: { id: 'Navigasi utama', en: 'Main navigation' },
  logout: { id: 'Keluar', en: 'Log out' },
  language: { id: 'Bahasa', en: 'Language' },
  theme: { id: 'Tema', en: 'Theme' },
  themeSystem: { id: 'Ikuti sistem', en: 'System' },
  themeLight: { id: 'Terang', en: 'Light' },
  themeDark: { id: 'Gelap', en: 'Dark' },
  loading: { id: 'Memuat…', en: 'Loading…' },
  notAllowed: { id: 'Anda tidak berhak membuka halaman ini.', en: 'You are not allowed to open this page.' },
  notAllowedTitle: { id: 'Tidak diizinkan', en: 'Not allowed' },
  notFound: { id: 'Halaman tidak ditemukan.', en: 'Page not found.' },
  noPages: {
    id: 'Akun Anda tidak memiliki halaman di konsol. Pegawai mengajukan permintaan dari aplikasi Pasang di PC.',
    en: 'Your account has no console pages. Employees make requests from the Pasang app on their PC.',
  },
  close: { id: 'Tutup', en: 'Close' },
  sessionEnded: { id: 'Sesi berakhir. Silakan masuk kembali.', en: 'Your session ended. Please log in again.' },
} satisfies Record<string, Bilingual>;
