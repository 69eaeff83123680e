/**
 * Interactions: people using the bot's commands and components. Each call
 * builds the INTERACTION_CREATE payload Discord sends ("Receiving and
 * Responding — Interaction Object"; "Application Commands" for command data
 * and `resolved`; "Component Reference" for component and modal data),
 * dispatches it, and tracks the interaction's token for the callback and
 * webhook endpoints ("Receiving and Responding — Interaction Callback,
 * Followup Messages, Endpoints"): one initial response within 3 seconds
 * (else the token is invalidated: 10062 on the callback), 40060 for a second
 * one, tokens valid for 15 minutes.
 */

import { randomBytes } from 'node:crypto';
import { isDiscordLocale } from './locales.ts';
import {
  ComponentType,
  interactiveComponents,
  isObject,
  PARSE_ALL,
  parseMessageBody,
} from './message-body.ts';
import { buildModalSubmit, checkModal, type ModalFieldValue, type ModalFile } from './modals.ts';
import { buildAttachments, editMessage, MessageFlags, MessageType, publishMessage, removeMessage, resolveAttachmentUrls, resolveMentions } from './messages.ts';
import { hasPermission, P } from './permissions.ts';
import { ApiError, Errors, FormErrors } from './rest/errors.ts';
import type { UploadedFile } from './rest/router.ts';
import type { Clock } from './snowflake.ts';
import { isThreadType, type World } from './state.ts';
import type { ApplicationCommand, ApplicationCommandOption, Message } from './types.ts';

export const InteractionType = { PING: 1, APPLICATION_COMMAND: 2, MESSAGE_COMPONENT: 3, AUTOCOMPLETE: 4, MODAL_SUBMIT: 5 } as const;
export const CallbackType = {
  PONG: 1,
  CHANNEL_MESSAGE_WITH_SOURCE: 4,
  DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: 5,
  DEFERRED_UPDATE_MESSAGE: 6,
  UPDATE_MESSAGE: 7,
  AUTOCOMPLETE_RESULT: 8,
  MODAL: 9,
  PREMIUM_REQUIRED: 10,
  LAUNCH_ACTIVITY: 12,
} as const;

/** The initial response as the bot sent it. */
export interface InteractionResponse {
  type: number;
  data?: any;
}

export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** The INTERACTION_CREATE payload as dispatched. */
  readonly payload: any;
  /** The initial response; rejects when none came within the deadline (3 s). */
  readonly response: Promise<InteractionResponse>;
  /** The original response message after all edits (for DEFERRED_UPDATE_MESSAGE / UPDATE_MESSAGE: the component's message); null when none or deleted. */
  original(): Message | null;
  /** Resolves once original() exists and satisfies `pred`; rejects after `timeoutMs` (default 10 s). */
  waitForOriginal(pred?: (m: Message) => boolean, timeoutMs?: number): Promise<Message>;
  /** Followup messages still present, oldest first. */
  followups(): Message[];
  /** The modal sent as the response (callback type 9), or null. */
  modal(): any | null;
}

export interface BaseInteractionInput {
  userId: string;
  /** The invoking user's client language (default 'en-US'). */
  locale?: string;
}

export interface SlashCommandInput extends BaseInteractionInput {
  guildId: string;
  channelId: string;
  /** Top-level command name. */
  command: string;
  subcommandGroup?: string;
  subcommand?: string;
  /** Option values by name; user/channel/role/mentionable options take ids and fill `resolved`. */
  options?: Record<string, string | number | boolean>;
}

export interface MessageCommandInput extends BaseInteractionInput {
  guildId: string;
  channelId: string;
  command: string;
  targetMessageId: string;
}

export interface UserCommandInput extends BaseInteractionInput {
  guildId: string;
  channelId: string;
  command: string;
  targetUserId: string;
}

export interface ClickButtonInput extends BaseInteractionInput {
  messageId: string;
  customId: string;
}

export interface SelectMenuInput extends BaseInteractionInput {
  messageId: string;
  customId: string;
  values: string[];
}

export interface SubmitModalInput {
  from: InteractionHandle;
  /**
   * Answers by custom_id: a string for a text input; a list of strings (or one string) for a
   * select or checkbox group; a string or null for a radio group; a boolean for a checkbox;
   * files for a file upload. Inputs left out submit their pre-filled value or defaults.
   */
  fields: Record<string, ModalFieldValue>;
  /** Defaults to the user the modal was shown to (only that user can submit it). */
  userId?: string;
  locale?: string;
}

export interface InteractionsOptions {
  world: World;
  clock: Clock;
  baseUrl: () => string;
  /** Time allowed for the initial response (default 3000 ms). */
  responseDeadlineMs?: number;
  /** Lifetime of interaction tokens (default 15 minutes). */
  tokenLifetimeMs?: number;
}

type Kind = 'command' | 'component' | 'modal';

interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  kind: Kind;
  guildId: string;
  channelId: string;
  userId: string;
  createdAt: number;
  payload: Record<string, any>;
  /** The message a component was used on (also for modals opened from a component). */
  sourceMessageId?: string;
  commandName?: string;
  commandType?: number;
  targetId?: string;
  acknowledged: boolean;
  /** The 3-second deadline passed without a response: the token is dead. */
  invalid: boolean;
  responseType?: number;
  /** The modal as the bot sent it. */
  modal?: Record<string, unknown>;
  /** The modal as Discord keeps it (component ids filled in), for the submit. */
  modalForm?: Record<string, unknown>;
  originalId?: string;
  followupIds: string[];
  resolve: (r: InteractionResponse) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | null;
}

