/** The agent's link to the server, as the tray shows it. Declared here so core and the tray share one list. */
export const ConnectionStateNames = ['connecting', 'connected', 'offline', 'refused', 'stopped'] as const;
export type ConnectionStateName = (typeof ConnectionStateNames)[number];
