// Checks a staff menu or a template form passes before it saves anything: the person may
// still edit inboxes (./../../domain/inbox-permissions.ts mayStillEditInbox), and the
// payload is one Discord could have sent.
import { UserError } from '../../domain/errors.ts';
import { mayStillEditInbox } from '../../domain/inbox-permissions.ts';
import type { InboxEditId } from '../../domain/custom-ids.ts';
import { Permission } from '../../domain/permissions.ts';
import type { InteractionContext } from '../router.ts';

/** Whether the menu or form now being shown is opened by someone without Manage Server (see InboxEditId). */
export function openedByDelegate(ctx: InteractionContext): boolean {
  const permissions = ctx.actor.permissions;
  return permissions !== null && (permissions & (Permission.ManageGuild | Permission.Administrator)) === 0n;
}

/** Refuses, in the person's language, when they lost Manage Server since the menu or form was opened. */
export function assertMayStillEdit(ctx: InteractionContext, edit: InboxEditId): void {
  if (!mayStillEditInbox(edit.delegated, ctx.actor.permissions)) throw new UserError('inbox-manage-server-needed');
}

/** A payload Discord would never send: logged, answered plainly, nothing changed. */
export function refuseOddPayload(ctx: InteractionContext, problem: string): never {
  ctx.deps.logger.child('interactions').warn('Ignoring an interaction Discord would not send', { id: ctx.interaction.id, problem });
  throw new UserError('interaction-invalid');
}
