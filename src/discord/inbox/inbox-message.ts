// Copying a message into an inbox. The text becomes the first embed's description; image
// attachments are downloaded, re-uploaded with the inbox message and shown as embed
// images that share one URL (Discord groups embeds with the same url into one gallery);
// a message without text but with embeds (a webhook's) has its embeds copied. Every inbox
// message carries the one Create Ticket button.
import type { RawFile } from '@discordjs/rest';
import {
  ButtonStyle,
  ComponentType,
  Routes,
  type APIActionRowComponent,
  type APIAttachment,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIMessage,
} from 'discord-api-types/v10';
import { CREATE_TICKET_ID, CREATE_TICKET_SELECT_ID, topicButtonId } from '../../domain/custom-ids.ts';
import { componentEmoji, parseEmoji, type TopicStyle } from '../../domain/topics.ts';
import { UserError } from '../../domain/errors.ts';
import { channelMention } from '../../domain/links.ts';
import { Permission } from '../../domain/permissions.ts';
import { CLOCK_SKEW_MS, compareIds, snowflakeAt } from '../../domain/tickets.ts';
import { getInbox } from '../../store/inboxes.ts';
import type { Deps } from '../deps.ts';
import { NotConfirmed, OutcomeUnknown, postOnce } from '../rest-policy.ts';
import { download } from '../http-request.ts';

/** What the bot needs of the picked message (a resolved message of the interaction). */
export interface SourceMessage {
  content: string;
  embeds: readonly APIEmbed[];
  attachments: readonly APIAttachment[];
}

export interface PlannedFile {
  /** The picked message's attachment, downloaded from its url. */
  source: APIAttachment;
  /** The name it is re-uploaded under (unique in the message, safe for attachment://). */
  name: string;
}

export interface InboxMessagePlan {
  embeds: APIEmbed[];
  /** In upload order: files[i] is `files[i]` of the multipart body and attachment id i. */
  files: PlannedFile[];
}

const MAX_EMBEDS = 10;
const IMAGE_EXTENSION = /\.(png|jpe?g|gif|webp|avif)$/i;

export function isImage(attachment: Pick<APIAttachment, 'filename' | 'content_type'>): boolean {
  if (attachment.content_type) return attachment.content_type.startsWith('image/');
  return IMAGE_EXTENSION.test(attachment.filename);
}

/**
 * Discord matches `attachment://name` against the uploaded file name after replacing
 * unusual characters, so the bot picks names that need no replacing, and distinct ones.
 */
