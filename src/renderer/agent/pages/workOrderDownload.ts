/**
 * The signed-off work order as a file: the bridge returns the PDF as base64 (the page has no network), which becomes
 * a Blob saved through a download link — the shell's session turns it into a save dialog.
 */
import type { AgentApi } from '../../../shared/agentApi';

export async function downloadWorkOrder(api: AgentApi, ticketId: string): Promise<void> {
  const wo = await api.workOrder(ticketId);
  const binary = atob(wo.pdfBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = wo.fileName;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    // Revoked after the click has been handled (a download in progress keeps its own reference).
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
