/** The office's calendar day: Asia/Jakarta (WIB, UTC+7, no daylight saving time), as YYYY-MM-DD. */
export function jakartaDay(at: number | string): string {
  return new Date(new Date(at).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
