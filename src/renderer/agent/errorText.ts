/**
 * What a failed bridge call says to the person, by its error code (src/shared/errors.ts), never by the message the
 * agent or server wrote. The bridge rejects with `{ code, message }`. The texts here are the tray's own wording
 * where it differs from the console's (the person is at their PC, not logged in to a console); every other code
 * takes the shared table's text (src/renderer/ui/errorText.ts).
 */
import type { ErrorCode } from '../../shared/errors';
import { errorText as sharedErrorText } from '../ui/errorText';
import { pick, type Bilingual, type Language } from '../ui/language';

const TEXTS: Partial<Record<ErrorCode, Bilingual>> = {
  AGENT_OFFLINE: {
    id: 'PC ini sedang tidak terhubung ke server. Coba lagi saat terhubung.',
    en: 'This PC is not connected to the server. Try again when connected.',
  },
  SERVER_UNREACHABLE: { id: 'Server tidak dapat dihubungi.', en: 'The server cannot be reached.' },
  LOCAL_API_UNAVAILABLE: {
    id: 'Layanan Pasang di PC ini tidak berjalan.',
    en: 'The Pasang service on this PC is not running.',
  },
  PERSON_UNKNOWN: {
    id: 'Akun komputer ini belum terhubung ke data pegawai. Isi NIP Anda pada permintaan pertama.',
    en: 'This computer account is not linked to a person yet. Enter your NIP with your first request.',
  },
  NIP_INVALID: { id: 'NIP tidak valid.', en: 'The NIP is not valid.' },
  FORBIDDEN: { id: 'Anda tidak berwenang melakukan ini.', en: 'You may not do this.' },
  CONFLICT: {
    id: 'Permintaan sudah berubah status. Muat ulang halaman.',
    en: 'The request has moved on. Refresh the page.',
  },
  ATTACHMENT_INVALID: { id: 'Nota Dinas harus berupa berkas PDF yang utuh.', en: 'The Nota Dinas must be a whole PDF file.' },
  NOT_ENROLLED: { id: 'PC ini belum terdaftar di server.', en: 'This PC is not enrolled with the server yet.' },
  AGENT_REVOKED: { id: 'PC ini dicabut dari server.', en: 'This PC was revoked by the server.' },
  CALLER_UNVERIFIED: {
    id: 'Layanan Pasang tidak dapat memastikan akun Anda.',
    en: 'The Pasang service could not verify your account.',
  },
};

export function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && typeof (err as { code?: unknown }).code === 'string') return (err as { code: string }).code;
  return 'INTERNAL';
}

export function errorText(err: unknown, lang: Language): string {
  const code = errorCode(err);
  const text = TEXTS[code as ErrorCode];
  return text ? pick(text, lang) : sharedErrorText(code, lang);
}
