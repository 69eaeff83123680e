// Discord's Markdown, parsed by discord-markdown-parser (simple-markdown with Discord's
// rules: the same parser family Discord's clients use) and rendered as Preact nodes.
// Lists are simple-markdown's own rule, allowed at the start of any line as in Discord.
import { rulesExtended, SimpleMarkdown } from 'discord-markdown-parser';
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { colorCss, discordLink, usePage } from './context.ts';

type Node = { type: string; content?: unknown; [key: string]: unknown };
type Rule = { match: (source: string, state: Record<string, unknown>, prev: string) => unknown };

const listRule = SimpleMarkdown.defaultRules.list as unknown as Rule;

/** simple-markdown only looks for lists in block mode; Discord has them on any line. */
function matchList(source: string, state: Record<string, unknown>, prev: string): unknown {
  const m = listRule.match(source, { ...state, inline: false }, prev) as RegExpExecArray | null;
  if (!m) return m;
  // Leave the blank lines after a list to the text, so a heading or subtext right after still starts a line.
  const kept = m[0].replace(/\n\n+$/, '\n');
  if (kept === m[0]) return m;
  const copy = Object.assign([...m], { index: m.index, input: m.input });
  copy[0] = kept;
  return copy;
}

const parser = SimpleMarkdown.parserFor({ ...rulesExtended, list: { ...listRule, match: matchList } } as unknown as Parameters<typeof SimpleMarkdown.parserFor>[0]);

export function parseMarkdown(text: string): Node[] {
  return parser(text, { inline: true }) as unknown as Node[];
}

function Spoiler({ children }: { children: ComponentChildren }) {
  const [shown, setShown] = useState(false);
  return (
    <span class={shown ? 'md-spoiler shown' : 'md-spoiler'} onClick={() => setShown(true)} title={shown ? undefined : 'Spoiler'}>
      {children}
    </span>
  );
}

/** A link; a bare link to a channel of this server shows as that channel, as the client shows it. */
export function Link({ href, children, bare = false }: { href: string; children: ComponentChildren; bare?: boolean }) {
  const page = usePage();
  const inside = discordLink(href, page.world.guild.id);
  if (inside) {
    const target = page.channel(inside.channelId);
    return (
      <a
        class={bare ? 'mention mention-channel md-channel-link' : 'md-link'}
        href={href}
        onClick={(e) => {
          e.preventDefault();
          if (page.channel(inside.channelId)) page.navigate(inside.channelId);
          else page.fail(new Error('You do not have access to that channel.'));
        }}
      >
        {bare ? (target ? `#${target.name}${inside.messageId ? ' › message' : ''}` : '# No Access') : children}
      </a>
    );
  }
  return <a class="md-link" href={href} target="_blank" rel="noreferrer noopener">{children}</a>;
}

function Mention({ kind, id }: { kind: 'user' | 'role' | 'channel'; id: string }) {
  const page = usePage();
  if (kind === 'user') {
    const person = page.person(id);
    return <span class="mention" data-mention-user={id}>@{person?.name ?? 'unknown-user'}</span>;
  }
  if (kind === 'role') {
    const role = page.role(id);
    const color = role ? colorCss(role.color) : undefined;
    return (
      <span class="mention mention-role" data-mention-role={id} style={color ? { color, backgroundColor: `${color}26` } : undefined}>
        @{role?.name ?? 'deleted-role'}
      </span>
    );
  }
  const channel = page.channel(id);
  if (!channel) return <span class="mention" data-mention-channel={id}># No Access</span>;
  return (
    <span class="mention mention-channel" data-mention-channel={id} onClick={() => page.navigate(id)}>
      #{channel.name}
    </span>
  );
}

const TIME_STYLES: Record<string, Intl.DateTimeFormatOptions> = {
  t: { timeStyle: 'short' },
  T: { timeStyle: 'medium' },
  d: { dateStyle: 'short' },
  D: { dateStyle: 'long' },
  f: { dateStyle: 'long', timeStyle: 'short' },
  F: { dateStyle: 'full', timeStyle: 'short' },
};

