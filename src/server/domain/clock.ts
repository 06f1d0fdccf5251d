/** Time, injected so that expiry, retention and SOP timings are tested with a clock rather than sleeps. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
