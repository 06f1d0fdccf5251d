import fc from 'fast-check';
import { assembleWorkOrder, type WorkOrderSource } from '../../../../../src/server/domain/workOrder/assembleWorkOrder';
import { sealWorkOrder } from '../../../../../src/server/domain/workOrder/workOrderContentHash';
import { createAjv, formatAjvErrors } from '../../../../../src/shared/protocol/codec';
import { DefaultOfficeHeader, WorkOrderDataSchema } from '../../../../../src/shared/workOrder';

const T0 = Date.UTC(2026, 10, 30, 2, 0, 0);
const validate = createAjv().compile(WorkOrderDataSchema);
const options = { office: DefaultOfficeHeader, verificationUrl: 'https://pasang.example/verify/work-orders/x' };

function source(over: Partial<WorkOrderSource['ticket']> = {}): WorkOrderSource {
  return {
    ticket: {
      id: 't1',
      number: '1/17000/2026',
      requester_id: 'u-req',
      item_name: 'QGIS',
      item_version: '3.34.4',
      justification: 'Peta',
      approval_mode: 'team_lead',
      state: 'approved',
      technician_id: null,
      spec_check: null,
      test_record: null,
      created_at: T0,
      ...over,
    },
    events: [
      { id: 1, at: T0, action: 'submit', actor_id: 'u-req', note: null },
      { id: 2, at: T0 + 240_000, action: 'approve', actor_id: 'u-lead', note: null },
    ],
    steps: [{ id: 1, step: 1, started_at: T0, ended_at: T0 + 240_000, active_ms: 240_000, paused_ms: 0, breached_at: null }],
    people: new Map([
      ['u-req', { display_name: 'Siti', nip: '198703152010122001', qualification: null }],
      ['u-lead', { display_name: 'Budi', nip: null, qualification: null }],
    ]),
    teamName: 'Tim A',
    agentHostname: 'PC-1',
    notaDinas: null,
    jobDetectedVersion: null,
  };
}

describe('assembleWorkOrder', () => {
  it('gives data that the shared schema accepts, with all six steps', () => {
    const data = sealWorkOrder(assembleWorkOrder(source(), options)!);
    expect(validate(data) ? '' : formatAjvErrors(validate.errors)).toBe('');
    expect(data.steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(data.basis).toEqual({ kind: 'digital', by: 'Budi', at: new Date(T0 + 240_000).toISOString() });
  });

  it('is no work order before the ticket has a number', () => {
    expect(assembleWorkOrder(source({ number: null }), options)).toBeNull();
  });

  it('falls back to the enrolled hostname and the job’s detected version when step 3 and the test recorded none', () => {
    const s = { ...source(), jobDetectedVersion: '3.34.4' };
    const data = assembleWorkOrder(s, options)!;
    expect(data.pc.hostname).toBe('PC-1');
    expect(data.verification.detection).toEqual({ installed: true, version: '3.34.4' });
  });

  it('never throws and always fits the schema, whatever the JSON columns hold', () => {
    const json = fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v)), fc.constant(null));
    fc.assert(
      fc.property(json, json, fc.constantFrom('approved', 'done', 'weird-state'), (spec, test, state) => {
        const data = sealWorkOrder(assembleWorkOrder(source({ spec_check: spec, test_record: test, state }), options)!);
        if (!validate(data)) throw new Error(formatAjvErrors(validate.errors));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a spec check and a test record written as the ticket service writes them', () => {
    const data = assembleWorkOrder(
      source({
        technician_id: 'u-lead',
        spec_check: JSON.stringify({ checkedAt: T0 + 600_000, suitable: false, reasons: [], variant: null, pc: { hostname: 'PC-9', os: 'Windows 11', cpu: 'i5', cores: 4.0, memoryTotalBytes: 8e9, diskFreeBytes: null } }),
        test_record: JSON.stringify({ passed: false, note: 'gagal', by: 'u-lead', at: new Date(T0 + 900_000).toISOString(), detection: { installed: false, version: null } }),
      }),
      options,
    )!;
    expect(data.pc).toMatchObject({ hostname: 'PC-9', os: 'Windows 11', cores: 4, memoryTotalBytes: 8e9, diskFreeBytes: null, suitable: false });
    expect(data.verification).toEqual({
      detection: { installed: false, version: null },
      test: { passed: false, note: 'gagal', by: { name: 'Budi', nip: null }, at: new Date(T0 + 900_000).toISOString() },
    });
  });
});
