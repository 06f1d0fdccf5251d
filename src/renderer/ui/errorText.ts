/**
 * Error messages by the server's stable code, in both languages: the UI never shows a server's English message as is.
 * Keyed by ErrorCode; test/unit/renderer/ui/errorText.test.ts fails when a code added to src/shared/errors.ts has no
 * text here (a test, not the compiler: engineers adding codes in parallel must not break each other's build).
 */
import type { ErrorCode } from '../../shared/errors';
// The shared i18n types (no DOM): this module is used by Node unit tests too.
import type { Language, Localized as Bilingual } from '../../shared/i18n/language';

export const ErrorText: Partial<Record<ErrorCode, Bilingual>> & { INTERNAL: Bilingual } = {
  BAD_MESSAGE: { id: 'Pesan tidak dapat dibaca.', en: 'The message could not be read.' },
  UNKNOWN_TYPE: { id: 'Jenis pesan tidak dikenal.', en: 'Unknown message type.' },
  INVALID_PAYLOAD: { id: 'Isi pesan tidak valid.', en: 'The message content is not valid.' },
  UNSUPPORTED_VERSION: { id: 'Versi tidak didukung.', en: 'Unsupported version.' },
  RATE_LIMITED: { id: 'Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.', en: 'Too many attempts. Wait a moment and try again.' },
  INTERNAL: { id: 'Terjadi kesalahan di server.', en: 'Something went wrong on the server.' },
  UNAUTHORIZED: { id: 'Sesi Anda berakhir. Silakan masuk kembali.', en: 'Your session ended. Please log in again.' },
  FORBIDDEN: { id: 'Anda tidak berhak melakukan ini.', en: 'You are not allowed to do this.' },
  NOT_FOUND: { id: 'Tidak ditemukan.', en: 'Not found.' },
  BAD_REQUEST: { id: 'Isian tidak valid.', en: 'The input is not valid.' },
  PAYLOAD_TOO_LARGE: { id: 'Berkas atau isian terlalu besar.', en: 'The file or input is too large.' },
  ENROLL_TOKEN_INVALID: { id: 'Token pendaftaran tidak valid atau kedaluwarsa.', en: 'The enrollment token is invalid or expired.' },
  AGENT_REVOKED: { id: 'PC ini sudah dicabut.', en: 'This PC has been revoked.' },
  SERVER_UNREACHABLE: { id: 'Server tidak dapat dihubungi.', en: 'The server cannot be reached.' },
  SERVER_CERT_MISMATCH: { id: 'Sertifikat server tidak cocok.', en: "The server's certificate does not match." },
  NOT_ENROLLED: { id: 'PC belum terdaftar.', en: 'The PC is not enrolled.' },
  AGENT_OFFLINE: { id: 'PC sedang tidak terhubung.', en: 'The PC is not connected.' },
  STORE_CORRUPT: { id: 'Data lokal rusak.', en: 'The local data is corrupt.' },
  INSTALL_FAILED: { id: 'Instalasi gagal.', en: 'The install failed.' },
  INSTALL_TIMEOUT: { id: 'Instalasi melewati batas waktu.', en: 'The install timed out.' },
  INSTALLER_BUSY: { id: 'Instalasi lain sedang berjalan di PC. Coba lagi nanti.', en: 'Another install is running on the PC. Try again later.' },
  UNSUPPORTED_INSTALLER: { id: 'Jenis installer tidak didukung di PC ini.', en: 'This installer kind is not supported on the PC.' },
  UNSAFE_PACKAGE_ID: { id: 'Nama paket tidak aman.', en: 'Unsafe package name.' },
  INSTALLER_INPUT_INVALID: { id: 'Data installer tidak lengkap atau tidak aman.', en: 'The installer data is incomplete or unsafe.' },
  DETECTION_FAILED: { id: 'Pemeriksaan hasil instalasi gagal dijalankan.', en: 'The install detection could not run.' },
  SIGNATURE_INVALID: { id: 'Tanda tangan tugas tidak valid.', en: 'The job signature is not valid.' },
  JOB_EXPIRED: { id: 'Tugas instalasi sudah kedaluwarsa.', en: 'The install job expired.' },
  HASH_MISMATCH: { id: 'Berkas yang diunduh tidak cocok (SHA-256).', en: 'The downloaded file does not match (SHA-256).' },
  DOWNLOAD_FAILED: { id: 'Unduhan gagal.', en: 'The download failed.' },
  JOB_INTERRUPTED: { id: 'Instalasi terputus berulang kali.', en: 'The install was interrupted too often.' },
  REQUIREMENTS_NOT_MET: { id: 'PC belum memenuhi persyaratan (Belum sesuai).', en: 'The PC does not meet the requirements (Not suitable).' },
  NOT_INSTALLED_AFTER: { id: 'Installer selesai, tetapi perangkat lunak tidak ditemukan.', en: 'The installer finished but the software is not found.' },
  CANCELLED: { id: 'Dibatalkan.', en: 'Cancelled.' },
  CONFLICT: { id: 'Tidak dapat dilakukan pada keadaan sekarang (mungkin sudah diubah orang lain).', en: 'Not possible in the current state (someone may have changed it).' },
  CHECKSUM_MISMATCH: { id: 'SHA-256 unggahan tidak cocok.', en: "The upload's SHA-256 does not match." },
  ARTIFACT_NOT_FOUND: { id: 'Installer tidak ada di repositori.', en: 'The installer is not in the repository.' },
  RANGE_NOT_SATISFIABLE: { id: 'Rentang unduhan tidak valid.', en: 'Invalid download range.' },
  PERSON_UNKNOWN: { id: 'Akun PC belum terhubung ke pegawai.', en: 'The PC account is not linked to a person.' },
  ATTACHMENT_INVALID: { id: 'Lampiran bukan PDF yang valid.', en: 'The attachment is not a valid PDF.' },
  INVALID_CREDENTIALS: { id: 'Nama pengguna atau kata sandi salah.', en: 'Wrong username or password.' },
  TOTP_REQUIRED: { id: 'Masukkan kode 6 digit dari aplikasi autentikator.', en: 'Enter the 6-digit code from your authenticator app.' },
  TOTP_INVALID: { id: 'Kode autentikator salah atau sudah dipakai.', en: 'The authenticator code is wrong or was already used.' },
  CSRF_INVALID: { id: 'Sesi tidak cocok. Muat ulang halaman.', en: 'Session mismatch. Reload the page.' },
  NIP_INVALID: { id: 'NIP tidak valid.', en: 'The NIP is not valid.' },
  UNKNOWN_OPERATION: { id: 'Operasi tidak dikenal.', en: 'Unknown operation.' },
  CALLER_UNVERIFIED: { id: 'Pemanggil tidak terverifikasi.', en: 'The caller is not verified.' },
  LOCAL_API_UNAVAILABLE: { id: 'Layanan Pasang di PC tidak dapat dihubungi.', en: 'The Pasang service on the PC cannot be reached.' },
  BACKUP_FAILED: { id: 'Cadangan gagal.', en: 'The backup failed.' },
  SELF_APPROVAL: { id: 'Persetujuan harus oleh orang lain, bukan yang meminta.', en: 'Someone other than the requester must approve.' },
  OIDC_LOGIN_FAILED: { id: 'Login SSO gagal atau kedaluwarsa. Silakan coba lagi.', en: 'The SSO login failed or expired. Please try again.' },
  OIDC_IDENTITY_UNKNOWN: {
    id: 'Akun SSO Anda belum terdaftar di Pasang. Minta admin mendaftarkan Anda dengan e-mail yang sama.',
    en: 'Your SSO account is not registered in Pasang. Ask an admin to register you with the same e-mail.',
  },
  OIDC_UNAVAILABLE: { id: 'Penyedia SSO tidak dapat dihubungi. Coba lagi nanti atau masuk dengan kata sandi.', en: 'The SSO provider cannot be reached. Try again later or log in with your password.' },
  UPDATE_FEED_INVALID: {
    id: 'Info pembaruan dari server tidak dapat dibaca. Pembaruan dilewati; hubungi tim TI.',
    en: 'The update information from the server cannot be read. The update is skipped; contact IT.',
  },
};

/** The text for a code, or the generic one for a code this build does not know (a newer server). */
export function errorText(code: string, lang: Language): string {
  const t = (ErrorText as Record<string, Bilingual | undefined>)[code] ?? ErrorText.INTERNAL;
  return t[lang];
}

/** The text for anything thrown by the ApiClient (an ApiError carries `code`). */
export function errorTextOf(err: unknown, lang: Language): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : 'INTERNAL';
  return errorText(code, lang);
}
