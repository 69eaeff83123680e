/**
 * Gateway intents, from the Discord documentation page "Gateway", sections
 * "List of Intents", "Caveats", "Privileged Intents" and "Message Content
 * Intent".
 */

export const I = {
  GUILDS: 1 << 0,
  GUILD_MEMBERS: 1 << 1,
  GUILD_MODERATION: 1 << 2,
  GUILD_EXPRESSIONS: 1 << 3,
  GUILD_INTEGRATIONS: 1 << 4,
  GUILD_WEBHOOKS: 1 << 5,
  GUILD_INVITES: 1 << 6,
  GUILD_VOICE_STATES: 1 << 7,
  GUILD_PRESENCES: 1 << 8,
  GUILD_MESSAGES: 1 << 9,
  GUILD_MESSAGE_REACTIONS: 1 << 10,
  GUILD_MESSAGE_TYPING: 1 << 11,
  DIRECT_MESSAGES: 1 << 12,
  DIRECT_MESSAGE_REACTIONS: 1 << 13,
  DIRECT_MESSAGE_TYPING: 1 << 14,
  MESSAGE_CONTENT: 1 << 15,
  GUILD_SCHEDULED_EVENTS: 1 << 16,
  AUTO_MODERATION_CONFIGURATION: 1 << 20,
  AUTO_MODERATION_EXECUTION: 1 << 21,
  GUILD_MESSAGE_POLLS: 1 << 24,
  DIRECT_MESSAGE_POLLS: 1 << 25,
} as const;

export const ALL_INTENTS: number = Object.values(I).reduce((acc, bit) => acc | bit, 0);
export const PRIVILEGED_INTENTS: number = I.GUILD_MEMBERS | I.GUILD_PRESENCES | I.MESSAGE_CONTENT;

/** Application flags that mirror privileged intents toggled in the portal for an app in < 100 guilds. */
export const APP_FLAG = {
  GATEWAY_PRESENCE_LIMITED: 1 << 13,
  GATEWAY_GUILD_MEMBERS_LIMITED: 1 << 15,
  GATEWAY_MESSAGE_CONTENT_LIMITED: 1 << 19,
  APPLICATION_COMMAND_BADGE: 1 << 23,
} as const;

export function applicationFlagsFor(privilegedIntents: number, hasGlobalCommands: boolean): number {
  let flags = 0;
  if (privilegedIntents & I.GUILD_PRESENCES) flags |= APP_FLAG.GATEWAY_PRESENCE_LIMITED;
  if (privilegedIntents & I.GUILD_MEMBERS) flags |= APP_FLAG.GATEWAY_GUILD_MEMBERS_LIMITED;
  if (privilegedIntents & I.MESSAGE_CONTENT) flags |= APP_FLAG.GATEWAY_MESSAGE_CONTENT_LIMITED;
  if (hasGlobalCommands) flags |= APP_FLAG.APPLICATION_COMMAND_BADGE;
  return flags;
}

