/**
 * The Nota Dinas chosen in the file input, as the bridge carries it: base64 of a PDF of at most the tray's limit
 * (MAX_TRAY_NOTA_DINAS_BYTES — it travels inside one agent message). Checked here before sending so the person hears
 * at once; the server checks the PDF by content again.
 */
export interface NotaDinasFile {
  fileName: string;
  base64: string;
  size: number;
}

export type NotaDinasRead = { ok: true; file: NotaDinasFile } | { ok: false; reason: 'too_large' | 'not_pdf' };

export async function readNotaDinas(file: Blob & { name: string }, maxBytes: number): Promise<NotaDinasRead> {
  if (file.size > maxBytes) return { ok: false, reason: 'too_large' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length > maxBytes) return { ok: false, reason: 'too_large' };
  // "%PDF-" at the start: anything else is not the signed scan, whatever its name says.
  const head = String.fromCharCode(...bytes.subarray(0, 5));
  if (head !== '%PDF-') return { ok: false, reason: 'not_pdf' };
  return { ok: true, file: { fileName: baseName(file.name), base64: toBase64(bytes), size: bytes.length } };
}

function baseName(name: string): string {
  const base = name.split(/[\\/]/).pop() || 'nota-dinas.pdf';
  return base.slice(-200);
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}
