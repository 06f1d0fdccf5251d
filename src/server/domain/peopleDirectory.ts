/**
 * What the workflow needs to know about people, answered by PeopleService: who a PC's OS user is, a person's roles and
 * team, the team's Ketua Tim, and whether a technician is qualified. Kept as an interface so the ticket service does
 * not depend on how accounts, passwords or sessions work.
 */
import type { Role } from '../../shared/roles';
import type { Qualification } from '../../shared/people/qualifications';

export interface Person {
  id: string;
  username: string;
  displayName: string;
  nip: string | null;
  teamId: string | null;
  roles: readonly Role[];
  qualification: Qualification | null;
  disabled: boolean;
}

export interface OsAccountLink {
  person: Person;
  /** False while the claim waits for the Ketua Tim (or an admin) to confirm it. */
  confirmed: boolean;
  linkId: string;
}

export interface PeopleDirectory {
  person(userId: string): Promise<Person | null>;
  /** The person using `osUser` on PC `agentId`: a link for that PC first, else one for that OS user on any PC. */
  byOsAccount(agentId: string, osUser: string): Promise<OsAccountLink | null>;
  /**
   * A first request from an unknown OS account names the person by NIP: the link is recorded unconfirmed, and the
   * Ketua Tim confirms it when approving. Returns null when no person has that NIP.
   */
  claimOsAccount(agentId: string, osUser: string, nip: string): Promise<OsAccountLink | null>;
  confirmOsAccount(linkId: string, confirmedBy: string): Promise<void>;
  /** The Ketua Tim of a team (null when the team has none). */
  teamLead(teamId: string): Promise<Person | null>;
  /** Whether the person may be given technician work: role technician, a recorded qualification, not disabled. */
  isQualifiedTechnician(userId: string): Promise<boolean>;
}
