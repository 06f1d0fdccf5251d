/**
 * Every text of the tray shell — menu, icon tooltip, notifications — in one table, Bahasa Indonesia and English side
 * by side, so a missing translation fails to compile. The pages keep their own strings; the SOP's terms are used as
 * the SOP writes them.
 */
import type { Language, Localized } from './language';

type Text = Localized;
type Template<A extends unknown[]> = Record<Language, (...args: A) => string>;

export const TrayStrings = {
  menu: {
    request: { id: 'Minta perangkat lunak…', en: 'Request software…' },
    myRequests: { id: 'Permintaan saya', en: 'My requests' },
    approvals: { id: 'Persetujuan', en: 'Approvals' },
    myPc: { id: 'PC saya', en: 'My PC' },
    console: { id: 'Buka konsol', en: 'Open console' },
    language: { id: 'Bahasa', en: 'Language' },
    show: { id: 'Tampilkan Pasang', en: 'Show Pasang' },
    quit: { id: 'Keluar', en: 'Quit' },
  } satisfies Record<string, Text>,
  /** Each language named in itself, whatever the UI language is. */
  languageNames: { id: 'Indonesia', en: 'English' } satisfies Record<Language, string>,
  state: {
    connected: { id: 'Terhubung ke server', en: 'Connected to the server' },
    offline: {
      id: 'Tidak terhubung — permintaan dikirim saat kembali online',
      en: 'Offline — requests are sent when back online',
    },
    serviceDown: { id: 'Layanan Pasang tidak berjalan di PC ini', en: 'The Pasang service is not running on this PC' },
    installing: { id: 'Sedang memasang perangkat lunak', en: 'Installing software' },
    needsSignOff: { id: 'Menunggu tanda tangan Anda', en: 'Waiting for your sign-off' },
  } satisfies Record<string, Text>,
  notify: {
    approvalNeeded: {
      title: { id: 'Persetujuan diperlukan', en: 'Approval needed' },
      body: {
        id: (who: string, item: string) => `${who} meminta ${item}.`,
        en: (who: string, item: string) => `${who} requests ${item}.`,
      },
    },
    approved: {
      title: { id: 'Permintaan disetujui', en: 'Request approved' },
      body: {
        id: (item: string) => `${item} disetujui Ketua Tim dan diteruskan ke teknisi.`,
        en: (item: string) => `${item} was approved by your team lead and passed to a technician.`,
      },
    },
    rejected: {
      title: { id: 'Permintaan ditolak', en: 'Request rejected' },
      body: {
        id: (item: string, note: string) => `${item}: ${note}`,
        en: (item: string, note: string) => `${item}: ${note}`,
      },
    },
    returned: {
      title: { id: 'Permintaan dikembalikan', en: 'Request returned' },
      body: {
        id: (item: string, note: string) => `${item}: ${note}`,
        en: (item: string, note: string) => `${item}: ${note}`,
      },
    },
    signOff: {
      title: { id: 'Mohon tanda tangani', en: 'Please sign off' },
      body: {
        id: (item: string) =>
          `${item} sudah terpasang dan diuji. Tandatangani perintah kerja, atau laporkan jika tidak berfungsi.`,
        en: (item: string) => `${item} is installed and tested. Sign the work order off, or say if it does not work.`,
      },
    },
    installStarted: {
      title: { id: 'Pemasangan dimulai', en: 'Installation started' },
      body: { id: (item: string) => `${item} sedang disiapkan.`, en: (item: string) => `Preparing ${item}.` },
    },
    installProgress: {
      title: { id: 'Sedang memasang', en: 'Installing' },
      body: {
        id: (item: string, phase: string) => `${item}: ${phase}`,
        en: (item: string, phase: string) => `${item}: ${phase}`,
      },
    },
    installDone: {
      title: { id: 'Pemasangan selesai', en: 'Installation finished' },
      body: { id: (item: string) => `${item} terpasang.`, en: (item: string) => `${item} is installed.` },
    },
    installFailed: {
      title: { id: 'Pemasangan gagal', en: 'Installation failed' },
      body: {
        id: (item: string) => `${item} gagal dipasang. Teknisi akan menindaklanjuti.`,
        en: (item: string) => `${item} could not be installed. A technician will follow up.`,
      },
    },
    updateReady: {
      title: { id: 'Pembaruan tersedia', en: 'Update ready' },
      body: {
        id: (version: string) => `Pasang ${version} sudah diunduh dan diperiksa. Dipasang saat Pasang ditutup atau PC dimatikan.`,
        en: (version: string) => `Pasang ${version} is downloaded and checked. It installs when Pasang quits or the PC shuts down.`,
      },
    },
  },
  /** Install phases as the notifications and the tooltip name them (job states of src/shared/install/job.ts). */
  phase: {
    downloading: { id: 'mengunduh', en: 'downloading' },
    verified: { id: 'berkas terverifikasi', en: 'file verified' },
    installing: { id: 'memasang', en: 'installing' },
    checking: { id: 'memeriksa hasil', en: 'checking the result' },
  } satisfies Record<string, Text>,
  /** A name for an install whose item the agent does not know (a push without a ticket). */
  someSoftware: { id: 'Perangkat lunak', en: 'Software' } satisfies Text,
  appName: 'Pasang',
} as const;

export type NotifyTemplate<A extends unknown[]> = { title: Text; body: Template<A> };
