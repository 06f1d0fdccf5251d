/**
 * How the agent service learns which OS user is at the other end of its local socket. Node cannot read the peer's
 * credentials (SO_PEERCRED, GetNamedPipeClientProcessId), so the caller proves the user it claims: the service, running
 * as root/SYSTEM, writes a random nonce into a file only that user can read, and the caller must send it back.
 */
export interface IssuedChallenge {
  /** Where the nonce is: told to the client. */
  path: string;
  nonce: string;
  /** Deletes the file (after the proof, or when the connection goes). Never throws. */
  dispose(): Promise<void>;
}

export interface CallerChallenger {
  /**
   * Writes a nonce readable by `osUser` alone.
   *
   * @throws PasangError CALLER_UNVERIFIED for a name that is not a user here (or one this service cannot verify).
   */
  issue(osUser: string): Promise<IssuedChallenge>;
}

/** Compares two nonces in time independent of where they differ. */
export function sameNonce(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
