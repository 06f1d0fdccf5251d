/**
 * The PC's PCI controllers on Windows: the present Plug and Play devices whose id starts with PCI\, from CIM
 * (Win32_PnPEntity) through PowerShell as JSON. Windows names them itself (Name, Manufacturer, PNPClass).
 */
import type { Inventory } from '../../../../shared/protocol/inventory';
import type { CommandRunner } from '../../process/commandRunner';

type Controller = NonNullable<Inventory['controllers']>[number];

export const WINDOWS_PCI_QUERY_ARGV = [
  '-NoProfile',
  '-NonInteractive',
  '-Command',
  "Get-CimInstance Win32_PnPEntity -Filter \"PNPDeviceID LIKE 'PCI\\\\%'\" | Select-Object Name,Manufacturer,PNPClass,PNPDeviceID,Service | ConvertTo-Json -Compress",
] as const;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Maps ConvertTo-Json's output (one object, or an array of them) to controllers; ids come from PNPDeviceID. */
export function parseWindowsPciControllers(json: string): Controller[] {
  const text = json.trim();
  if (text === '') return [];
  const parsed: unknown = JSON.parse(text);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const out: Controller[] = [];
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const o = item as Record<string, unknown>;
    const id = str(o['PNPDeviceID']) ?? '';
    const m = /^PCI\\VEN_([0-9A-F]{4})&DEV_([0-9A-F]{4})(?:&SUBSYS_([0-9A-F]{4})([0-9A-F]{4}))?(?:&REV_([0-9A-F]{2}))?/i.exec(id);
    if (!m) continue;
    const c: Controller = { name: str(o['Name']) ?? `[${m[1]!.toLowerCase()}:${m[2]!.toLowerCase()}]`, pciId: `${m[1]}:${m[2]}`.toLowerCase() };
    const manufacturer = str(o['Manufacturer']);
    if (manufacturer) c.manufacturer = manufacturer;
    const type = str(o['PNPClass']);
    if (type) c.type = type;
    // SUBSYS_ is subsystem device then subsystem vendor; lspci (and Linux) write vendor:device.
    if (m[3] && m[4]) c.pciSubsystemId = `${m[4]}:${m[3]}`.toLowerCase();
    if (m[5]) c.revision = m[5].toLowerCase();
    const driver = str(o['Service']);
    if (driver) c.driver = driver;
    out.push(c);
  }
  return out;
}

export async function readWindowsPciControllers(runner: CommandRunner, timeoutMs: number): Promise<Controller[]> {
  const r = await runner.run('powershell.exe', WINDOWS_PCI_QUERY_ARGV, { timeoutMs, maxOutputBytes: 2 * 1024 * 1024 });
  if (r.exitCode !== 0) throw new Error(`powershell Get-CimInstance Win32_PnPEntity: ${r.error ?? (r.timedOut ? 'timed out' : `exit ${r.exitCode}`)}`);
  return parseWindowsPciControllers(r.stdout);
}
