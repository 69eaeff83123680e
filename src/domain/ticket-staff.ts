// Who may do what to a ticket (SPEC §10). The bot decides this itself, from the inbox's
// staff list and the member who acted; Discord's command permissions only decide who
// sees a command. Pure: the caller supplies the member's permissions.
import { Permission } from './permissions.ts';
import { parseStaffMention } from './inbox-staff.ts';

export interface StaffCheck {
  userId: string;
  roleIds: readonly string[];
  /** The inbox's staff mentions (`<@id>`, `<@&id>`); empty when the inbox is gone. */
  staff: readonly string[];
  /** The member's permissions in the ticket (or its parent channel); null when unknown. */
  permissions: bigint | null;
}

/** Staff of a ticket: named in its inbox's staff, holding a listed role, or with Manage Threads where it lives. */
export function isTicketStaff(check: StaffCheck): boolean {
  if (check.permissions !== null && (check.permissions & Permission.ManageThreads) !== 0n) return true;
  for (const mention of check.staff) {
    const target = parseStaffMention(mention);
    if (!target) continue;
    if (target.kind === 'user' ? target.id === check.userId : check.roleIds.includes(target.id)) return true;
  }
  return false;
}

export type TicketAction = 'close' | 'reopen' | 'claim' | 'unclaim' | 'rename' | 'add' | 'remove';

/** The owner may close their ticket; everything else is for staff. */
export function mayActOnTicket(action: TicketAction, who: { owner: boolean; staff: boolean }): boolean {
  if (who.staff) return true;
  return action === 'close' && who.owner;
}
