// One message as the Discord client draws it: author, Markdown content, embeds (several
// embeds sharing a url form one image gallery), attachments, components, the
// "only you can see this" line of ephemeral replies, and the Apps menu of message
// commands.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, type Attachment, type Command, type Component, type Embed, type Message } from './api.ts';
import { ButtonView, ComponentType, SelectMenu } from './components.tsx';
import { colorCss, localized, usePage } from './context.ts';
import { Icon } from './icons.tsx';
import { Link, Markdown } from './markdown.tsx';

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;

function time(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** The line a reply shows of the message it answers. */
function snippet(m: Message): string {
  const text = m.content || m.embeds?.[0]?.description || m.embeds?.[0]?.title || '';
  // A one-line preview: whitespace folded, emphasis markers dropped.
  return text ? text.replace(/\s+/g, ' ').replace(/[*_~|`]{1,3}/g, '').slice(0, 100) : 'Click to see attachment';
}

function isImage(a: Attachment): boolean {
  return (a.content_type ?? '').startsWith('image/') || /\.(png|jpe?g|gif|webp)$/i.test(a.filename);
}

/** Embeds that share a url with the embed before them add their image to its gallery (how Discord groups them). */
export function groupEmbeds(embeds: Embed[]): Array<{ embed: Embed; images: string[] }> {
  const groups: Array<{ embed: Embed; images: string[] }> = [];
  for (const embed of embeds) {
    const last = groups.at(-1);
    if (last && embed.url && last.embed.url === embed.url) {
      if (embed.image?.url) last.images.push(embed.image.url);
      continue;
    }
    groups.push({ embed, images: embed.image?.url ? [embed.image.url] : [] });
  }
  return groups;
}

function EmbedView({ embed, images }: { embed: Embed; images: string[] }) {
  const color = embed.color !== undefined ? colorCss(embed.color) ?? '#000000' : undefined;
  return (
    <div class="embed" style={color ? { borderLeftColor: color } : undefined} data-embed-url={embed.url}>
      <div class="embed-body">
        {embed.author ? <div class="embed-author">{embed.author.url ? <Link href={embed.author.url}>{embed.author.name}</Link> : embed.author.name}</div> : null}
        {embed.title ? <div class="embed-title">{embed.url ? <Link href={embed.url}>{embed.title}</Link> : <Markdown text={embed.title} />}</div> : null}
        {embed.description ? <div class="embed-description"><Markdown text={embed.description} /></div> : null}
        {embed.fields?.length ? (
          <div class="embed-fields">
            {embed.fields.map((f, i) => (
              <div key={i} class={f.inline ? 'embed-field inline' : 'embed-field'}>
                <div class="embed-field-name"><Markdown text={f.name} /></div>
                <div class="embed-field-value"><Markdown text={f.value} /></div>
              </div>
            ))}
          </div>
        ) : null}
        {images.length ? (
          <div class={`gallery n${Math.min(images.length, 4)}`} data-gallery-size={images.length}>
            {images.map((src, i) => <img key={i} src={src} alt="" loading="lazy" />)}
          </div>
        ) : null}
        {embed.footer || embed.timestamp ? (
          <div class="embed-footer">
            {embed.footer?.text}
            {embed.footer && embed.timestamp ? ' • ' : ''}
            {embed.timestamp ? new Date(embed.timestamp).toLocaleString() : ''}
          </div>
        ) : null}
      </div>
      {embed.thumbnail?.url ? <img class="embed-thumbnail" src={embed.thumbnail.url} alt="" /> : null}
    </div>
  );
}

function AttachmentView({ a }: { a: Attachment }) {
  if (isImage(a)) {
    return (
      <a class="attachment-image" href={a.url} target="_blank" rel="noreferrer noopener">
        <img src={a.url} alt={a.description ?? a.filename} title={a.filename} />
      </a>
    );
  }
  return (
    <div class="attachment-file">
      <span class="file-icon"><Icon name="file" /></span>
      <span>
        <a href={a.url} target="_blank" rel="noreferrer noopener" download={a.filename}>{a.filename}</a>
        <span class="file-size">{size(a.size)}</span>
      </span>
    </div>
  );
}

/** Message components, V1 rows and V2 layouts alike; buttons and selects act on `message`. */
export function ComponentsView({ components, message }: { components: Component[]; message: Message }) {
  const page = usePage();
  const press = (customId: string) => async (): Promise<void> => {
    try {
      page.answered(await api.button({ as: page.viewerId, messageId: message.id, customId, locale: page.locale }));
    } catch (error) {
      page.fail(error);
    }
  };
  const pick = (customId: string) => async (values: string[]): Promise<void> => {
    try {
      page.answered(await api.select({ as: page.viewerId, messageId: message.id, customId, values, locale: page.locale }));
    } catch (error) {
      page.fail(error);
    }
  };
  const one = (c: Component, key: string | number): ComponentChildren => {
    switch (c.type) {
      case ComponentType.ACTION_ROW:
        return <div key={key} class="action-row">{(c.components ?? []).map((child, i) => one(child, i))}</div>;
      case ComponentType.BUTTON:
        return <ButtonView key={key} component={c} {...(c.custom_id ? { onPress: press(c.custom_id) } : {})} />;
      case ComponentType.STRING_SELECT:
      case ComponentType.USER_SELECT:
      case ComponentType.ROLE_SELECT:
      case ComponentType.MENTIONABLE_SELECT:
      case ComponentType.CHANNEL_SELECT:
        return <SelectMenu key={`${key}:${message.id}:${message.edited_timestamp ?? ''}`} component={c} onCommit={pick(c.custom_id ?? '')} />;
      case ComponentType.TEXT_DISPLAY:
        return <div key={key} class="text-display"><Markdown text={c.content ?? ''} /></div>;
      case ComponentType.SECTION:
        return (
          <div key={key} class="section">
            <div class="section-text">{(c.components ?? []).map((child, i) => one(child, i))}</div>
            {c.accessory ? <div class="section-accessory">{one(c.accessory, 'accessory')}</div> : null}
          </div>
        );
      case ComponentType.THUMBNAIL:
        return <img key={key} class="thumbnail" src={c.media?.url} alt={c.description ?? ''} />;
      case ComponentType.MEDIA_GALLERY:
        return (
          <div key={key} class={`gallery n${Math.min(c.items?.length ?? 1, 4)}`}>
            {(c.items ?? []).map((item, i) => <img key={i} src={item.media.url} alt={item.description ?? ''} />)}
          </div>
        );
      case ComponentType.FILE:
        return <div key={key} class="attachment-file"><span class="file-icon"><Icon name="file" /></span>{c.media?.url}</div>;
      case ComponentType.SEPARATOR:
        return <hr key={key} class={c.divider === false ? 'separator invisible' : 'separator'} />;
      case ComponentType.CONTAINER:
        return (
          <div key={key} class="container" style={c.accent_color ? { borderLeftColor: colorCss(c.accent_color) } : undefined}>
            {(c.components ?? []).map((child, i) => one(child, i))}
          </div>
        );
      default:
        return <div key={key} class="unknown-component">(a component of type {c.type} the sandbox cannot show)</div>;
    }
  };
  return <div class="components">{components.map((c, i) => one(c, i))}</div>;
}

function AppsMenu({ message, commands, onClose }: { message: Message; commands: Command[]; onClose: () => void }) {
  const page = usePage();
  return (
    <div class="apps-menu" role="menu">
      <div class="apps-title">Apps</div>
      {commands.map((cmd) => (
        <button
          key={cmd.id}
          type="button"
          role="menuitem"
          class="apps-item"
          onClick={async () => {
            onClose();
            try {
              page.answered(await api.messageCommand({ as: page.viewerId, channelId: message.channel_id, command: cmd.name, targetMessageId: message.id, locale: page.locale }));
            } catch (error) {
              page.fail(error);
            }
          }}
        >
          {localized(cmd.name, cmd.name_localizations, page.locale)}
        </button>
      ))}
      {commands.length === 0 ? <div class="apps-empty">No apps for you here</div> : null}
    </div>
  );
}

export function MessageView(props: { message: Message; messageCommands: Command[]; onDismiss: (id: string) => void; reference?: Message | undefined }) {
  const page = usePage();
  const { message } = props;
  const [menu, setMenu] = useState(false);
  const author = page.person(message.author.id);
  const name = author?.name ?? message.author.global_name ?? message.author.username;
  const color = author ? colorCss(author.color) : undefined;
  const ephemeral = (message.flags & EPHEMERAL) !== 0;
  const loading = (message.flags & LOADING) !== 0;
  const meta = message.interaction_metadata;
  const invoker = meta?.user ? page.person(meta.user.id) : undefined;
  const groups = groupEmbeds(message.embeds ?? []);
  const ref = props.reference;
  return (
    <article class={`message${ephemeral ? ' ephemeral' : ''}`} data-message-id={message.id} data-author-id={message.author.id}>
      {meta && (message.type === 20 || message.type === 23) ? (
        <div class="reply-line">
          <span class="reply-spine" aria-hidden="true" />
          <span class="invoker">{invoker?.name ?? meta.user?.id}</span> used <span class="command-name">{message.type === 20 ? '/' : ''}{meta.name}</span>
        </div>
      ) : null}
      {message.type === 19 && ref ? (
        <div class="reply-line">
          <span class="reply-spine" aria-hidden="true" />
          <span class="invoker">{page.person(ref.author.id)?.name ?? ref.author.username}</span>
          <span class="reply-snippet">{snippet(ref)}</span>
        </div>
      ) : null}
      <div class="message-main">
        <div class="avatar" style={{ backgroundColor: color ?? '#5865f2' }} aria-hidden="true">{name.slice(0, 1).toUpperCase()}</div>
        <div class="message-body">
          <div class="message-head">
            <span class="author" style={color ? { color } : undefined}>{name}</span>
            {message.author.bot ? <span class="app-tag">APP</span> : null}
            <span class="time">{time(message.timestamp, page.locale)}</span>
          </div>
          {loading ? <div class="thinking">{name} is thinking…</div> : null}
          {message.content ? <div class="content"><Markdown text={message.content} />{message.edited_timestamp ? <span class="edited"> (edited)</span> : null}</div> : null}
          {groups.map((g, i) => <EmbedView key={i} embed={g.embed} images={g.images} />)}
          {message.attachments?.length ? <div class="attachments">{message.attachments.map((a) => <AttachmentView key={a.id} a={a} />)}</div> : null}
          {message.components?.length ? <ComponentsView components={message.components} message={message} /> : null}
          {ephemeral ? (
            <div class="ephemeral-note">
              <Icon name="eye" /> Only you can see this •{' '}
              <button type="button" class="linklike" onClick={() => props.onDismiss(message.id)}>Dismiss message</button>
            </div>
          ) : null}
        </div>
        {!ephemeral ? (
          <div class="message-actions">
            <button type="button" class="icon-button" title="Apps" aria-label="Apps" onClick={() => setMenu(!menu)}>⋯</button>
            {menu ? <AppsMenu message={message} commands={props.messageCommands} onClose={() => setMenu(false)} /> : null}
          </div>
        ) : null}
      </div>
    </article>
  );
}
