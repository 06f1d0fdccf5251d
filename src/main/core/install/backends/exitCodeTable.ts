/**
 * Exit-code tables and the one lookup every backend uses: the variant's own success codes first, then the backend's
 * table, then "failed with code N". Also the Windows Installer codes shared by msiexec and by exe installers (most are
 * MSI wrappers and pass msiexec's code through).
 */
import type { InstallerVariant } from '../../../../shared/install/manifest';
import type { ExitOutcome } from './backend';

export type ExitCodeEntry =
  | { outcome: 'success' }
  | { outcome: 'reboot-required' }
  | { outcome: 'retry-later'; reason: string }
  | { outcome: 'failure'; reason: string };

export type ExitCodeTable = ReadonlyMap<number, ExitCodeEntry>;

/** The code an outcome carries when the process left none (killed by a signal, never started). */
export const NO_EXIT_CODE = -1;

/**
 * Windows exit codes are 32-bit: an HRESULT such as winget's 0x8A150014 can reach us as 2316632084 or as
 * -1978335212 depending on who converted it. Tables are keyed by the signed form.
 */
export function signedExitCode(code: number): number {
  return code | 0;
}

export function exitCodeTable(entries: readonly (readonly [number, ExitCodeEntry])[]): ExitCodeTable {
  return new Map(entries.map(([code, entry]) => [signedExitCode(code), entry]));
}

const success = { outcome: 'success' } as const;
const reboot = { outcome: 'reboot-required' } as const;
function retry(reason: string): ExitCodeEntry {
  return { outcome: 'retry-later', reason };
}
function failure(reason: string): ExitCodeEntry {
  return { outcome: 'failure', reason };
}
export const ExitCodeEntries = { success, reboot, retry, failure };

/**
 * msiexec's codes (https://learn.microsoft.com/windows/win32/msi/error-codes): 0 done, 3010 and 1641 done but the PC
 * must restart, 1618 another install holds the Windows Installer mutex (retry later), the rest failures.
 */
export const WindowsInstallerCodes: readonly (readonly [number, ExitCodeEntry])[] = [
  [0, success],
  [3010, reboot], // ERROR_SUCCESS_REBOOT_REQUIRED
  [1641, reboot], // ERROR_SUCCESS_REBOOT_INITIATED
  [1618, retry('another installation is already in progress')],
  [1601, failure('the Windows Installer service could not be accessed')],
  [1602, failure('the installation was cancelled (user exit)')],
  [1603, failure('fatal error during installation')],
  [1604, failure('the installation was suspended and is incomplete')],
  [1605, failure('this product is not installed')],
  [1612, failure('the installation source for this product is not available')],
  [1619, failure('the installation package could not be opened (missing or unreadable)')],
  [1620, failure('the installation package could not be opened (not a valid Windows Installer package)')],
  [1622, failure('the installation log file could not be opened')],
  [1623, failure('the language of this package is not supported by the system')],
  [1624, failure('the transforms could not be applied')],
  [1625, failure('the installation is forbidden by system policy')],
  [1633, failure('this installation package is not supported on this platform (processor type)')],
  [1638, failure('another version of this product is already installed')],
  [1639, failure('invalid command line argument')],
];

/** Looks a code up: the variant's successExitCodes always win, then the table, else a failure naming the tool. */
export function mapExitCodeWithTable(
  code: number | null,
  variant: InstallerVariant,
  table: ExitCodeTable,
  tool: string,
): ExitOutcome {
  if (code === null) {
    return { outcome: 'failure', code: NO_EXIT_CODE, reason: `${tool} left no exit code (killed by a signal)` };
  }
  const signed = signedExitCode(code);
  if (variant.successExitCodes?.some((c) => signedExitCode(c) === signed)) return { outcome: 'success' };
  const entry = table.get(signed);
  if (!entry) return { outcome: 'failure', code: signed, reason: `${tool} exited with code ${signed}` };
  if (entry.outcome === 'success') return { outcome: 'success' };
  if (entry.outcome === 'reboot-required') return { outcome: 'reboot-required', code: signed };
  return { ...entry, code: signed };
}
