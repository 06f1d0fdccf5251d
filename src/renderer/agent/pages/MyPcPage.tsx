/**
 * PC saya: this PC as the server records it — specs from the last inventory, load from the last metrics sample —
 * refreshed every few seconds while the page is open (a query through the agent, so it needs the server).
 */
import { useEffect } from 'preact/hooks';
import { pick } from '../../ui/language';
import { useApp, useLoad } from '../appContext';
import { Notice } from '../components/Notice';
import { errorText } from '../errorText';
import { formatBytes, formatTime, formatUptime } from '../format';
import { T } from '../strings';

/** How often the load is asked for again (the agent samples every 2 s while someone watches). */
export const MY_PC_REFRESH_MS = 5_000;

export function MyPcPage(_props: { params: string[] }) {
  const { api, lang } = useApp();
  const pc = useLoad(() => api.myPc(), []);
  const reload = pc.reload;
  useEffect(() => {
    const id = setInterval(reload, MY_PC_REFRESH_MS);
    return () => clearInterval(id);
  }, [reload]);

  const d = pc.data;
  const s = d?.summary ?? null;
  const m = d?.lastMetrics ?? null;
  const unknown = pick(T.myPc.unknown, lang);
  const cpuPct = m?.cpuLoadPercent;
  const memPct = m?.memUsedBytes !== undefined && m?.memTotalBytes ? (m.memUsedBytes / m.memTotalBytes) * 100 : null;

  return (
    <section aria-labelledby="page-title" class="page">
      <h1 id="page-title">{pick(T.myPc.title, lang)}</h1>
      <p class="intro">{pick(T.myPc.intro, lang)}</p>
      {pc.error ? <Notice kind="error">{errorText(pc.error, lang)}</Notice> : null}
      {d ? (
        <div class="grid-2">
          <div class="card">
            <dl class="facts">
              <dt>{pick(T.myPc.hostname, lang)}</dt>
              <dd>{d.hostname}</dd>
              <dt>{pick(T.myPc.online, lang)}</dt>
              <dd>{pick(d.online ? T.myPc.isOnline : T.myPc.isOffline, lang)}</dd>
              <dt>{pick(T.myPc.os, lang)}</dt>
              <dd>{s?.os ? [s.os.distro ?? s.os.family, s.os.release, s.os.arch].filter(Boolean).join(' ') : unknown}</dd>
              <dt>{pick(T.myPc.cpu, lang)}</dt>
              <dd>{s?.cpu ? `${s.cpu.model} (${s.cpu.cores} ${pick(T.myPc.cores, lang)})` : unknown}</dd>
              <dt>{pick(T.myPc.memory, lang)}</dt>
              <dd>{s?.memoryTotalBytes ? formatBytes(s.memoryTotalBytes) : unknown}</dd>
              <dt>{pick(T.myPc.disks, lang)}</dt>
              <dd>
                {s && s.disks.length > 0 ? (
                  <ul class="plain">
                    {s.disks.map((disk) => (
                      <li key={disk.mount}>
                        {disk.mount}: {formatBytes(disk.freeBytes)} {pick(T.myPc.free, lang)} {pick(T.myPc.of, lang)} {formatBytes(disk.sizeBytes)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  unknown
                )}
              </dd>
              <dt>{pick(T.myPc.software, lang)}</dt>
              <dd>{s?.softwareCount ?? unknown}</dd>
              <dt>{pick(T.myPc.inventoryAt, lang)}</dt>
              <dd>{formatTime(d.inventoryUpdatedAt, lang)}</dd>
            </dl>
          </div>
          <div class="card">
            <h2>{pick(T.myPc.load, lang)}</h2>
            {m ? (
              <dl class="facts">
                <dt>{pick(T.myPc.cpuLoad, lang)}</dt>
                <dd>
                  <Meter value={cpuPct ?? null} label={pick(T.myPc.cpuLoad, lang)} />
                </dd>
                <dt>{pick(T.myPc.memUsed, lang)}</dt>
                <dd>
                  <Meter value={memPct} label={pick(T.myPc.memUsed, lang)} />
                  {m.memUsedBytes !== undefined ? ` ${formatBytes(m.memUsedBytes)}` : ''}
                </dd>
                <dt>{pick(T.myPc.uptime, lang)}</dt>
                <dd>{formatUptime(m.uptimeSec, lang)}</dd>
                <dt>{pick(T.myPc.sampledAt, lang)}</dt>
                <dd>{formatTime(m.sampledAt, lang)}</dd>
              </dl>
            ) : (
              <p class="empty">{pick(T.myPc.noMetrics, lang)}</p>
            )}
          </div>
        </div>
      ) : null}
    </section>
  );
}

function Meter({ value, label }: { value: number | null; label: string }) {
  if (value === null) return <span>—</span>;
  const pct = Math.round(Math.min(100, Math.max(0, value)));
  return (
    <span class="meter-wrap">
      <meter min={0} max={100} low={70} high={90} optimum={10} value={pct} aria-label={label} />
      <span> {pct}%</span>
    </span>
  );
}
