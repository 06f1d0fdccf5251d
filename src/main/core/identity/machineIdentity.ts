/** This PC's stable identity: the OS machine id (node-machine-id), falling back to the host name where there is none. */
import os from 'node:os';
import { machineIdSync } from 'node-machine-id';

export interface MachineIdentity {
  machineId: string;
  hostname: string;
}

/** `override` lets several agents share one machine in tests and simulations (PASANG_MACHINE_ID). */
export function machineIdentity(override?: string): MachineIdentity {
  let machineId: string;
  try {
    machineId = machineIdSync();
  } catch {
    // A container or a locked-down PC without a machine id: the host name is the next best stable name.
    machineId = `host-${os.hostname()}`;
  }
  return { machineId: override || machineId, hostname: os.hostname() };
}