const GUILD_EVENTS: Record<string, number> = {
  GUILD_CREATE: I.GUILDS,
  GUILD_UPDATE: I.GUILDS,
  GUILD_DELETE: I.GUILDS,
  GUILD_ROLE_CREATE: I.GUILDS,
  GUILD_ROLE_UPDATE: I.GUILDS,
  GUILD_ROLE_DELETE: I.GUILDS,
  CHANNEL_CREATE: I.GUILDS,
  CHANNEL_UPDATE: I.GUILDS,
  CHANNEL_DELETE: I.GUILDS,
  THREAD_CREATE: I.GUILDS,
  THREAD_UPDATE: I.GUILDS,
  THREAD_DELETE: I.GUILDS,
  THREAD_LIST_SYNC: I.GUILDS,
  THREAD_MEMBER_UPDATE: I.GUILDS,
  THREAD_MEMBERS_UPDATE: I.GUILDS,
  STAGE_INSTANCE_CREATE: I.GUILDS,
  STAGE_INSTANCE_UPDATE: I.GUILDS,
  STAGE_INSTANCE_DELETE: I.GUILDS,
  GUILD_MEMBER_ADD: I.GUILD_MEMBERS,
  GUILD_MEMBER_UPDATE: I.GUILD_MEMBERS,
  GUILD_MEMBER_REMOVE: I.GUILD_MEMBERS,
  GUILD_AUDIT_LOG_ENTRY_CREATE: I.GUILD_MODERATION,
  GUILD_BAN_ADD: I.GUILD_MODERATION,
  GUILD_BAN_REMOVE: I.GUILD_MODERATION,
  GUILD_EMOJIS_UPDATE: I.GUILD_EXPRESSIONS,
  GUILD_STICKERS_UPDATE: I.GUILD_EXPRESSIONS,
  GUILD_SOUNDBOARD_SOUND_CREATE: I.GUILD_EXPRESSIONS,
  GUILD_SOUNDBOARD_SOUND_UPDATE: I.GUILD_EXPRESSIONS,
  GUILD_SOUNDBOARD_SOUND_DELETE: I.GUILD_EXPRESSIONS,
  GUILD_SOUNDBOARD_SOUNDS_UPDATE: I.GUILD_EXPRESSIONS,
  GUILD_INTEGRATIONS_UPDATE: I.GUILD_INTEGRATIONS,
  INTEGRATION_CREATE: I.GUILD_INTEGRATIONS,
  INTEGRATION_UPDATE: I.GUILD_INTEGRATIONS,
  INTEGRATION_DELETE: I.GUILD_INTEGRATIONS,
  WEBHOOKS_UPDATE: I.GUILD_WEBHOOKS,
  INVITE_CREATE: I.GUILD_INVITES,
  INVITE_DELETE: I.GUILD_INVITES,
  VOICE_STATE_UPDATE: I.GUILD_VOICE_STATES,
  VOICE_CHANNEL_EFFECT_SEND: I.GUILD_VOICE_STATES,
  PRESENCE_UPDATE: I.GUILD_PRESENCES,
  MESSAGE_CREATE: I.GUILD_MESSAGES,
  MESSAGE_UPDATE: I.GUILD_MESSAGES,
  MESSAGE_DELETE: I.GUILD_MESSAGES,
  MESSAGE_DELETE_BULK: I.GUILD_MESSAGES,
  MESSAGE_REACTION_ADD: I.GUILD_MESSAGE_REACTIONS,
  MESSAGE_REACTION_REMOVE: I.GUILD_MESSAGE_REACTIONS,
  MESSAGE_REACTION_REMOVE_ALL: I.GUILD_MESSAGE_REACTIONS,
  MESSAGE_REACTION_REMOVE_EMOJI: I.GUILD_MESSAGE_REACTIONS,
  TYPING_START: I.GUILD_MESSAGE_TYPING,
  CHANNEL_PINS_UPDATE: I.GUILDS,
  GUILD_SCHEDULED_EVENT_CREATE: I.GUILD_SCHEDULED_EVENTS,
  GUILD_SCHEDULED_EVENT_UPDATE: I.GUILD_SCHEDULED_EVENTS,
  GUILD_SCHEDULED_EVENT_DELETE: I.GUILD_SCHEDULED_EVENTS,
  GUILD_SCHEDULED_EVENT_USER_ADD: I.GUILD_SCHEDULED_EVENTS,
  GUILD_SCHEDULED_EVENT_USER_REMOVE: I.GUILD_SCHEDULED_EVENTS,
  AUTO_MODERATION_RULE_CREATE: I.AUTO_MODERATION_CONFIGURATION,
  AUTO_MODERATION_RULE_UPDATE: I.AUTO_MODERATION_CONFIGURATION,
  AUTO_MODERATION_RULE_DELETE: I.AUTO_MODERATION_CONFIGURATION,
  AUTO_MODERATION_ACTION_EXECUTION: I.AUTO_MODERATION_EXECUTION,
  MESSAGE_POLL_VOTE_ADD: I.GUILD_MESSAGE_POLLS,
  MESSAGE_POLL_VOTE_REMOVE: I.GUILD_MESSAGE_POLLS,
};

const DM_EVENTS: Record<string, number> = {
  MESSAGE_CREATE: I.DIRECT_MESSAGES,
  MESSAGE_UPDATE: I.DIRECT_MESSAGES,
  MESSAGE_DELETE: I.DIRECT_MESSAGES,
  CHANNEL_PINS_UPDATE: I.DIRECT_MESSAGES,
  MESSAGE_REACTION_ADD: I.DIRECT_MESSAGE_REACTIONS,
  MESSAGE_REACTION_REMOVE: I.DIRECT_MESSAGE_REACTIONS,
  MESSAGE_REACTION_REMOVE_ALL: I.DIRECT_MESSAGE_REACTIONS,
  MESSAGE_REACTION_REMOVE_EMOJI: I.DIRECT_MESSAGE_REACTIONS,
  TYPING_START: I.DIRECT_MESSAGE_TYPING,
  MESSAGE_POLL_VOTE_ADD: I.DIRECT_MESSAGE_POLLS,
  MESSAGE_POLL_VOTE_REMOVE: I.DIRECT_MESSAGE_POLLS,
};

/**
 * The intent a session needs to receive `event`; 0 means "always sent".
 * `inGuild` picks between the guild and direct-message variants of message,
 * reaction, typing and pin events.
 */
export function requiredIntent(event: string, inGuild: boolean): number {
  if (!inGuild && event in DM_EVENTS) return DM_EVENTS[event] ?? 0;
  return GUILD_EVENTS[event] ?? 0;
}

/** Events whose payload is a message object subject to the MESSAGE_CONTENT rules. */
export const MESSAGE_PAYLOAD_EVENTS = new Set(['MESSAGE_CREATE', 'MESSAGE_UPDATE']);

interface MessageLike {
  author?: { id?: string };
  mentions?: Array<{ id?: string }>;
  guild_id?: string;
  [k: string]: unknown;
}

/**
 * Returns the message as an app without the MESSAGE_CONTENT intent sees it:
 * empty content, embeds, attachments and components, no poll — except for
 * the app's own messages, DMs, and messages that mention the app.
 */
export function redactMessageContent<T extends MessageLike>(message: T, botUserId: string, inGuild: boolean): T {
  if (!inGuild) return message;
  if (message.author?.id === botUserId) return message;
  if (Array.isArray(message.mentions) && message.mentions.some((u) => u?.id === botUserId)) return message;
  const copy: MessageLike = { ...message };
  if ('content' in copy) copy.content = '';
  if ('embeds' in copy) copy.embeds = [];
  if ('attachments' in copy) copy.attachments = [];
  if ('components' in copy) copy.components = [];
  delete copy.poll;
  if (copy.referenced_message && typeof copy.referenced_message === 'object') {
    copy.referenced_message = redactMessageContent(copy.referenced_message as MessageLike, botUserId, inGuild);
  }
  return copy as T;
}
