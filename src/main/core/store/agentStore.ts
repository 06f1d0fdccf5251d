/**
 * The agent's small persistent settings (credential, server, pinned key, last acknowledged inventory hash): one
 * interface, with `conf` behind it headless and electron-store behind it in the Electron shell.
 */
export interface AgentStoreData {
  serverUrl?: string;
  agentId?: string;
  agentSecret?: string;
  /** The server's Ed25519 public key (PEM), pinned at enrollment. */
  serverPublicKey?: string;
  /** SHA-256 (hex) of the server's TLS certificate, when pinned. */
  serverCertSha256?: string;
  /** Hash of the last inventory the server acknowledged. */
  inventoryHash?: string;
  enrolledAt?: string;
}

export interface AgentStore {
  get<K extends keyof AgentStoreData>(key: K): AgentStoreData[K];
  /** Writes at once and durably (the credential must survive a crash right after enrollment). */
  set(values: Partial<AgentStoreData>): void;
  delete(key: keyof AgentStoreData): void;
  /** Where the data lives, for logs and support. */
  readonly path: string;
}
