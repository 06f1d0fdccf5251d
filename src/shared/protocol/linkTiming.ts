/**
 * How long either end of the agent link may stay quiet. The agent treats a server it has heard nothing from (no frame,
 * no ping) for AGENT_SILENCE_TIMEOUT_MS as gone and reconnects; the server pings an agent that has sent nothing for a
 * heartbeat interval, and otherwise says nothing to it but acknowledgements. So whatever the server holds back —
 * metrics acknowledgements above all — must reach the agent well within the agent's silence timeout.
 */
export const AGENT_SILENCE_TIMEOUT_MS = 75_000;

/** The server pings a silent agent once per this interval. */
export const SERVER_HEARTBEAT_MS = 30_000;

/**
 * Longest the server holds a metrics acknowledgement. At metrics every 10 s, one ack frame then carries ~6 samples
 * instead of 3 (a frame each way costs a write syscall: at 19,500 agents the held acks' writes were 16 % of the
 * server's main thread, profiled). 20 s short of the agent's silence timeout, so a sweep late by a busy event loop
 * still arrives in time.
 */
export const METRICS_ACK_HOLD_MS = AGENT_SILENCE_TIMEOUT_MS - 20_000;
