'use strict';
/**
 * What the kernel says about a process, read the same way for the real server and the bare baseline: CPU seconds
 * (utime + stime from /proc/<pid>/stat), resident memory (VmRSS, peak VmHWM from /proc/<pid>/status), bytes written
 * (/proc/<pid>/io), open descriptors and the open-files limit.
 */
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
} catch {
  /* 100 on every Linux this runs on */
}

/** CPU seconds the process has used (user + system). */
function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return { user: utime / clkTck, system: stime / clkTck, total: (utime + stime) / clkTck };
}

/** VmRSS and VmHWM in bytes. */
function memory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) * 1024 : null;
  };
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Bytes passed to write() (wchar: files and sockets) and bytes sent to the storage layer (write_bytes). */
function io(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
    const get = (k) => Number(new RegExp(`^${k}: (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
    return { wchar: get('wchar'), writeBytes: get('write_bytes'), syscw: get('syscw') };
  } catch {
    return { wchar: NaN, writeBytes: NaN, syscw: NaN };
  }
}

function openFds(pid) {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

function openFilesLimit(pid) {
  try {
    const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(
      fs.readFileSync(`/proc/${pid}/limits`, 'utf8'),
    );
    return m ? { soft: m[1], hard: m[2] } : null;
  } catch {
    return null;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return fs.existsSync(`/proc/${pid}/stat`) && !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Busy CPU seconds of the whole machine (all cores) since boot, from /proc/stat. */
function machineBusySeconds() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f; // idle and iowait are not busy
  return (user + nice + system + irq + softirq + (steal ?? 0)) / clkTck;
}

/**
 * A snapshot to diff later: the machine's busy CPU and each of `pids`' CPU. The machine is shared; what neither the
 * server, the simulators nor the bench used in a window is other load that slowed the run.
 */
function cpuSnapshot(pids) {
  const per = {};
  for (const pid of pids) {
    try {
      per[pid] = cpuSeconds(pid).total;
    } catch {
      per[pid] = null;
    }
  }
  return { machine: machineBusySeconds(), per, at: Date.now() };
}

function cpuDiff(a, b) {
  let ours = 0;
  for (const pid of Object.keys(b.per)) if (a.per[pid] !== null && b.per[pid] !== null) ours += b.per[pid] - a.per[pid];
  const machine = b.machine - a.machine;
  const seconds = (b.at - a.at) / 1000;
  return {
    seconds,
    machineBusySec: machine,
    oursSec: ours,
    otherSec: Math.max(0, machine - ours),
    otherCores: Math.max(0, machine - ours) / seconds,
  };
}

module.exports = {
  machineBusySeconds,
  cpuSnapshot,
  cpuDiff,
  cpuSeconds,
  memory,
  io,
  openFds,
  openFilesLimit,
  alive,
  clkTck,
};
