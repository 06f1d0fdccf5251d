'use strict';
/**
 * Milliseconds on the machine's monotonic clock (CLOCK_MONOTONIC, which process.hrtime reads): one clock for every
 * process on this machine, so a time taken in a simulator and one taken in the benchmark compare.
 * `performance.timeOrigin + performance.now()` does not: each process fixes its time origin from the wall clock when
 * it starts, and two processes were seen to disagree by several milliseconds (a one-PC push "arriving" 4 ms before
 * it was sent).
 */
const machineMs = () => Number(process.hrtime.bigint()) / 1e6;

module.exports = { machineMs };
