/**
 * The six steps of SOP-052/17000/2025 (Permintaan Instalasi Perangkat Lunak), declared once: their names as the SOP
 * writes them, who carries each out, and its standard time (*Mutu Baku*). The server, the tray and the console all
 * read this table; reports name steps by `key` and show `name.id` / `name.en`.
 */
import type { Role } from '../roles';

export const SopStepNumbers = [1, 2, 3, 4, 5, 6] as const;
export type SopStepNumber = (typeof SopStepNumbers)[number];

export interface SopStep {
  step: SopStepNumber;
  key: string;
  name: { id: string; en: string };
  /** The SOP's *Pelaksana* column: who carries the step out. */
  actor: Role;
  /** The standard time in minutes; `max` is the limit past which the step is in breach. */
  standardMinutes: { min: number; max: number };
  /** The SOP's *Output* column. */
  output: { id: string; en: string };
}

export const SopSteps: readonly SopStep[] = [
  {
    step: 1,
    key: 'pengajuan_tiket',
    name: { id: 'Pengajuan tiket permohonan', en: 'Request ticket' },
    actor: 'employee',
    standardMinutes: { min: 5, max: 5 },
    output: { id: 'Dokumen Perintah Kerja', en: 'Work order' },
  },
  {
    step: 2,
    key: 'alokasi_tugas',
    name: { id: 'Menerima alokasi tugas', en: 'Task allocation' },
    actor: 'admin',
    standardMinutes: { min: 5, max: 5 },
    output: { id: 'Ditindaklanjuti', en: 'Followed up' },
  },
  {
    step: 3,
    key: 'cek_ketersediaan_spesifikasi',
    name: { id: 'Mengecek ketersediaan perangkat lunak di repositori dan spesifikasi PC', en: 'Repository availability and PC specification check' },
    actor: 'technician',
    standardMinutes: { min: 5, max: 10 },
    output: { id: 'Perangkat lunak yang akan dipasang', en: 'Software to install' },
  },
  {
    step: 4,
    key: 'proses_instalasi',
    name: { id: 'Proses instalasi', en: 'Installation' },
    actor: 'technician',
    standardMinutes: { min: 20, max: 30 },
    output: { id: 'Perangkat lunak terpasang', en: 'Software installed' },
  },
  {
    step: 5,
    key: 'uji_coba',
    name: { id: 'Uji coba hasil instalasi', en: 'Installation test' },
    actor: 'technician',
    standardMinutes: { min: 20, max: 20 },
    output: { id: 'Perangkat lunak terpasang dengan benar', en: 'Software installed correctly' },
  },
  {
    step: 6,
    key: 'instalasi_selesai',
    name: { id: 'Proses instalasi selesai', en: 'Installation complete' },
    actor: 'employee',
    standardMinutes: { min: 30, max: 30 },
    output: {
      id: 'Dokumen Perintah Kerja sudah ditandatangani pemohon',
      en: 'Work order signed by the requester',
    },
  },
];

export function sopStep(step: SopStepNumber): SopStep {
  return SopSteps[step - 1]!;
}

/** The step's limit in milliseconds: past it, the step is in breach of the SOP's standard. */
export function standardLimitMs(step: SopStepNumber): number {
  return sopStep(step).standardMinutes.max * 60_000;
}
