// Every interaction handler, registered explicitly: the tree is the index.
import type { Handlers, InteractionHandler } from './router.ts';
import { CREATE_TICKET_ID, handleCreateTicket } from './components/create-ticket.ts';
import { inboxCommand } from './commands/inbox.ts';
import { handleInboxCommand } from './commands/inboxHandler.ts';
import { selectMessageCommand } from './commands/selectMessage.ts';
import { handleSelectMessage } from './commands/selectMessageHandler.ts';
import { handleInboxStaffSelect } from './components/inbox-staff.ts';
import { handleInboxNameModal, handleInboxStarterModal } from './modals/inbox-templates.ts';
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
