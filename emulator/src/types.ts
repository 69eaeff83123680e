/**
 * The objects the emulator stores and returns. Field names and meanings follow
 * the Discord developer documentation (User, Guild, Permissions → Role object,
 * Channel, Message, Application Commands). Every id is a string.
 */

export interface User {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  system?: boolean;
  banner?: string | null;
  accent_color?: number | null;
  public_flags: number;
  flags?: number;
  avatar_decoration_data?: null;
}

export interface RoleTags {
  bot_id?: string;
  integration_id?: string;
}

export interface Role {
  id: string;
  name: string;
  color: number;
  colors: { primary_color: number; secondary_color: number | null; tertiary_color: number | null };
  hoist: boolean;
  icon: string | null;
  unicode_emoji: string | null;
  position: number;
  permissions: string;
  managed: boolean;
  mentionable: boolean;
  flags: number;
  tags?: RoleTags;
}

export interface Overwrite {
  id: string;
  /** 0 = role, 1 = member */
  type: 0 | 1;
  allow: string;
  deny: string;
}

export interface ThreadMetadata {
  archived: boolean;
  auto_archive_duration: number;
  archive_timestamp: string;
  locked: boolean;
  invitable?: boolean;
  create_timestamp?: string;
}

export interface ThreadMember {
  id?: string;
  user_id?: string;
  join_timestamp: string;
  flags: number;
}

export interface Channel {
  id: string;
  type: number;
  guild_id?: string;
  position?: number;
  permission_overwrites?: Overwrite[];
  name?: string | null;
  topic?: string | null;
  nsfw?: boolean;
  last_message_id?: string | null;
  rate_limit_per_user?: number;
  parent_id?: string | null;
  flags?: number;
  owner_id?: string;
  thread_metadata?: ThreadMetadata;
  message_count?: number;
  member_count?: number;
  total_message_sent?: number;
  recipients?: User[];
  bitrate?: number;
  user_limit?: number;
  last_pin_timestamp?: string | null;
  default_auto_archive_duration?: number;
  [extra: string]: unknown;
}

export interface MemberRecord {
  userId: string;
  nick: string | null;
  roles: string[];
  joinedAt: string;
  avatar: string | null;
  deaf: boolean;
  mute: boolean;
  pending: boolean;
  flags: number;
  premiumSince: string | null;
  communicationDisabledUntil: string | null;
}

/** Guild member object as the API returns it. */
export interface Member {
  user: User;
  nick: string | null;
  avatar: string | null;
  banner: string | null;
  roles: string[];
  joined_at: string;
  premium_since: string | null;
  deaf: boolean;
  mute: boolean;
  flags: number;
  pending: boolean;
  communication_disabled_until: string | null;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  description: string | null;
  systemChannelId: string | null;
  createdAt: string;
  features: string[];
  unavailable: boolean;
  roles: Map<string, Role>;
  members: Map<string, MemberRecord>;
  /** Channel ids (including threads) in creation order. */
  channelIds: string[];
}

/** The guild object of the Guild resource (without GUILD_CREATE extras). */
export interface Guild {
  id: string;
  name: string;
  icon: string | null;
  icon_hash: string | null;
  splash: string | null;
  discovery_splash: string | null;
  owner_id: string;
  afk_channel_id: string | null;
  afk_timeout: number;
  widget_enabled: boolean;
  widget_channel_id: string | null;
  verification_level: number;
  default_message_notifications: number;
  explicit_content_filter: number;
  roles: Role[];
  emojis: unknown[];
  features: string[];
  mfa_level: number;
  application_id: string | null;
  system_channel_id: string | null;
  system_channel_flags: number;
  rules_channel_id: string | null;
  max_presences: number | null;
  max_members: number;
  vanity_url_code: string | null;
  description: string | null;
  banner: string | null;
  premium_tier: number;
  premium_subscription_count: number;
  preferred_locale: string;
  public_updates_channel_id: string | null;
  max_video_channel_users: number;
  max_stage_video_channel_users: number;
  nsfw_level: number;
  stickers: unknown[];
  premium_progress_bar_enabled: boolean;
  safety_alerts_channel_id: string | null;
  incidents_data: null;
}

export interface Attachment {
  id: string;
  filename: string;
  description?: string;
  content_type?: string;
  size: number;
  url: string;
  proxy_url: string;
}

export interface MessageReference {
  type?: number;
  message_id?: string;
  channel_id?: string;
  guild_id?: string;
  fail_if_not_exists?: boolean;
}

export interface Message {
  id: string;
  channel_id: string;
  author: User;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: User[];
  mention_roles: string[];
  attachments: Attachment[];
  embeds: unknown[];
  components?: unknown[];
  reactions?: unknown[];
  nonce?: string | number;
  pinned: boolean;
  webhook_id?: string;
  type: number;
  flags: number;
  application_id?: string;
  message_reference?: MessageReference;
  referenced_message?: Message | null;
  message_snapshots?: unknown[];
  poll?: unknown;
  sticker_items?: unknown[];
  [extra: string]: unknown;
}

export interface ApplicationCommandOptionChoice {
  name: string;
  name_localizations?: Record<string, string> | null;
  value: string | number;
}

export interface ApplicationCommandOption {
  type: number;
  name: string;
  name_localizations?: Record<string, string> | null;
  description: string;
  description_localizations?: Record<string, string> | null;
  required?: boolean;
  choices?: ApplicationCommandOptionChoice[];
  options?: ApplicationCommandOption[];
  channel_types?: number[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  autocomplete?: boolean;
}

export interface ApplicationCommand {
  id: string;
  type: number;
  application_id: string;
  guild_id?: string;
  name: string;
  name_localizations?: Record<string, string> | null;
  description: string;
  description_localizations?: Record<string, string> | null;
  options?: ApplicationCommandOption[];
  default_member_permissions: string | null;
  dm_permission?: boolean;
  default_permission: boolean;
  nsfw: boolean;
  integration_types?: number[];
  contexts?: number[] | null;
  version: string;
}

export interface Application {
  id: string;
  name: string;
  ownerId: string;
}

export type PresenceStatus = 'online' | 'idle' | 'dnd' | 'offline';
