// The page's only way to the world: the sandbox API on the emulator's port. Every
// answer is what the emulator computed for the person picked; every refusal is an
// ApiFailure carrying Discord's (or the client's) message.

export interface PersonChoice {
  id: string;
  username: string;
  name: string;
  what: string;
}

export interface PeopleView {
  guildName: string;
  people: PersonChoice[];
  suggested: string | null;
}

export interface Person {
  id: string;
  username: string;
  name: string;
  bot: boolean;
  roles: string[];
  color: number;
  owner: boolean;
}

export interface RoleView {
  id: string;
  name: string;
  color: number;
  position: number;
  mentionable: boolean;
  managed: boolean;
}

export interface ChannelView {
  id: string;
  name: string;
  type: number;
  parentId: string | null;
  position: number;
  topic: string | null;
  canSend: boolean;
  canReadHistory: boolean;
  canManageThreads: boolean;
  ownerId?: string | null;
  archived?: boolean;
  locked?: boolean;
  invitable?: boolean | null;
  members?: string[];
  joined?: boolean;
  /** Threads: what this person may do now, computed by the emulator (the page offers only these). */
  actions?: ThreadAction[];
  /** Threads: people this person may add now. */
  addable?: string[];
  /** Threads: members this person may remove now. */
  removable?: string[];
}

export type ThreadAction = 'leave' | 'join' | 'archive' | 'unarchive' | 'lock' | 'unlock' | 'rename';

export interface WorldView {
  guild: { id: string; name: string; locale: string; ownerId: string; systemChannelId: string | null };
  viewerId: string;
  botId: string;
  defaultLocale: string;
  locales: string[];
  people: Person[];
  roles: RoleView[];
  channels: ChannelView[];
}

/** A Discord message object as the emulator stores it (only the fields the page reads are typed). */
export interface Message {
  id: string;
  channel_id: string;
  author: { id: string; username: string; global_name: string | null; bot?: boolean };
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  mentions: Array<{ id: string }>;
  mention_roles: string[];
  attachments: Attachment[];
  embeds: Embed[];
  components?: Component[];
  type: number;
  flags: number;
  webhook_id?: string;
  message_reference?: { message_id?: string; channel_id?: string };
  interaction_metadata?: { user?: { id: string }; name?: string; command_type?: number; type?: number };
}

export interface Attachment {
  id: string;
  filename: string;
  description?: string;
  content_type?: string;
  size: number;
  url: string;
}

export interface Embed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  timestamp?: string;
  author?: { name: string; url?: string; icon_url?: string };
  footer?: { text: string; icon_url?: string };
  image?: { url: string };
  thumbnail?: { url: string };
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
}

/** Any component: message components (V1 rows and V2 layouts) and modal components. */
export interface Component {
  type: number;
  id?: number;
  custom_id?: string;
  components?: Component[];
  component?: Component;
  accessory?: Component;
  style?: number;
  label?: string;
  description?: string;
  emoji?: { name?: string; id?: string | null; animated?: boolean };
  url?: string;
  disabled?: boolean;
  placeholder?: string;
  min_values?: number;
  max_values?: number;
  options?: Array<{ label: string; value: string; description?: string; emoji?: { name?: string; id?: string | null }; default?: boolean }>;
  /** Checkboxes: ticked to begin with. */
  default?: boolean;
  file_types?: string[];
  channel_types?: number[];
  default_values?: Array<{ id: string; type: 'user' | 'role' | 'channel' }>;
  required?: boolean;
  min_length?: number;
  max_length?: number;
  value?: string;
  content?: string;
  items?: Array<{ media: { url: string }; description?: string; spoiler?: boolean }>;
  media?: { url: string };
  spoiler?: boolean;
  accent_color?: number | null;
  divider?: boolean;
  spacing?: number;
}

export interface CommandOption {
  type: number;
  name: string;
  name_localizations?: Record<string, string> | null;
  description: string;
  description_localizations?: Record<string, string> | null;
  required?: boolean;
  choices?: Array<{ name: string; name_localizations?: Record<string, string> | null; value: string | number }>;
  options?: CommandOption[];
  channel_types?: number[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  autocomplete?: boolean;
}

export interface Command {
  id: string;
  type: number;
  name: string;
  name_localizations?: Record<string, string> | null;
  description: string;
  description_localizations?: Record<string, string> | null;
  options?: CommandOption[];
}

export interface Modal {
  custom_id: string;
  title: string;
  components: Component[];
}

export interface InteractionResult {
  id: string;
  type: number;
  modal: Modal | null;
}

export class ApiFailure extends Error {
  readonly status: number;
  readonly code: number;
  constructor(status: number, message: string, code: number) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/_sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiFailure(0, 'The sandbox is not answering. Is `theticketbot sandbox` still running?', 0);
  }
  const text = await res.text();
  const parsed: unknown = text === '' ? null : JSON.parse(text);
  if (!res.ok) {
    const err = (parsed ?? {}) as { message?: string; code?: number };
    throw new ApiFailure(res.status, err.message ?? `${res.status} ${res.statusText}`, err.code ?? 0);
  }
  return parsed as T;
}

export const api = {
  people: () => call<PeopleView>('GET', 'people'),
  world: (as: string) => call<WorldView>('GET', `world?as=${as}`),
  messages: (as: string, channelId: string) => call<Message[]>('GET', `channels/${channelId}/messages?as=${as}`),
  commands: (as: string, channelId: string) => call<Command[]>('GET', `channels/${channelId}/commands?as=${as}`),
  send: (as: string, channelId: string, content: string, files?: Array<{ name: string; contentType: string; base64: string }>) =>
    call<Message>('POST', `channels/${channelId}/messages`, { as, content, ...(files && files.length > 0 ? { files } : {}) }),
  slash: (body: { as: string; channelId: string; command: string; subcommandGroup?: string; subcommand?: string; options: Record<string, string | number | boolean>; locale: string }) =>
    call<InteractionResult>('POST', 'interactions/slash-command', body),
  messageCommand: (body: { as: string; channelId: string; command: string; targetMessageId: string; locale: string }) =>
    call<InteractionResult>('POST', 'interactions/message-command', body),
  button: (body: { as: string; messageId: string; customId: string; locale: string }) => call<InteractionResult>('POST', 'interactions/button', body),
  select: (body: { as: string; messageId: string; customId: string; values: string[]; locale: string }) => call<InteractionResult>('POST', 'interactions/select', body),
  submitModal: (body: { as: string; fromId: string; fields: Record<string, unknown>; locale: string }) =>
    call<InteractionResult>('POST', 'interactions/modal-submit', body),
  threadAction: (threadId: string, body: { as: string; action: string; targetUserId?: string; name?: string }) =>
    call<ChannelView>('POST', `threads/${threadId}/actions`, body),
};
