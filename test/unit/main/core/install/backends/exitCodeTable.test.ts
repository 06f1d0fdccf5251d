import {
  ExitCodeEntries as E,
  exitCodeTable,
  mapExitCodeWithTable,
  signedExitCode,
} from '../../../../../../src/main/core/install/backends/exitCodeTable';
import { variant } from '../fixtures';

const table = exitCodeTable([
  [0, E.success],
  [3010, E.reboot],
  [1618, E.retry('busy')],
  [0x8a150014, E.failure('not found')],
]);
const v = variant({ kind: 'exe' });

describe('mapExitCodeWithTable', () => {
  it('reads the table', () => {
    expect(mapExitCodeWithTable(0, v, table, 'tool')).toEqual({ outcome: 'success' });
    expect(mapExitCodeWithTable(3010, v, table, 'tool')).toEqual({ outcome: 'reboot-required', code: 3010 });
    expect(mapExitCodeWithTable(1618, v, table, 'tool')).toEqual({
      outcome: 'retry-later',
      code: 1618,
      reason: 'busy',
    });
  });

  it('lets the variant successExitCodes win over the table', () => {
    expect(mapExitCodeWithTable(1618, { ...v, successExitCodes: [1618] }, table, 'tool')).toEqual({
      outcome: 'success',
    });
  });

  it('matches 32-bit codes however they were converted, in the table and in successExitCodes', () => {
    expect(signedExitCode(0x8a150014)).toBe(-1978335212);
    expect(mapExitCodeWithTable(0x8a150014, v, table, 't')).toMatchObject({ code: -1978335212, reason: 'not found' });
    expect(mapExitCodeWithTable(-1978335212, v, table, 't')).toMatchObject({ reason: 'not found' });
    expect(mapExitCodeWithTable(-1978335212, { ...v, successExitCodes: [0x8a150014] }, table, 't').outcome).toBe(
      'success',
    );
  });

  it('calls any other code a failure naming the tool and the code', () => {
    expect(mapExitCodeWithTable(7, v, table, 'setup.exe')).toEqual({
      outcome: 'failure',
      code: 7,
      reason: 'setup.exe exited with code 7',
    });
  });
});
