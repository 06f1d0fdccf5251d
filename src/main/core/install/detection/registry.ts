/**
 * Detection by a Windows registry key or value (`reg query KEY [/v NAME | /ve]`), parsed with the inventory's
 * reg-output parser; optionally the value must equal the rule's `equals`.
 */
import type { DetectionRule } from '../../../../shared/install/manifest';
import { parseRegQuery } from '../../inventory/software/windowsRegistry';
import { failed, firstLine, probe, type DetectDeps, type DetectResult } from './probe';

/** REG_DWORD and REG_QWORD print as hex: "0x1" equals "1". */
function sameRegistryData(type: string, data: string, wanted: string): boolean {
  if (type === 'REG_DWORD' || type === 'REG_QWORD') {
    const toNumber = (s: string): number =>
      /^0x[0-9a-f]+$/i.test(s.trim()) ? parseInt(s.trim(), 16) : Number(s.trim());
    return toNumber(data) === toNumber(wanted);
  }
  return data === wanted;
}

export async function detectRegistry(
  rule: Extract<DetectionRule, { kind: 'registry' }>,
  deps: DetectDeps,
): Promise<DetectResult> {
  if (deps.platform !== 'win32') return failed('registry: only on Windows');
  const which = rule.valueName === undefined ? [] : rule.valueName === '' ? ['/ve'] : ['/v', rule.valueName];
  const p = await probe(deps, 'reg', ['query', rule.key, ...which]);
  if (!p.ok) return p.result;
  const what = rule.valueName === undefined ? rule.key : `${rule.key} ${rule.valueName || '(default)'}`;
  // reg query exits 1 for "unable to find the specified registry key or value".
  if (p.run.exitCode === 1) return { installed: false, detail: `registry: no ${what}` };
  if (p.run.exitCode !== 0) return failed(`reg exited with ${p.run.exitCode}: ${firstLine(p.run.stderr)}`);
  if (rule.valueName === undefined) return { installed: true, detail: `registry: ${what} exists` };
  const values = parseRegQuery(p.run.stdout)[0]?.values;
  // The default value's name is localized ("(Default)", "(Standard)"): /ve prints only it, so take the first.
  const value = rule.valueName === '' ? values?.values().next().value : values?.get(rule.valueName.toLowerCase());
  if (!value) return failed(`registry: could not read ${what} from reg's output`);
  const version = /version/i.test(rule.valueName) && value.data ? { version: value.data } : {};
  if (rule.equals !== undefined && !sameRegistryData(value.type, value.data, rule.equals)) {
    return { installed: false, ...version, detail: `registry: ${what} is "${value.data}", "${rule.equals}" wanted` };
  }
  return { installed: true, ...version, detail: `registry: ${what} = "${value.data}"` };
}