/** Default attachment size limit of a guild without boosts, in bytes. */
const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;
const RESPONSE_FLAGS = MessageFlags.SUPPRESS_EMBEDS | MessageFlags.EPHEMERAL | MessageFlags.IS_COMPONENTS_V2 |
  MessageFlags.IS_VOICE_MESSAGE | MessageFlags.SUPPRESS_NOTIFICATIONS;
const SELECTS = new Set<number>([3, 5, 6, 7, 8]);
const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;

export class Interactions {
  readonly #world: World;
  readonly #clock: Clock;
  readonly #baseUrl: () => string;
  readonly #deadlineMs: number;
  readonly #lifetimeMs: number;
  readonly #byId = new Map<string, InteractionRecord>();
  readonly #byToken = new Map<string, InteractionRecord>();
  readonly #handles = new WeakMap<InteractionHandle, InteractionRecord>();
  readonly #handleById = new Map<string, InteractionHandle>();
  /** Ephemeral message id → the only user who sees it. */
  readonly #ephemeralOwner = new Map<string, string>();

  constructor(opts: InteractionsOptions) {
    this.#world = opts.world;
    this.#clock = opts.clock;
    this.#baseUrl = opts.baseUrl;
    this.#deadlineMs = opts.responseDeadlineMs ?? 3000;
    this.#lifetimeMs = opts.tokenLifetimeMs ?? 15 * 60_000;
  }

  /** The handle of an interaction started earlier, by interaction id. */
  handle(id: string): InteractionHandle | undefined {
    return this.#handleById.get(id);
  }

  /** A summary for the control API: state, response, original, followups, modal. */
  describe(id: string): Record<string, unknown> | undefined {
    const rec = this.#byId.get(id);
    const handle = this.#handleById.get(id);
    if (!rec || !handle) return undefined;
    return {
      id: rec.id,
      token: rec.token,
      state: rec.acknowledged ? 'acknowledged' : rec.invalid ? 'failed' : 'pending',
      responseType: rec.responseType ?? null,
      original: handle.original(),
      followups: handle.followups(),
      modal: handle.modal(),
      payload: rec.payload,
    };
  }

  close(): void {
    for (const rec of this.#byId.values()) {
      if (rec.timer) clearTimeout(rec.timer);
      rec.timer = null;
    }
  }

  // ------------------------------------------------------------ people acting

