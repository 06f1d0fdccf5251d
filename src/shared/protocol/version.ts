/** Wire protocol version and the capabilities each side announces (cf. Fleet's X-Fleet-Capabilities). */
export const PROTOCOL_VERSION = 1;

export const Capabilities = {
  /** Agent sends inventories and live metrics, and honours `settings`. */
  INVENTORY: 'inventory.v1',
  METRICS: 'metrics.v1',
  /** Agent can stream metrics at the fast interval while someone watches. */
  LIVE_WATCH: 'live-watch.v1',
  /** Agent relays the tray's requests and ticket actions, and passes ticket events on to it. */
  TICKETS: 'tickets.v1',
} as const;

export type Capability = (typeof Capabilities)[keyof typeof Capabilities];
