/** SOP step 3's verdict for this PC: *Sesuai* or *Belum sesuai*, in the shared badge tones. */
export function VerdictBadge({ suitable, label }: { suitable: boolean; label: string }) {
  return (
    <span class={`badge ${suitable ? 'tone-ok' : 'tone-bad'}`} data-suitable={String(suitable)}>
      {label}
    </span>
  );
}