export function uploadNames(filenames: readonly string[]): string[] {
  const used = new Set<string>();
  return filenames.map((original) => {
    let name = original.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
    if (name === '' || /^_*$/.test(name.replace(/\..*$/, ''))) name = `file${IMAGE_EXTENSION.exec(original)?.[0] ?? ''}`;
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    let candidate = name;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${ext}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

function withoutQuery(url: string): string {
  const i = url.search(/[?#]/);
  return i < 0 ? url : url.slice(0, i);
}

/** The parts of a received embed that may be sent again (no proxy urls, sizes, video or provider). */
export function sendableEmbed(embed: APIEmbed, rewriteUrl: (url: string) => string = (u) => u): APIEmbed {
  const out: APIEmbed = {};
  if (embed.title !== undefined) out.title = embed.title;
  if (embed.description !== undefined) out.description = embed.description;
  if (embed.url !== undefined) out.url = embed.url;
  if (embed.timestamp !== undefined) out.timestamp = embed.timestamp;
  if (embed.color !== undefined) out.color = embed.color;
  if (embed.footer) out.footer = { text: embed.footer.text, ...(embed.footer.icon_url ? { icon_url: rewriteUrl(embed.footer.icon_url) } : {}) };
  if (embed.image?.url) out.image = { url: rewriteUrl(embed.image.url) };
  if (embed.thumbnail?.url) out.thumbnail = { url: rewriteUrl(embed.thumbnail.url) };
  if (embed.author) {
    out.author = {
      name: embed.author.name,
      ...(embed.author.url ? { url: embed.author.url } : {}),
      ...(embed.author.icon_url ? { icon_url: rewriteUrl(embed.author.icon_url) } : {}),
    };
  }
  if (embed.fields && embed.fields.length > 0) {
    out.fields = embed.fields.map((f) => ({ name: f.name, value: f.value, ...(f.inline !== undefined ? { inline: f.inline } : {}) }));
  }
  return out;
}

/**
 * Decides the inbox message's embeds and files from the picked message. `galleryUrl`
 * (the inbox channel's link) is the url every image embed shares. Throws a UserError
 * when there is nothing to copy.
 */
export function planInboxMessage(source: SourceMessage, galleryUrl: string): InboxMessagePlan {
  const names = uploadNames(source.attachments.map((a) => a.filename));
  const files: PlannedFile[] = source.attachments.map((a, i) => ({ source: a, name: names[i]! }));

  if (source.content === '' && source.embeds.length > 0) {
    // A webhook's embeds may show its own attachments; point them at the re-uploaded copies.
    const byUrl = new Map<string, string>();
    for (const f of files) {
      byUrl.set(withoutQuery(f.source.url), f.name);
      if (f.source.proxy_url) byUrl.set(withoutQuery(f.source.proxy_url), f.name);
    }
    const rewrite = (url: string): string => {
      const name = byUrl.get(withoutQuery(url));
      return name === undefined ? url : `attachment://${name}`;
    };
    return { embeds: source.embeds.slice(0, MAX_EMBEDS).map((e) => sendableEmbed(e, rewrite)), files };
  }

  const embeds: APIEmbed[] = source.content === '' ? [] : [{ description: source.content }];
  for (const f of files) {
    if (!isImage(f.source)) continue;
    const image = { url: `attachment://${f.name}` };
    const first = embeds[0];
    if (first && first.image === undefined) {
      first.url = galleryUrl;
      first.image = image;
    } else if (embeds.length < MAX_EMBEDS) {
      embeds.push({ url: galleryUrl, image });
    }
  }
  if (embeds.length === 0 && files.length === 0) throw new UserError('inbox-message-empty');
  return { embeds, files };
}

/** Total declared size of the attachments, checked against the limit before downloading. */
export function checkAttachmentSize(attachments: readonly Pick<APIAttachment, 'size'>[], limit: number): void {
  const actual = attachments.reduce((sum, a) => sum + a.size, 0);
  if (actual > limit) throw new UserError('inbox-attachments-too-large', { size: limit, actual });
}

/** The row with the Create Ticket button, labelled in the guild's language. */
export function inboxComponents(label: string): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  return [
    {
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: CREATE_TICKET_ID, label }],
    },
  ];
}

/** What the inbox message shows of a topic. */
export interface TopicLook {
  id: string;
  label: string;
  /** As stored: a Unicode emoji or `<:name:id>`; null for none. */
  emoji: string | null;
}

/**
 * The inbox message's components (SPEC §11): the one Create Ticket button while the inbox
 * has no topics, else a button per topic (up to 5, in one row) or a menu of them.
 */
export function topicComponents(topics: readonly TopicLook[], style: TopicStyle, labels: { button: string; placeholder: string }): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  if (topics.length === 0) return inboxComponents(labels.button);
  const emojiOf = (t: TopicLook) => {
    const parsed = t.emoji === null ? null : parseEmoji(t.emoji);
    return parsed ? { emoji: componentEmoji(parsed) } : {};
  };
  if (style === 'select') {
    return [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: CREATE_TICKET_SELECT_ID,
            placeholder: labels.placeholder,
            min_values: 1,
            max_values: 1,
            options: topics.map((t) => ({ label: t.label, value: t.id, ...emojiOf(t) })),
          },
        ],
      },
    ];
  }
  return [
    {
      type: ComponentType.ActionRow,
      components: topics.map((t) => ({ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: topicButtonId(t.id), label: t.label, ...emojiOf(t) })),
    },
  ];
}

export type Fetch = (url: string) => Promise<Pick<Response, 'ok' | 'status' | 'arrayBuffer'>>;

/**
 * Downloads the planned files. The declared sizes were checked already; the bytes
 * actually received are checked again so a wrong size cannot slip past the limit.
 */
