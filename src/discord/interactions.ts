// Every interaction the bot answers, registered explicitly: the tree is the index.
import type { Translator } from '../i18n/translate.ts';
import { localizeChatInput, localizeContextMenu } from './localize.ts';
import type { Handlers, InteractionHandler } from './router.ts';
import type { CommandDefinition } from './sync.ts';
import { CREATE_TICKET_ID, handleCreateTicket } from './ticket/create-ticket.ts';
import { inboxCommand } from './inbox/inbox-command.ts';
import { handleInboxCommand } from './inbox/inbox-handler.ts';
import { selectMessageCommand } from './inbox/select-message-command.ts';
import { handleSelectMessage } from './inbox/select-message-handler.ts';
import { handleInboxStaffSelect } from './inbox/staff.ts';
import { handleInboxNameModal, handleInboxStarterModal } from './inbox/templates.ts';
import { INBOX_NAME_PREFIX, INBOX_STAFF_PREFIX, INBOX_STARTER_PREFIX } from '../domain/customIds.ts';

const commands = new Map<string, InteractionHandler>();
const components = new Map<string, InteractionHandler>();
const modals = new Map<string, InteractionHandler>();

commands.set(inboxCommand.name, handleInboxCommand);
commands.set(selectMessageCommand.name, handleSelectMessage);
components.set(INBOX_STAFF_PREFIX, handleInboxStaffSelect);
modals.set(INBOX_STARTER_PREFIX, handleInboxStarterModal);
modals.set(INBOX_NAME_PREFIX, handleInboxNameModal);

components.set(CREATE_TICKET_ID, handleCreateTicket);

export const handlers: Handlers = { commands, components, modals };

/** Every application command the bot registers. */
export function buildCommandDefinitions(i18n: Translator): CommandDefinition[] {
  return [localizeChatInput(inboxCommand, i18n), localizeContextMenu(selectMessageCommand, 'select-message', i18n)];
}
