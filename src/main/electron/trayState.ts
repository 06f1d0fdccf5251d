/**
 * The tray as a state machine rendered whole (Signal's SystemTrayService, Fleet's SetConnected/SetOffline): the
 * shell feeds it what the agent and the server say, each setter returns early when nothing changed, and every real
 * change makes one render of icon, tooltip and menu from the whole state. Pure: the Electron objects live in the
 * render callback the shell passes in.
 */
import type { AgentStatusView } from '../../shared/agentApi';
import type { ConnectionStateName } from '../../shared/connectionState';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/language';
import type { PersonView } from '../../shared/protocol/userOps';
import type { TicketView } from '../../shared/ticketsApi';

/** The agent's link to the server, or `service_down` when the tray cannot reach the agent service at all. */
export type TrayConnection = ConnectionStateName | 'service_down';

export interface TrayState {
  connection: TrayConnection;
  /** The install running on this PC now. */
  installing: { jobId: string; itemName: string | null; state: string } | null;
  /** The user's tickets waiting for their sign-off (SOP step 6). */
  needsSignOff: number;
  /** Requests of the team waiting for this Ketua Tim. */
  pendingApprovals: number;
  /** Admin / PJK TI or Teknisi: may open the console. */
  isStaff: boolean;
  /** Ketua Tim: sees Persetujuan. */
  isTeamLead: boolean;
  language: Language;
}

export const INITIAL_TRAY_STATE: TrayState = {
  connection: 'connecting',
  installing: null,
  needsSignOff: 0,
  pendingApprovals: 0,
  isStaff: false,
  isTeamLead: false,
  language: DEFAULT_LANGUAGE,
};

export type TrayRender = (state: Readonly<TrayState>) => void;

export class TrayStateStore {
  private current: TrayState;

  constructor(
    private readonly render: TrayRender,
    initial: Partial<TrayState> = {},
  ) {
    this.current = { ...INITIAL_TRAY_STATE, ...initial };
  }

  get state(): Readonly<TrayState> {
    return this.current;
  }

  /** Applies what changed and renders once; false (and no render) when nothing did. */
  update(patch: Partial<TrayState>): boolean {
    const next = { ...this.current, ...patch };
    if (sameTrayState(next, this.current)) return false;
    this.current = next;
    this.render(this.current);
    return true;
  }

  setConnection(connection: TrayConnection): boolean {
    return this.update({ connection });
  }

  setInstalling(installing: TrayState['installing']): boolean {
    return this.update({ installing });
  }

  setNeedsSignOff(needsSignOff: number): boolean {
    return this.update({ needsSignOff });
  }

  setPendingApprovals(pendingApprovals: number): boolean {
    return this.update({ pendingApprovals });
  }

  setLanguage(language: Language): boolean {
    return this.update({ language });
  }

  /** Shows the first state (the tray must not stay blank until something changes). */
  renderNow(): void {
    this.render(this.current);
  }
}

export function sameTrayState(a: TrayState, b: TrayState): boolean {
  return (
    a.connection === b.connection &&
    a.needsSignOff === b.needsSignOff &&
    a.pendingApprovals === b.pendingApprovals &&
    a.isStaff === b.isStaff &&
    a.isTeamLead === b.isTeamLead &&
    a.language === b.language &&
    (a.installing === b.installing ||
      (a.installing !== null &&
        b.installing !== null &&
        a.installing.jobId === b.installing.jobId &&
        a.installing.itemName === b.installing.itemName &&
        a.installing.state === b.installing.state))
  );
}

/** What the agent's status says about the tray (byte counts change too often to render on). */
export function trayPatchFromStatus(status: AgentStatusView): Pick<TrayState, 'connection' | 'installing'> {
  const i = status.installing;
  return {
    connection: status.connection,
    installing: i ? { jobId: i.jobId, itemName: i.itemName, state: i.state } : null,
  };
}

/** Roles as the server knows the person (no person yet: an employee with no extra entries). */
export function trayPatchFromPerson(person: PersonView | null): Pick<TrayState, 'isStaff' | 'isTeamLead'> {
  const roles = new Set(person?.roles ?? []);
  return { isStaff: roles.has('admin') || roles.has('technician'), isTeamLead: roles.has('team_lead') };
}

/** Tickets of the user's that wait for their sign-off. */
export function countNeedsSignOff(tickets: readonly TicketView[]): number {
  return tickets.filter((t) => t.state === 'awaiting_signoff' && t.actions.includes('sign_off')).length;
}
