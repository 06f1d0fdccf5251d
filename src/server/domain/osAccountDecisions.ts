/**
 * Who may decide on an OS-account link, and the decisions themselves, for the console's /api/v1/os-accounts routes
 * and the tray's Approvals page alike: an admin decides on any link; the Ketua Tim of the linked person's team
 * confirms or refuses a pending claim (one made by NIP at a first request); nobody else decides anything. The
 * changes are OsAccountService's, audited there.
 */
import { ErrorCodes, PasangError } from '../../shared/errors';
import type { AuditActor } from './personRecords';
import type { OsAccountQuery, OsAccountRecord, OsAccountService } from './osAccountService';

/** The one deciding: whether they are an admin, and the teams they lead as Ketua Tim (none for others). */
export interface OsAccountDecider {
  /** Recorded as the one who confirmed: the person, or the API token's id. */
  actorId: string;
  admin: boolean;
  ledTeamIds: readonly string[];
}

export class OsAccountDecisions {
  constructor(private readonly links: OsAccountService) {}

  /** Whether the decider may see and decide on any claims at all (an admin, or the Ketua Tim of some team). */
  decidesAny(d: OsAccountDecider): boolean {
    return d.admin || d.ledTeamIds.length > 0;
  }

  /** The links the decider may decide on; a Ketua Tim sees their teams' members only. */
  list(d: OsAccountDecider, q: Omit<OsAccountQuery, 'teamIds'> = {}): Promise<OsAccountRecord[]> {
    return this.links.list({ ...q, ...(d.admin ? {} : { teamIds: d.ledTeamIds }) });
  }

  /** The link, if the decider may decide on it; 403 otherwise, found or not (no probing of other teams' links). */
  async decidable(d: OsAccountDecider, id: string): Promise<OsAccountRecord> {
    const link = await this.links.get(id);
    if (d.admin) {
      if (!link) throw new PasangError(ErrorCodes.NOT_FOUND, 'no such OS account link');
      return link;
    }
    if (!link || !link.teamId || !d.ledTeamIds.includes(link.teamId)) {
      throw new PasangError(ErrorCodes.FORBIDDEN, "only an admin or the Ketua Tim of the person's team decides on this OS account");
    }
    return link;
  }

  /** Confirms a claim (confirming one already confirmed keeps the first confirmation); returns the link as it is now. */
  async confirm(d: OsAccountDecider, id: string, by: AuditActor): Promise<OsAccountRecord> {
    const link = await this.decidable(d, id);
    await this.links.confirm(link.id, d.actorId, by);
    return (await this.links.get(link.id))!;
  }

  /** Refuses a pending claim, or (an admin only) removes a confirmed link. */
  async remove(d: OsAccountDecider, id: string, by: AuditActor): Promise<OsAccountRecord> {
    const link = await this.decidable(d, id);
    if (link.confirmed && !d.admin) throw new PasangError(ErrorCodes.FORBIDDEN, 'only an admin removes a confirmed link');
    await this.links.delete(link.id, by);
    return link;
  }
}