  runSlashCommand(p: SlashCommandInput): InteractionHandle {
    const world = this.#world;
    const ctx = this.#context(p.guildId, p.channelId, p.userId, p.locale);
    const cmd = this.#findCommand(p.guildId, 1, p.command);
    this.#checkCommandUse(cmd, ctx);
    let defs = cmd.options ?? [];
    const leafOptions: Array<Record<string, unknown>> = [];
    const resolved = new Resolved();
    let options: Array<Record<string, unknown>> = leafOptions;
    if (p.subcommandGroup !== undefined) {
      const group = defs.find((o) => o.type === SUBCOMMAND_GROUP && o.name === p.subcommandGroup);
      if (!group) throw new Error(`/${cmd.name} has no subcommand group "${p.subcommandGroup}"`);
      if (p.subcommand === undefined) throw new Error(`/${cmd.name} ${group.name} needs a subcommand`);
      const sub = (group.options ?? []).find((o) => o.type === SUBCOMMAND && o.name === p.subcommand);
      if (!sub) throw new Error(`/${cmd.name} ${group.name} has no subcommand "${p.subcommand}"`);
      defs = sub.options ?? [];
      options = [{ name: group.name, type: SUBCOMMAND_GROUP, options: [{ name: sub.name, type: SUBCOMMAND, options: leafOptions }] }];
    } else if (p.subcommand !== undefined) {
      const sub = defs.find((o) => o.type === SUBCOMMAND && o.name === p.subcommand);
      if (!sub) throw new Error(`/${cmd.name} has no subcommand "${p.subcommand}"`);
      defs = sub.options ?? [];
      options = [{ name: sub.name, type: SUBCOMMAND, options: leafOptions }];
    } else if (defs.some((o) => o.type === SUBCOMMAND || o.type === SUBCOMMAND_GROUP)) {
      throw new Error(`/${cmd.name} needs a subcommand (the Discord client does not run the bare command)`);
    }
    const given = p.options ?? {};
    for (const name of Object.keys(given)) {
      if (!defs.some((d) => d.name === name)) throw new Error(`/${cmd.name} has no option "${name}" here`);
    }
    for (const def of defs) {
      const value = given[def.name];
      if (value === undefined) {
        if (def.required) throw new Error(`option "${def.name}" of /${cmd.name} is required`);
        continue;
      }
      leafOptions.push({ name: def.name, type: def.type, value: this.#optionValue(def, value, ctx, resolved) });
    }
    const data: Record<string, unknown> = { id: cmd.id, name: cmd.name, type: 1 };
    if (options.length > 0) data.options = options;
    if (!resolved.empty()) data.resolved = resolved.toJSON();
    if (cmd.guild_id) data.guild_id = cmd.guild_id;
    void world;
    return this.#start('command', InteractionType.APPLICATION_COMMAND, ctx, data, { commandName: cmd.name, commandType: 1 });
  }

  runMessageCommand(p: MessageCommandInput): InteractionHandle {
    const ctx = this.#context(p.guildId, p.channelId, p.userId, p.locale);
    const cmd = this.#findCommand(p.guildId, 3, p.command);
    this.#checkCommandUse(cmd, ctx);
    const target = this.#world.getMessage(p.channelId, p.targetMessageId);
    if (!target) throw new Error(`no message ${p.targetMessageId} in channel ${p.channelId}`);
    const data: Record<string, unknown> = {
      id: cmd.id,
      name: cmd.name,
      type: 3,
      target_id: target.id,
      resolved: { messages: { [target.id]: structuredClone(target) } },
    };
    if (cmd.guild_id) data.guild_id = cmd.guild_id;
    return this.#start('command', InteractionType.APPLICATION_COMMAND, ctx, data, { commandName: cmd.name, commandType: 3, targetId: target.id });
  }

  runUserCommand(p: UserCommandInput): InteractionHandle {
    const ctx = this.#context(p.guildId, p.channelId, p.userId, p.locale);
    const cmd = this.#findCommand(p.guildId, 2, p.command);
    this.#checkCommandUse(cmd, ctx);
    const resolved = new Resolved();
    this.#resolveUser(p.targetUserId, ctx, resolved);
    const data: Record<string, unknown> = { id: cmd.id, name: cmd.name, type: 2, target_id: p.targetUserId, resolved: resolved.toJSON() };
    if (cmd.guild_id) data.guild_id = cmd.guild_id;
    return this.#start('command', InteractionType.APPLICATION_COMMAND, ctx, data, { commandName: cmd.name, commandType: 2, targetId: p.targetUserId });
  }

  clickButton(p: ClickButtonInput): InteractionHandle {
    const { message, component, ctx } = this.#componentTarget(p.messageId, p.userId, p.customId, p.locale);
    if (component.type !== ComponentType.BUTTON) throw new Error(`component "${p.customId}" is not a button`);
    if (component.style === 5 || component.style === 6) throw new Error('link and premium buttons do not send interactions');
    const data: Record<string, unknown> = { custom_id: p.customId, component_type: ComponentType.BUTTON };
    if (typeof component.id === 'number') data.id = component.id;
    return this.#start('component', InteractionType.MESSAGE_COMPONENT, ctx, data, { sourceMessageId: message.id, message });
  }

  selectMenu(p: SelectMenuInput): InteractionHandle {
    const { message, component, ctx } = this.#componentTarget(p.messageId, p.userId, p.customId, p.locale);
    const type = component.type as number;
    if (!SELECTS.has(type)) throw new Error(`component "${p.customId}" is not a select menu`);
    const values = this.#selectValues(component, p.values, ctx);
    const data: Record<string, unknown> = { custom_id: p.customId, component_type: type, values: values.values };
    if (typeof component.id === 'number') data.id = component.id;
    if (type !== ComponentType.STRING_SELECT) data.resolved = values.resolved.toJSON();
    return this.#start('component', InteractionType.MESSAGE_COMPONENT, ctx, data, { sourceMessageId: message.id, message });
  }

  submitModal(p: SubmitModalInput): InteractionHandle {
    const from = this.#handles.get(p.from);
    if (!from) throw new Error('submitModal: `from` is not an interaction handle of this emulator');
    if (from.responseType !== CallbackType.MODAL || !from.modalForm) throw new Error('submitModal: that interaction was not answered with a modal');
    const userId = p.userId ?? from.userId;
    if (userId !== from.userId) throw new Error('only the user the modal was shown to can submit it');
    const ctx = this.#context(from.guildId, from.channelId, userId, p.locale);
    const modal = from.modalForm;
    const resolved = new Resolved();
    const components = buildModalSubmit(modal, p.fields, {
      pickSelectValues: (component, values) => this.#resolveSelectValues(component, values, ctx, resolved),
      upload: (file) => this.#uploadModalFile(file, ctx, resolved),
      uploadLimit: ATTACHMENT_SIZE_LIMIT,
    });
    const data: Record<string, unknown> = { custom_id: modal.custom_id, components };
    if (!resolved.empty()) data.resolved = resolved.toJSON();
    const source = from.sourceMessageId ? this.#world.findMessage(from.sourceMessageId) : undefined;
    return this.#start('modal', InteractionType.MODAL_SUBMIT, ctx, data, {
      ...(source ? { sourceMessageId: source.id, message: source } : {}),
      ...(from.commandName !== undefined ? { commandName: from.commandName } : {}),
    });
  }

  // ------------------------------------------------------------ REST: POST /interactions/{id}/{token}/callback

