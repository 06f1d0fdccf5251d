/** The work order's content hash: SHA-256 of the canonical JSON of everything it states except the hash itself. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonicalJson';
import type { WorkOrderContent, WorkOrderData } from '../../../shared/workOrder';

/** The canonical JSON the hash covers (stored with each issued version, so an old PDF can be rebuilt from it). */
export function workOrderContentJson(data: WorkOrderContent | WorkOrderData): string {
  const { contentSha256: _omitted, ...content } = data as WorkOrderData;
  return canonicalJson(content);
}

export function workOrderContentHash(data: WorkOrderContent | WorkOrderData): string {
  return createHash('sha256').update(workOrderContentJson(data), 'utf8').digest('hex');
}

/** The content with its hash: the document as printed. */
export function sealWorkOrder(content: WorkOrderContent): WorkOrderData {
  return { ...content, contentSha256: workOrderContentHash(content) };
}
