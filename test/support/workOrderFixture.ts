/** A complete work order's data (signed off, one step repeated and one breached), for rendering tests. */
import { sealWorkOrder } from '../../src/server/domain/workOrder/workOrderContentHash';
import { SopSteps } from '../../src/shared/sop/steps';
import { DefaultOfficeHeader, WorkOrderFormat, type WorkOrderContent, type WorkOrderData } from '../../src/shared/workOrder';

const T0 = Date.UTC(2026, 10, 30, 2, 0, 0); // 30-11-2026 09:00 WIB
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

export function sampleWorkOrder(overrides: Partial<WorkOrderContent> = {}): WorkOrderData {
  const content: WorkOrderContent = {
    format: WorkOrderFormat,
    office: { ...DefaultOfficeHeader },
    number: '7/1700/2026',
    ticketId: 'ticket-1',
    issuedAt: at(4),
    status: { state: 'done', name: { id: 'Selesai', en: 'Done' } },
    requester: { name: 'Siti Aminah Nasution', nip: '198703152010122001', team: 'Tim Statistik Sosial' },
    pc: {
      hostname: 'BPS-1700-PC042',
      os: 'Ubuntu 24.04',
      cpu: 'Intel(R) Core(TM) i5-10500 CPU @ 3.10GHz',
      cores: 6,
      memoryTotalBytes: 16 * 1024 ** 3,
      diskFreeBytes: 120.5 * 1024 ** 3,
      checkedAt: at(12),
      suitable: true,
    },
    software: { name: 'QGIS', version: '3.34.4' },
    justification: 'Pengolahan peta wilayah kerja statistik (Sensus Ekonomi) – kebutuhan mendesak',
    basis: { kind: 'digital', by: 'Budi Santoso', at: at(4) },
    approvals: [
      { action: 'approve', name: { id: 'Setujui', en: 'Approve' }, by: { name: 'Budi Santoso', nip: '197901012005011002' }, at: at(4), note: null },
      { action: 'allocate', name: { id: 'Alokasikan ke teknisi', en: 'Allocate to a technician' }, by: { name: 'Rina Admin', nip: null }, at: at(9), note: null },
    ],
    technician: {
      name: 'Andi Pratama',
      nip: '199205202019031003',
      qualification: { id: 'D3 atau S1 Komputer', en: 'D3 or S1 in computing' },
    },
    steps: SopSteps.map((s) => ({
      step: s.step,
      key: s.key,
      name: { ...s.name },
      standardMinutes: { ...s.standardMinutes },
      intervals:
        s.step === 4
          ? [
              { startedAt: at(20), endedAt: at(55), activeMs: 35 * 60_000, pausedMs: 0, breached: true, breachedAt: at(50) },
              { startedAt: at(60), endedAt: at(75), activeMs: 15 * 60_000, pausedMs: 0, breached: false, breachedAt: null },
            ]
          : [{ startedAt: at(s.step * 3), endedAt: at(s.step * 3 + 2), activeMs: 120_000, pausedMs: 0, breached: false, breachedAt: null }],
    })),
    verification: {
      detection: { installed: true, version: '3.34.4' },
      test: { passed: true, note: 'Membuka proyek contoh – berhasil', by: { name: 'Andi Pratama', nip: '199205202019031003' }, at: at(80) },
    },
    signOff: { by: { name: 'Siti Aminah Nasution', nip: '198703152010122001' }, at: at(90) },
    verificationUrl: 'https://pasang.bps1700.example/verify/work-orders/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ...overrides,
  };
  return sealWorkOrder(content);
}