  callback(params: { id: string; token: string; body: unknown; files: UploadedFile[]; withResponse: boolean }): { status: number; body?: unknown } {
    const rec = this.#byId.get(params.id);
    if (!rec || rec.token !== params.token) throw Errors.unknownInteraction();
    this.#expireIfLate(rec);
    if (rec.invalid) throw Errors.unknownInteraction();
    if (rec.acknowledged) throw Errors.alreadyAcknowledged();
    const errors = new FormErrors();
    const body = params.body;
    if (!isObject(body)) {
      errors.add([], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
      throw errors.toApiError();
    }
    const type = body.type;
    const known: number[] = Object.values(CallbackType);
    if (typeof type !== 'number' || !known.includes(type)) {
      errors.add(['type'], 'BASE_TYPE_CHOICES', `Value must be one of ${JSON.stringify(known)}.`);
      throw errors.toApiError();
    }
    if (!this.#allowedCallback(rec).includes(type)) {
      errors.add(['type'], 'INTERACTION_CALLBACK_TYPE_INVALID', `Interaction callback type ${type} is not valid for this interaction.`);
      throw errors.toApiError();
    }
    const data = body.data;
    let message: Message | undefined;
    switch (type) {
      case CallbackType.CHANNEL_MESSAGE_WITH_SOURCE: {
        if (!isObject(data)) {
          errors.add(['data'], 'BASE_TYPE_REQUIRED', 'This field is required');
          throw errors.toApiError();
        }
        message = this.#createResponseMessage(rec, data, params.files, false);
        rec.originalId = message.id;
        break;
      }
      case CallbackType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: {
        let flags = 0;
        if (isObject(data) && data.flags !== undefined && data.flags !== null) {
          if (typeof data.flags !== 'number' || (data.flags & ~MessageFlags.EPHEMERAL) !== 0) {
            errors.add(['data', 'flags'], 'INTERACTION_DEFERRED_FLAGS_INVALID', 'Only the EPHEMERAL flag can be set on a deferred response.');
            throw errors.toApiError();
          }
          flags = data.flags;
        }
        message = this.#createResponseMessage(rec, { flags }, [], true);
        rec.originalId = message.id;
        break;
      }
      case CallbackType.DEFERRED_UPDATE_MESSAGE:
        rec.originalId = rec.sourceMessageId;
        break;
      case CallbackType.UPDATE_MESSAGE: {
        const source = rec.sourceMessageId ? this.#world.findMessage(rec.sourceMessageId) : undefined;
        if (!source) throw Errors.unknownMessage();
        if (!isObject(data)) {
          errors.add(['data'], 'BASE_TYPE_REQUIRED', 'This field is required');
          throw errors.toApiError();
        }
        message = editMessage(this.#world, source, {
          editorId: this.#world.botUser.id,
          body: data,
          files: params.files,
          baseUrl: this.#baseUrl(),
          viaWebhook: true,
          settableFlags: MessageFlags.SUPPRESS_EMBEDS | MessageFlags.IS_COMPONENTS_V2,
        });
        rec.originalId = source.id;
        break;
      }
      case CallbackType.MODAL: {
        const modal = checkModal(errors, data);
        errors.throwIfAny();
        rec.modal = structuredClone(data as Record<string, unknown>);
        rec.modalForm = modal;
        break;
      }
    }
    rec.acknowledged = true;
    rec.responseType = type;
    if (rec.timer) clearTimeout(rec.timer);
    rec.timer = null;
    rec.resolve({ type, ...(data !== undefined ? { data: structuredClone(data) } : {}) });
    this.#world.notifyMessageWatchers();
    if (!params.withResponse) return { status: 204 };
    const interaction: Record<string, unknown> = { id: rec.id, type: rec.type };
    const created = type === CallbackType.CHANNEL_MESSAGE_WITH_SOURCE || type === CallbackType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE;
    if (created && message) {
      interaction.response_message_id = message.id;
      interaction.response_message_loading = type === CallbackType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE;
      interaction.response_message_ephemeral = (message.flags & MessageFlags.EPHEMERAL) !== 0;
    }
    const resource: Record<string, unknown> = { type };
    if (message && (type === CallbackType.CHANNEL_MESSAGE_WITH_SOURCE || type === CallbackType.UPDATE_MESSAGE)) resource.message = message;
    return { status: 200, body: { interaction, resource } };
  }

  // ------------------------------------------------------------ REST: /webhooks/{application.id}/{interaction.token}…

  getWebhookMessage(appId: string, token: string, messageId: string): Message {
    const rec = this.#tokenRecord(appId, token);
    return structuredClone(this.#tokenMessage(rec, messageId));
  }

  editWebhookMessage(appId: string, token: string, messageId: string, body: unknown, files: UploadedFile[]): Message {
    const rec = this.#tokenRecord(appId, token);
    const message = this.#tokenMessage(rec, messageId);
    return editMessage(this.#world, message, {
      editorId: this.#world.botUser.id,
      body,
      files,
      baseUrl: this.#baseUrl(),
      viaWebhook: true,
      settableFlags: MessageFlags.SUPPRESS_EMBEDS | MessageFlags.IS_COMPONENTS_V2,
      clearFlags: MessageFlags.LOADING,
    });
  }

  deleteWebhookMessage(appId: string, token: string, messageId: string): void {
    const rec = this.#tokenRecord(appId, token);
    const message = this.#tokenMessage(rec, messageId);
    removeMessage(this.#world, message);
  }

  /** "Create Followup Message" (Execute Webhook with wait=true). */
  createFollowup(appId: string, token: string, body: unknown, files: UploadedFile[]): Message {
    const rec = this.#tokenRecord(appId, token);
    if (!rec.acknowledged) throw Errors.unknownWebhook();
    const errors = new FormErrors();
    if (!isObject(body)) {
      errors.add([], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType.');
      throw errors.toApiError();
    }
    // Directly after DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE the followup edits the loading message.
    if (rec.responseType === CallbackType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE && rec.originalId) {
      const original = this.#world.findMessage(rec.originalId);
      if (original && (original.flags & MessageFlags.LOADING) !== 0) {
        const { flags: _ignored, ...rest } = body;
        return editMessage(this.#world, original, {
          editorId: this.#world.botUser.id,
          body: rest,
          files,
          baseUrl: this.#baseUrl(),
          viaWebhook: true,
          clearFlags: MessageFlags.LOADING,
        });
      }
    }
    const message = this.#createResponseMessage(rec, body, files, false, true);
    rec.followupIds.push(message.id);
    return message;
  }

  // ------------------------------------------------------------ internals

  #tokenRecord(appId: string, token: string): InteractionRecord {
    if (appId !== this.#world.applicationId) throw Errors.unknownWebhook();
    const rec = this.#byToken.get(token);
    if (!rec) throw Errors.invalidWebhookToken();
    this.#expireIfLate(rec);
    if (rec.invalid || this.#clock() - rec.createdAt >= this.#lifetimeMs) throw Errors.invalidWebhookToken();
    return rec;
  }

  #tokenMessage(rec: InteractionRecord, messageId: string): Message {
    let id: string | undefined;
    if (messageId === '@original') id = rec.acknowledged ? rec.originalId : undefined;
    else if (messageId === rec.originalId || rec.followupIds.includes(messageId)) id = messageId;
    const message = id ? this.#world.findMessage(id) : undefined;
    if (!message) throw Errors.unknownMessage();
    return message;
  }

  #allowedCallback(rec: InteractionRecord): number[] {
    const base: number[] = [CallbackType.CHANNEL_MESSAGE_WITH_SOURCE, CallbackType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE];
    if (rec.kind === 'command') return [...base, CallbackType.MODAL];
    if (rec.kind === 'component') return [...base, CallbackType.DEFERRED_UPDATE_MESSAGE, CallbackType.UPDATE_MESSAGE, CallbackType.MODAL];
    // A modal submitted from a component may update that component's message.
    return rec.sourceMessageId ? [...base, CallbackType.DEFERRED_UPDATE_MESSAGE, CallbackType.UPDATE_MESSAGE] : base;
  }

