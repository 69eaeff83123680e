// Every interaction handler, registered explicitly: the tree is the index.
import type { Handlers, InteractionHandler } from './router.ts';

const commands = new Map<string, InteractionHandler>();
const components = new Map<string, InteractionHandler>();
const modals = new Map<string, InteractionHandler>();

export const handlers: Handlers = { commands, components, modals };