export async function downloadFiles(files: readonly PlannedFile[], limit: number, fetchFile: Fetch = download): Promise<RawFile[]> {
  const data = await Promise.all(
    files.map(async (f) => {
      const response = await fetchFile(f.source.url);
      if (!response.ok) throw new Error(`Downloading attachment ${f.source.id} failed: HTTP ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    }),
  );
  const actual = data.reduce((sum, d) => sum + d.length, 0);
  if (actual > limit) throw new UserError('inbox-attachments-too-large', { size: limit, actual });
  return files.map((f, i) => ({
    name: f.name,
    data: data[i]!,
    ...(f.source.content_type ? { contentType: f.source.content_type } : {}),
  }));
}

export interface InboxMessageBody {
  embeds: APIEmbed[];
  files: RawFile[];
  buttonLabel: string;
  /** The inbox's topics, when it has any (else the one button). */
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

function messageBody(body: InboxMessageBody): Record<string, unknown> {
  return {
    content: '',
    embeds: body.embeds,
    components: body.components ?? inboxComponents(body.buttonLabel),
    // Files are referenced by their index in the multipart body; listing only them on an
    // edit drops the attachments the message had before.
    attachments: body.files.map((f, id) => ({ id, filename: f.name })),
    allowed_mentions: { parse: [] },
  };
}

/**
 * Posts the inbox message, once: a copy posted twice leaves a second button in the channel
 * that answers every click with "not recognised". After a lost answer the bot looks among
 * the channel's newest messages for its own, when it may read them (Read Message History);
 * otherwise, or when it is not there, the admin is told to check the channel.
 */
export async function postInboxMessage(deps: Deps, guildId: string, channelId: string, body: InboxMessageBody): Promise<APIMessage> {
  const perms = deps.state.botPermissions(guildId, channelId);
  const canLook = perms !== null && (perms & Permission.ReadMessageHistory) !== 0n;
  const since = Date.now();
  try {
    return await postOnce<APIMessage>({
      rest: deps.rest,
      route: Routes.channelMessages(channelId),
      body: messageBody(body),
      files: body.files,
      read: (answer) => answer as APIMessage,
      ...(canLook ? { find: () => findInboxCopy(deps, channelId, since, body.embeds) } : {}),
      what: `an inbox message in ${channelId}`,
      log: deps.logger.child('inbox'),
      recheckDelayMs: deps.tickets.recheckDelayMs,
    });
  } catch (error) {
    if (error instanceof NotConfirmed || error instanceof OutcomeUnknown) {
      throw new UserError('inbox-post-not-confirmed', { channel: channelMention(channelId) });
    }
    throw error;
  }
}

/** The bot's newest unrecorded inbox message in the channel, posted since `since` and showing the same text; or null. */
async function findInboxCopy(deps: Deps, channelId: string, since: number, embeds: readonly APIEmbed[]): Promise<APIMessage | null> {
  const query = new URLSearchParams({ after: snowflakeAt(since - CLOCK_SKEW_MS), limit: '50' });
  const messages = (await deps.rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
  const text = embeds[0]?.description;
  const copies = messages.filter(
    (m) =>
      m.author.id === deps.state.botUserId &&
      (m.components ?? []).some((row) => 'components' in row && row.components.some((c) => 'custom_id' in c && c.custom_id === CREATE_TICKET_ID)) &&
      m.embeds.length === embeds.length &&
      m.embeds[0]?.description === text &&
      getInbox(deps.store.db, m.id) === null,
  );
  return copies.sort((a, b) => compareIds(a.id, b.id))[0] ?? null;
}

/** Replaces only the inbox message's components (its text and images stay): after its topics change. */
export async function editInboxComponents(deps: Deps, channelId: string, messageId: string, components: APIActionRowComponent<APIComponentInMessageActionRow>[]): Promise<void> {
  await deps.rest.patch(Routes.channelMessage(channelId, messageId), { body: { components } });
}

/** Replaces an inbox message's content, embeds, attachments and button in place. */
export async function editInboxMessage(deps: Deps, channelId: string, messageId: string, body: InboxMessageBody): Promise<APIMessage> {
  return (await deps.rest.patch(Routes.channelMessage(channelId, messageId), {
    body: messageBody(body),
    ...(body.files.length > 0 ? { files: body.files } : {}),
  })) as APIMessage;
}