  #expireIfLate(rec: InteractionRecord): void {
    if (rec.acknowledged || rec.invalid) return;
    if (this.#clock() - rec.createdAt < this.#deadlineMs) return;
    rec.invalid = true;
    if (rec.timer) clearTimeout(rec.timer);
    rec.timer = null;
    rec.reject(new Error(`interaction failed: no initial response within ${this.#deadlineMs} ms (interaction ${rec.id})`));
  }

  #arm(rec: InteractionRecord): void {
    const remaining = rec.createdAt + this.#deadlineMs - this.#clock();
    // With a clock that does not move on its own the timer re-checks at the same pace.
    const delay = remaining > 0 ? remaining : this.#deadlineMs;
    rec.timer = setTimeout(() => {
      rec.timer = null;
      this.#expireIfLate(rec);
      if (!rec.acknowledged && !rec.invalid) this.#arm(rec);
    }, Math.max(1, delay));
    rec.timer.unref();
  }

  /** The response message of an interaction (or a followup): sent by the bot through the application's webhook. */
  #createResponseMessage(rec: InteractionRecord, data: Record<string, unknown>, files: UploadedFile[], loading: boolean, followup = false): Message {
    const world = this.#world;
    const channel = world.getChannel(rec.channelId);
    if (!channel) throw Errors.unknownChannel();
    const errors = new FormErrors();
    const parsed = parseMessageBody(errors, data);
    errors.throwIfAny();
    const content = parsed.content ?? '';
    const embeds = parsed.embeds ?? [];
    const components = parsed.components ?? [];
    const flags = (parsed.flags ?? 0) & RESPONSE_FLAGS;
    if (!loading) {
      const empty = content === '' && embeds.length === 0 && components.length === 0 && files.length === 0 && parsed.poll === undefined;
      if (empty && (flags & MessageFlags.IS_COMPONENTS_V2) === 0) throw Errors.emptyMessage();
    }
    if (files.length > 10) throw new ApiError(400, 30015, 'Maximum number of attachments in a message reached (10)');
    const botPerms = world.channelPermissions(channel.id, world.botUser.id);
    const mentions = resolveMentions(world, channel, botPerms, content, parsed.allowedMentions ?? PARSE_ALL(), undefined);
    const user = world.requireUser(rec.userId);
    const metadata: Record<string, unknown> = {
      id: rec.id,
      type: rec.type,
      user: { ...user },
      authorizing_integration_owners: { '0': rec.guildId },
    };
    if (rec.kind === 'command') {
      metadata.name = rec.commandName;
      metadata.command_type = rec.commandType;
      if (rec.commandType === 3) metadata.target_message_id = rec.targetId;
      if (rec.commandType === 2) metadata.target_user = { ...world.requireUser(rec.targetId ?? '') };
    } else if (rec.kind === 'component') {
      metadata.interacted_message_id = rec.sourceMessageId;
    }
    let type: number = MessageType.DEFAULT;
    if (!followup) {
      if (rec.kind === 'command') type = rec.commandType === 1 ? MessageType.CHAT_INPUT_COMMAND : MessageType.CONTEXT_MENU_COMMAND;
      else if (rec.sourceMessageId) type = MessageType.REPLY;
      else type = MessageType.CHAT_INPUT_COMMAND;
    }
    const message: Message = {
      id: world.snowflakes.next(),
      channel_id: channel.id,
      author: { ...world.botUser, bot: true },
      content,
      timestamp: world.nowIso(),
      edited_timestamp: null,
      tts: parsed.tts,
      mention_everyone: mentions.mentionEveryone,
      mentions: mentions.mentions,
      mention_roles: mentions.mentionRoles,
      attachments: buildAttachments(world, channel, files, parsed.attachments, this.#baseUrl()),
      embeds,
      components,
      pinned: false,
      type,
      flags: loading ? (flags & MessageFlags.EPHEMERAL) | MessageFlags.LOADING : flags,
      webhook_id: world.applicationId,
      application_id: world.applicationId,
      interaction_metadata: metadata,
    };
    if (parsed.poll !== undefined) message.poll = parsed.poll;
    message.embeds = resolveAttachmentUrls(message.embeds, message.attachments);
    if (rec.kind === 'command' && !followup) {
      const member = world.getMember(rec.guildId, rec.userId) ? world.memberObject(rec.guildId, rec.userId) : undefined;
      const { user: _u, ...partial } = member ?? { user: undefined };
      message.interaction = { id: rec.id, type: rec.type, name: rec.commandName, user: { ...user }, ...(member ? { member: partial } : {}) };
    }
    if (type === MessageType.REPLY && rec.sourceMessageId) {
      message.message_reference = { type: 0, message_id: rec.sourceMessageId, channel_id: channel.id, ...(channel.guild_id ? { guild_id: channel.guild_id } : {}) };
    }
    if (isThreadType(channel.type)) message.position = channel.total_message_sent ?? 0;
    if ((message.flags & MessageFlags.EPHEMERAL) !== 0) this.#ephemeralOwner.set(message.id, rec.userId);
    publishMessage(world, message);
    return structuredClone(message);
  }

  #context(guildId: string, channelId: string, userId: string, locale = 'en-US'): Ctx {
    const world = this.#world;
    const guild = world.getGuild(guildId);
    if (!guild) throw new Error(`unknown guild ${guildId}`);
    if (!world.isBotInGuild(guildId)) throw new Error(`the application is not in guild ${guildId}`);
    const channel = world.getChannel(channelId);
    if (!channel || channel.guild_id !== guildId) throw new Error(`unknown channel ${channelId} in guild ${guildId}`);
    if (!world.users.has(userId)) throw new Error(`unknown user ${userId}`);
    if (!world.getMember(guildId, userId)) throw new Error(`user ${userId} is not a member of guild ${guildId}`);
    if (!isDiscordLocale(locale)) throw new Error(`not a Discord locale: ${locale}`);
    const userPerms = world.channelPermissions(channelId, userId);
    if (!hasPermission(userPerms, P.VIEW_CHANNEL)) throw new Error(`user ${userId} cannot see channel ${channelId}`);
    return { guildId, channelId, userId, locale, userPerms, botPerms: world.channelPermissions(channelId, world.botUser.id) };
  }

  #findCommand(guildId: string, type: number, name: string): ApplicationCommand {
    const cmd = this.#world.commandsIn(guildId).find((c) => c.type === type && c.name === name) ??
      this.#world.commandsIn('global').find((c) => c.type === type && c.name === name);
    if (!cmd) throw new Error(`no registered ${type === 1 ? 'slash' : type === 2 ? 'user' : 'message'} command named "${name}" for guild ${guildId}`);
    return cmd;
  }

  /**
   * What the Discord client allows ("Application Commands — Permissions",
   * "Contexts"): the command must be usable in guilds, the member needs
   * USE_APPLICATION_COMMANDS and the command's default_member_permissions.
   */
  #checkCommandUse(cmd: ApplicationCommand, ctx: Ctx): void {
    if (Array.isArray(cmd.contexts) && !cmd.contexts.includes(0)) throw new Error(`"${cmd.name}" is not available in guilds (contexts)`);
    // "Threads — Active & Archived Threads": users cannot "use application commands" in archived threads.
    if (this.#world.getChannel(ctx.channelId)?.thread_metadata?.archived) throw new Error(`thread ${ctx.channelId} is archived: the client runs no commands there`);
    if (!hasPermission(ctx.userPerms, P.USE_APPLICATION_COMMANDS)) throw new Error(`user ${ctx.userId} lacks USE_APPLICATION_COMMANDS in ${ctx.channelId}`);
    if (cmd.default_member_permissions !== null && cmd.default_member_permissions !== undefined) {
      const needed = BigInt(cmd.default_member_permissions);
      if ((ctx.userPerms & P.ADMINISTRATOR) === 0n && (ctx.userPerms & needed) !== needed) {
        throw new Error(`user ${ctx.userId} lacks the default_member_permissions (${cmd.default_member_permissions}) of "${cmd.name}"; the client does not offer it`);
      }
    }
  }

  #optionValue(def: ApplicationCommandOption, value: string | number | boolean, ctx: Ctx, resolved: Resolved): string | number | boolean {
    const fail = (why: string): never => {
      throw new Error(`option "${def.name}": ${why}`);
    };
    const choices = def.choices;
    switch (def.type) {
      case 3: {
        const s = String(value);
        if (def.min_length !== undefined && [...s].length < def.min_length) fail(`shorter than min_length ${def.min_length}`);
        if (def.max_length !== undefined && [...s].length > def.max_length) fail(`longer than max_length ${def.max_length}`);
        if (choices && !choices.some((c) => c.value === s)) fail(`"${s}" is not one of the choices`);
        return s;
      }
      case 4:
      case 10: {
        const n = typeof value === 'number' ? value : Number(value);
        if (!Number.isFinite(n) || (def.type === 4 && !Number.isInteger(n))) fail(`${String(value)} is not ${def.type === 4 ? 'an integer' : 'a number'}`);
        if (def.min_value !== undefined && n < def.min_value) fail(`below min_value ${def.min_value}`);
        if (def.max_value !== undefined && n > def.max_value) fail(`above max_value ${def.max_value}`);
        if (choices && !choices.some((c) => c.value === n)) fail(`${n} is not one of the choices`);
        return n;
      }
      case 5:
        if (typeof value === 'boolean') return value;
        if (value === 'true' || value === 'false') return value === 'true';
        return fail('not a boolean');
      case 6:
        this.#resolveUser(String(value), ctx, resolved);
        return String(value);
      case 7: {
        const ch = this.#world.getChannel(String(value));
        if (!ch || ch.guild_id !== ctx.guildId) fail(`unknown channel ${String(value)}`);
        if (def.channel_types && !def.channel_types.includes(ch!.type)) fail(`channel type ${ch!.type} is not allowed`);
        if (!this.#world.canView(ch!.id, ctx.userId)) fail(`the user cannot see channel ${ch!.id}`);
        resolved.channels.set(ch!.id, this.#partialChannel(ch!.id, ctx.userId));
        return ch!.id;
      }
      case 8:
        this.#resolveRole(String(value), ctx, resolved);
        return String(value);
      case 9: {
        const id = String(value);
        if (this.#world.getGuild(ctx.guildId)?.roles.has(id)) this.#resolveRole(id, ctx, resolved);
        else this.#resolveUser(id, ctx, resolved);
        return id;
      }
      default:
        return fail(`option type ${def.type} is not supported by the emulator`);
    }
  }

  #resolveUser(id: string, ctx: Ctx, resolved: Resolved): void {
    const user = this.#world.getUser(id);
    if (!user) throw new Error(`unknown user ${id}`);
    resolved.users.set(id, user);
    if (this.#world.getMember(ctx.guildId, id)) {
      const { user: _u, deaf: _d, mute: _m, ...partial } = this.#world.memberObject(ctx.guildId, id);
      resolved.members.set(id, { ...partial, permissions: this.#world.channelPermissions(ctx.channelId, id).toString() });
    }
  }

  #resolveRole(id: string, ctx: Ctx, resolved: Resolved): void {
    const role = this.#world.rolesOf(ctx.guildId).find((r) => r.id === id);
    if (!role) throw new Error(`unknown role ${id} in guild ${ctx.guildId}`);
    resolved.roles.set(id, role);
  }

  /**
   * "Resolved Data Structure": partial channels carry a fixed set of fields, the
   * user's `permissions` and the app's `app_permissions` there; threads add
   * `thread_metadata` (their `parent_id` is the channel they are in).
   */
  #partialChannel(channelId: string, userId: string): Record<string, unknown> {
    const c = this.#world.channelObject(channelId);
    const out: Record<string, unknown> = {
      id: c.id,
      name: c.name ?? null,
      type: c.type,
      permissions: this.#world.channelPermissions(channelId, userId).toString(),
      app_permissions: this.#world.channelPermissions(channelId, this.#world.botUser.id).toString(),
    };
    for (const key of ['last_message_id', 'last_pin_timestamp', 'nsfw', 'parent_id', 'guild_id', 'flags', 'rate_limit_per_user', 'topic', 'position', 'thread_metadata'] as const) {
      if (c[key] !== undefined) out[key] = c[key];
    }
    return out;
  }

  #componentTarget(messageId: string, userId: string, customId: string, locale?: string): { message: Message; component: Record<string, unknown>; ctx: Ctx } {
    const world = this.#world;
    const message = world.findMessage(messageId);
    if (!message) throw new Error(`unknown message ${messageId}`);
    if (message.author.id !== world.botUser.id && message.webhook_id !== world.applicationId) {
      throw new Error(`message ${messageId} was not sent by the application; its components cannot reach the bot`);
    }
    const owner = this.#ephemeralOwner.get(messageId);
    if ((message.flags & MessageFlags.EPHEMERAL) !== 0 && owner !== undefined && owner !== userId) {
      throw new Error(`message ${messageId} is ephemeral: only user ${owner} sees it`);
    }
    const component = interactiveComponents(message.components ?? []).find((c) => c.custom_id === customId);
    if (!component) throw new Error(`message ${messageId} has no component with custom_id "${customId}"`);
    if (component.disabled === true) throw new Error(`component "${customId}" is disabled`);
    const channel = world.getChannel(message.channel_id);
    if (!channel?.guild_id) throw new Error('the emulator only runs components in guild channels');
    const ctx = this.#context(channel.guild_id, channel.id, userId, locale);
    return { message, component, ctx };
  }

  #selectValues(component: Record<string, unknown>, values: string[], ctx: Ctx): { values: string[]; resolved: Resolved } {
    const min = typeof component.min_values === 'number' ? component.min_values : 1;
    const max = typeof component.max_values === 'number' ? component.max_values : 1;
    if (values.length < min || values.length > max) throw new Error(`select "${String(component.custom_id)}" takes ${min} to ${max} values, got ${values.length}`);
    if (new Set(values).size !== values.length) throw new Error('a select menu cannot pick the same value twice');
    const resolved = new Resolved();
    this.#resolveSelectValues(component, values, ctx, resolved);
    return { values: [...values], resolved };
  }

  /** A file uploaded through a modal's File Upload: stored like an attachment, listed in `resolved.attachments`. */
  #uploadModalFile(file: ModalFile, ctx: Ctx, resolved: Resolved): string {
    const data = typeof file.data === 'string' ? Buffer.from(file.data) : Buffer.from(file.data);
    const attachment = this.#world.storeAttachment(ctx.channelId, file.name, file.contentType ?? 'application/octet-stream', data, this.#baseUrl());
    resolved.attachments.set(attachment.id, { ...attachment, ephemeral: true });
    return attachment.id;
  }

  /** Each picked value must be an option of a string select, or an id the select offers; resolved entities go to `resolved`. */
  #resolveSelectValues(component: Record<string, unknown>, values: string[], ctx: Ctx, resolved: Resolved): void {
    const type = component.type as number;
    const guild = this.#world.getGuild(ctx.guildId);
    for (const v of values) {
      if (type === ComponentType.STRING_SELECT) {
        const options = (component.options as Array<{ value: string }> | undefined) ?? [];
        if (!options.some((o) => o.value === v)) throw new Error(`"${v}" is not an option of select "${String(component.custom_id)}"`);
      } else if (type === ComponentType.USER_SELECT) {
        this.#resolveUser(v, ctx, resolved);
      } else if (type === ComponentType.ROLE_SELECT) {
        this.#resolveRole(v, ctx, resolved);
      } else if (type === ComponentType.MENTIONABLE_SELECT) {
        if (guild?.roles.has(v)) this.#resolveRole(v, ctx, resolved);
        else this.#resolveUser(v, ctx, resolved);
      } else if (type === ComponentType.CHANNEL_SELECT) {
        const ch = this.#world.getChannel(v);
        if (!ch || ch.guild_id !== ctx.guildId) throw new Error(`unknown channel ${v}`);
        const types = component.channel_types as number[] | undefined;
        if (types && !types.includes(ch.type)) throw new Error(`channel type ${ch.type} is not offered by this select`);
        if (!this.#world.canView(ch.id, ctx.userId)) throw new Error(`the user cannot see channel ${ch.id}`);
        resolved.channels.set(ch.id, this.#partialChannel(ch.id, ctx.userId));
      }
    }
  }

  #start(kind: Kind, type: number, ctx: Ctx, data: Record<string, unknown>, extra: { sourceMessageId?: string; message?: Message; commandName?: string; commandType?: number; targetId?: string }): InteractionHandle {
    const world = this.#world;
    const id = world.snowflakes.next();
    const token = `${Buffer.from(`interaction:${id}:`).toString('base64url')}${randomBytes(96).toString('base64url')}`;
    const guild = world.requireGuild(ctx.guildId);
    const payload: Record<string, any> = {
      app_permissions: ctx.botPerms.toString(),
      application_id: world.applicationId,
      attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
      authorizing_integration_owners: { '0': ctx.guildId },
      channel: this.#partialChannel(ctx.channelId, ctx.userId),
      channel_id: ctx.channelId,
      context: 0,
      data,
      entitlements: [],
      guild: { id: guild.id, locale: guild.preferredLocale, features: [...guild.features] },
      guild_id: ctx.guildId,
      guild_locale: guild.preferredLocale,
      id,
      locale: ctx.locale,
      member: { ...world.memberObject(ctx.guildId, ctx.userId), permissions: ctx.userPerms.toString() },
      token,
      type,
      version: 1,
    };
    if (extra.message) payload.message = structuredClone(extra.message);
    let resolve!: (r: InteractionResponse) => void;
    let reject!: (e: Error) => void;
    const response = new Promise<InteractionResponse>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody has to await the response; an unobserved failure must not crash the process.
    response.catch(() => {});
    const rec: InteractionRecord = {
      id,
      token,
      type,
      kind,
      guildId: ctx.guildId,
      channelId: ctx.channelId,
      userId: ctx.userId,
      createdAt: this.#clock(),
      payload,
      acknowledged: false,
      invalid: false,
      followupIds: [],
      resolve,
      reject,
      timer: null,
    };
    if (extra.sourceMessageId !== undefined) rec.sourceMessageId = extra.sourceMessageId;
    if (extra.commandName !== undefined) rec.commandName = extra.commandName;
    if (extra.commandType !== undefined) rec.commandType = extra.commandType;
    if (extra.targetId !== undefined) rec.targetId = extra.targetId;
    this.#byId.set(id, rec);
    this.#byToken.set(token, rec);
    const handle = this.#makeHandle(rec, response);
    this.#handles.set(handle, rec);
    this.#handleById.set(id, handle);
    this.#arm(rec);
    world.hooks.dispatch('INTERACTION_CREATE', structuredClone(payload), ctx.guildId);
    return handle;
  }

  #makeHandle(rec: InteractionRecord, response: Promise<InteractionResponse>): InteractionHandle {
    const world = this.#world;
    const original = (): Message | null => {
      if (!rec.acknowledged || !rec.originalId) return null;
      const m = world.findMessage(rec.originalId);
      return m ? structuredClone(m) : null;
    };
    return {
      id: rec.id,
      token: rec.token,
      payload: rec.payload,
      response,
      original,
      followups: () => rec.followupIds.map((id) => world.findMessage(id)).filter((m): m is Message => m !== undefined).map((m) => structuredClone(m)),
      modal: () => (rec.modal ? structuredClone(rec.modal) : null),
      waitForOriginal: (pred = () => true, timeoutMs = 10_000) =>
        new Promise<Message>((resolve, reject) => {
          const check = (): boolean => {
            const m = original();
            if (m && pred(m)) {
              done();
              resolve(m);
              return true;
            }
            return false;
          };
          const timer = setTimeout(() => {
            done();
            reject(new Error(`waitForOriginal timed out after ${timeoutMs} ms; original is ${JSON.stringify(original()?.content ?? null)}${rec.invalid ? ' (the interaction failed)' : ''}`));
          }, timeoutMs);
          const done = (): void => {
            clearTimeout(timer);
            world.messageWatchers.delete(watcher);
          };
          const watcher = (): void => {
            check();
          };
          if (!check()) world.messageWatchers.add(watcher);
        }),
    };
  }
}

interface Ctx {
  guildId: string;
  channelId: string;
  userId: string;
  locale: string;
  userPerms: bigint;
  botPerms: bigint;
}

/** "Resolved Data Structure": maps of ids to objects; a member always comes with its user. */
class Resolved {
  readonly users = new Map<string, unknown>();
  readonly members = new Map<string, unknown>();
  readonly roles = new Map<string, unknown>();
  readonly channels = new Map<string, unknown>();
  readonly attachments = new Map<string, unknown>();

  empty(): boolean {
    return this.users.size + this.members.size + this.roles.size + this.channels.size + this.attachments.size === 0;
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.users.size) out.users = Object.fromEntries(this.users);
    if (this.members.size) out.members = Object.fromEntries(this.members);
    if (this.roles.size) out.roles = Object.fromEntries(this.roles);
    if (this.channels.size) out.channels = Object.fromEntries(this.channels);
    if (this.attachments.size) out.attachments = Object.fromEntries(this.attachments);
    return out;
  }
}