function Timestamp({ seconds, format }: { seconds: number; format: string | undefined }) {
  const page = usePage();
  const date = new Date(seconds * 1000);
  let text: string;
  if (format === 'R') {
    const diff = Math.round((date.getTime() - Date.now()) / 1000);
    const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
    const [unit, size] = units.find(([, s]) => Math.abs(diff) >= s) ?? ['second', 1];
    text = new Intl.RelativeTimeFormat(page.locale, { numeric: 'auto' }).format(Math.round(diff / size), unit);
  } else {
    text = new Intl.DateTimeFormat(page.locale, TIME_STYLES[format ?? 'f'] ?? TIME_STYLES.f).format(date);
  }
  return <span class="md-timestamp" title={date.toString()}>{text}</span>;
}

function render(nodes: unknown, key = 'n'): ComponentChildren {
  if (typeof nodes === 'string') return nodes;
  if (!Array.isArray(nodes)) return null;
  return (nodes as Node[]).map((node, i) => renderNode(node, `${key}.${i}`));
}

function renderNode(node: Node, key: string): ComponentChildren {
  const inner = () => render(node.content, key);
  switch (node.type) {
    case 'text':
      return typeof node.content === 'string' ? node.content : inner();
    case 'br':
    case 'newline':
      return <br key={key} />;
    case 'strong':
      return <strong key={key}>{inner()}</strong>;
    case 'em':
      return <em key={key}>{inner()}</em>;
    case 'underline':
    case 'u':
      return <u key={key}>{inner()}</u>;
    case 'strikethrough':
      return <s key={key}>{inner()}</s>;
    case 'inlineCode':
      return <code key={key} class="md-inline-code">{String(node.content ?? '')}</code>;
    case 'codeBlock':
      return <pre key={key} class="md-code" data-lang={String(node.lang ?? '')}><code>{String(node.content ?? '')}</code></pre>;
    case 'blockQuote': {
      // The quote's own line end is not a blank line inside it.
      const content = Array.isArray(node.content) ? [...(node.content as Node[])] : [];
      while (content.length > 0 && ['br', 'newline'].includes(content.at(-1)!.type)) content.pop();
      return <blockquote key={key} class="md-quote">{render(content, key)}</blockquote>;
    }
    case 'heading': {
      const level = Math.min(3, Math.max(1, Number(node.level) || 1));
      const Tag = `h${level}` as 'h1' | 'h2' | 'h3';
      return <Tag key={key} class="md-heading">{inner()}</Tag>;
    }
    case 'subtext':
      return <small key={key} class="md-subtext">{inner()}</small>;
    case 'spoiler':
      return <Spoiler key={key}>{inner()}</Spoiler>;
    case 'url':
    case 'autolink':
      return <Link key={key} href={String(node.target ?? '')} bare>{inner()}</Link>;
    case 'link':
      return <Link key={key} href={String(node.target ?? '')}>{inner()}</Link>;
    case 'user':
      return <Mention key={key} kind="user" id={String(node.id)} />;
    case 'role':
      return <Mention key={key} kind="role" id={String(node.id)} />;
    case 'channel':
      return <Mention key={key} kind="channel" id={String(node.id)} />;
    case 'everyone':
      return <span key={key} class="mention">@everyone</span>;
    case 'here':
      return <span key={key} class="mention">@here</span>;
    case 'emoji':
      return <span key={key} class="emoji" title={`:${String(node.name)}:`}>:{String(node.name)}:</span>;
    case 'twemoji':
      return <span key={key} class="emoji">{String(node.name)}</span>;
    case 'timestamp':
      return <Timestamp key={key} seconds={Number(node.timestamp)} format={node.format as string | undefined} />;
    case 'slashCommand':
      return <span key={key} class="mention">/{String(node.fullName ?? node.name)}</span>;
    case 'guildNavigation':
      return <span key={key} class="mention">{String(node.navigation ?? 'server')}</span>;
    case 'list': {
      const items = (node.items as unknown[][]).map((item, i) => <li key={`${key}.${i}`}>{render(item, `${key}.${i}`)}</li>);
      return node.ordered ? <ol key={key} start={Number(node.start) || 1} class="md-list">{items}</ol> : <ul key={key} class="md-list">{items}</ul>;
    }
    default:
      return inner();
  }
}

export function Markdown({ text }: { text: string }) {
  const nodes = useMemo(() => parseMarkdown(text), [text]);
  return <>{render(nodes)}</>;
}
