// Every interaction the bot answers, listed explicitly (the tree is the index, nothing is
// scanned): the application commands it registers, and the handler for each command, each
// component custom-id prefix and each modal custom-id prefix.
import {
  INBOX_NAME_PREFIX,
  INBOX_SETTINGS_PREFIX,
  INBOX_STAFF_PREFIX,
  INBOX_STARTER_PREFIX,
  INBOX_TOPICS_PREFIX,
  TICKET_CLAIM_ID,
  TICKET_CLOSE_ID,
  TICKET_CLOSE_MODAL_PREFIX,
} from '../domain/custom-ids.ts';
import type { Translator } from '../i18n/translate.ts';
import { inboxCommand } from './inbox/inbox-command.ts';
import { handleInboxCommand } from './inbox/inbox-handler.ts';
import { selectMessageCommand } from './inbox/select-message-command.ts';
import { handleSelectMessage } from './inbox/select-message-handler.ts';
import { handleInboxSettingsComponent, handleInboxSettingsModal } from './inbox/settings.ts';
import { handleInboxStaffSelect } from './inbox/staff.ts';
import { handleInboxTopicsComponent, handleInboxTopicsModal } from './inbox/topics.ts';
import { handleInboxNameModal, handleInboxStarterModal } from './inbox/templates.ts';
import { localizeChatInput, localizeContextMenu } from './localize.ts';
import type { Handlers, InteractionHandler } from './router.ts';
import type { CommandDefinition } from './sync.ts';
import { handleTicketClaimButton } from './ticket/claim.ts';
import { handleTicketCloseButton, handleTicketCloseModal } from './ticket/close.ts';
import { CREATE_TICKET_FORM_PREFIX, CREATE_TICKET_ID, CREATE_TICKET_SELECT_ID, handleCreateTicket, handleCreateTicketForm, handleCreateTicketSelect } from './ticket/create-ticket.ts';
import { ticketCommand } from './ticket/ticket-command.ts';
import { handleTicketCommand } from './ticket/ticket-handler.ts';

/** The application commands, localised from the Fluent files. */
export function buildCommandDefinitions(i18n: Translator): CommandDefinition[] {
  return [
    localizeChatInput(inboxCommand, i18n),
    localizeContextMenu(selectMessageCommand, 'select-message', i18n),
    localizeChatInput(ticketCommand, i18n),
  ];
}

export const handlers: Handlers = {
  commands: new Map<string, InteractionHandler>([
    [inboxCommand.name, handleInboxCommand],
    [selectMessageCommand.name, handleSelectMessage],
    [ticketCommand.name, handleTicketCommand],
  ]),
  components: new Map<string, InteractionHandler>([
    [CREATE_TICKET_ID, handleCreateTicket],
    [CREATE_TICKET_SELECT_ID, handleCreateTicketSelect],
    [INBOX_TOPICS_PREFIX, handleInboxTopicsComponent],
    [INBOX_STAFF_PREFIX, handleInboxStaffSelect],
    [INBOX_SETTINGS_PREFIX, handleInboxSettingsComponent],
    [TICKET_CLOSE_ID, handleTicketCloseButton],
    [TICKET_CLAIM_ID, handleTicketClaimButton],
  ]),
  modals: new Map<string, InteractionHandler>([
    [INBOX_STARTER_PREFIX, handleInboxStarterModal],
    [INBOX_NAME_PREFIX, handleInboxNameModal],
    [INBOX_SETTINGS_PREFIX, handleInboxSettingsModal],
    [TICKET_CLOSE_MODAL_PREFIX, handleTicketCloseModal],
    [CREATE_TICKET_FORM_PREFIX, handleCreateTicketForm],
    [INBOX_TOPICS_PREFIX, handleInboxTopicsModal],
  ]),
};
