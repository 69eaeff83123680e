// Every interaction the bot answers, listed explicitly (the tree is the index, nothing is
// scanned): the application commands it registers, and the handler for each command, each
// component custom-id prefix and each modal custom-id prefix.
import { INBOX_NAME_PREFIX, INBOX_STAFF_PREFIX, INBOX_STARTER_PREFIX } from '../domain/custom-ids.ts';
import type { Translator } from '../i18n/translate.ts';
import { inboxCommand } from './inbox/inbox-command.ts';
import { handleInboxCommand } from './inbox/inbox-handler.ts';
import { selectMessageCommand } from './inbox/select-message-command.ts';
import { handleSelectMessage } from './inbox/select-message-handler.ts';
import { handleInboxStaffSelect } from './inbox/staff.ts';
import { handleInboxNameModal, handleInboxStarterModal } from './inbox/templates.ts';
import { localizeChatInput, localizeContextMenu } from './localize.ts';
import type { Handlers, InteractionHandler } from './router.ts';
import type { CommandDefinition } from './sync.ts';
import { CREATE_TICKET_ID, handleCreateTicket } from './ticket/create-ticket.ts';

/** The application commands, localised from the Fluent files. */
export function buildCommandDefinitions(i18n: Translator): CommandDefinition[] {
  return [localizeChatInput(inboxCommand, i18n), localizeContextMenu(selectMessageCommand, 'select-message', i18n)];
}

export const handlers: Handlers = {
  commands: new Map<string, InteractionHandler>([
    [inboxCommand.name, handleInboxCommand],
    [selectMessageCommand.name, handleSelectMessage],
  ]),
  components: new Map<string, InteractionHandler>([
    [CREATE_TICKET_ID, handleCreateTicket],
    [INBOX_STAFF_PREFIX, handleInboxStaffSelect],
  ]),
  modals: new Map<string, InteractionHandler>([
    [INBOX_STARTER_PREFIX, handleInboxStarterModal],
    [INBOX_NAME_PREFIX, handleInboxNameModal],
  ]),
};
