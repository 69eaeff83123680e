/**
 * The sandbox page's server side, mounted on the emulator's port: the static
 * page (built by scripts/build-sandbox.mjs) at `/`, and a small JSON API under
 * `/_sandbox/` through which the page shows the world as one person sees it
 * and acts as that person. Every view is computed here from the emulator's
 * permissions (the page decides nothing about who sees what), and every action
 * goes through the emulator's own checks: what Discord or its client would
 * refuse comes back as an error with Discord's message, never as a pretend
 * success. Live updates are Server-Sent Events at `/_sandbox/events`.
 */

import { readFileSync, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { ApplicationCommand, Channel, Emulator, EmulatorFile, InteractionHandle, Message } from '../src/index.ts';
import { Permissions as P } from '../src/index.ts';
import { DISCORD_LOCALES } from '../src/locales.ts';
import { parseThreadAction } from '../src/member-actions.ts';
import { ApiError } from '../src/rest/errors.ts';
import { isThreadType } from '../src/state.ts';

const EPHEMERAL = 1 << 6;
/** The page waits a little longer than Discord's 3 s for the bot's first answer. */
const RESPONSE_WAIT_MS = 3500;
const MAX_BODY = 12 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

class PageError extends Error {
  readonly status: number;
  readonly code: number;
  constructor(status: number, message: string, code = 0) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

type Body = Record<string, unknown>;

function has(perms: bigint, bit: bigint): boolean {
  return (perms & P.ADMINISTRATOR) !== 0n || (perms & bit) === bit;
}

function str(body: Body, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw new PageError(400, `"${key}" must be a non-empty string`);
  return v;
}

function optLocale(body: Body): string | undefined {
  return typeof body.locale === 'string' ? body.locale : undefined;
}

function byId(a: { id: string }, b: { id: string }): number {
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface PageServerOptions {
  /** Folder holding index.html and the built assets. */
  webRoot: string;
  /** The guild the page shows (the sandbox has one). */
  guildId: string;
  /** Default client language of the people on the page. */
  defaultLocale: string;
}

export interface PageServer {
  /** Closes the event streams (the emulator closes the sockets). */
  close(): void;
}

/** Mounts the page and its API on the emulator's HTTP server. */
export function mountPage(em: Emulator, opts: PageServerOptions): PageServer {
  const world = em.world;
  const streams = new Set<ServerResponse>();
  let seq = 0;
  let pending: NodeJS.Timeout | null = null;
  const changed = (): void => {
    if (pending) return;
    // Several events usually come together (a message, then a thread update): one notice for them all.
    pending = setTimeout(() => {
      pending = null;
      seq += 1;
      for (const res of streams) res.write(`data: ${JSON.stringify({ seq })}\n\n`);
    }, 20);
  };
  em.events.on('dispatch', changed);
  world.messageWatchers.add(changed);
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  const guild = () => {
    const g = world.getGuild(opts.guildId);
    if (!g) throw new PageError(404, 'the sandbox server no longer exists');
    return g;
  };

  /** A human member of the guild (the page never acts as the bot). */
  const viewer = (id: unknown): string => {
    if (typeof id !== 'string' || id === '') throw new PageError(400, 'pick who you are first ("as" is missing)');
    if (id === world.botUser.id) throw new PageError(400, 'the page cannot act as the bot');
    if (!guild().members.has(id)) throw new PageError(404, `user ${id} is not a member of ${guild().name}`);
    return id;
  };

  const displayName = (userId: string): string => {
    const m = guild().members.get(userId);
    const u = world.users.get(userId);
    return m?.nick ?? u?.global_name ?? u?.username ?? 'Unknown User';
  };

  const roleColor = (roleIds: readonly string[]): number => {
    const roles = world.rolesOf(opts.guildId).filter((r) => roleIds.includes(r.id) && r.color !== 0);
    return roles.at(-1)?.color ?? 0;
  };

  function channelView(c: Channel, as: string): Record<string, unknown> {
    const perms = world.channelPermissions(c.id, as);
    const thread = isThreadType(c.type);
    const manage = has(perms, P.MANAGE_THREADS);
    // "Locked Threads": only MANAGE_THREADS holders post in a locked thread (the emulator refuses others with 160005).
    const lockedOut = thread && c.thread_metadata?.locked === true && !manage;
    const out: Record<string, unknown> = {
      id: c.id,
      name: c.name ?? '',
      type: c.type,
      parentId: c.parent_id ?? null,
      position: c.position ?? 0,
      topic: c.topic ?? null,
      canSend: has(perms, thread ? P.SEND_MESSAGES_IN_THREADS : P.SEND_MESSAGES) && !lockedOut,
      canReadHistory: has(perms, P.READ_MESSAGE_HISTORY),
      canManageThreads: manage,
    };
    if (thread) {
      out.ownerId = c.owner_id ?? null;
      out.archived = c.thread_metadata?.archived ?? false;
      out.locked = c.thread_metadata?.locked ?? false;
      out.invitable = c.thread_metadata?.invitable ?? null;
      out.members = world.threadMembersOf(c.id).map((m) => m.user_id);
      out.joined = world.isThreadMember(c.id, as);
      // What the client offers this person, by the emulator's own rules: the page shows these and nothing else.
      const offer = em.threadActionsOf(as, c.id);
      out.actions = offer.actions;
      out.addable = offer.addable;
      out.removable = offer.removable;
    }
    return out;
  }

  function worldView(as: string): Record<string, unknown> {
    const g = guild();
    const roles = world.rolesOf(g.id);
    const people = [...g.members.values()].map((m) => {
      const u = world.users.get(m.userId);
      return {
        id: m.userId,
        username: u?.username ?? '',
        name: displayName(m.userId),
        bot: u?.bot === true,
        roles: [...m.roles],
        color: roleColor(m.roles),
        owner: g.ownerId === m.userId,
      };
    });
    const channels = g.channelIds
      .map((id) => world.getChannel(id))
      .filter((c): c is Channel => c !== undefined && world.canView(c.id, as))
      .map((c) => channelView(c, as));
    return {
      guild: { id: g.id, name: g.name, locale: g.preferredLocale, ownerId: g.ownerId, systemChannelId: g.systemChannelId },
      viewerId: as,
      botId: world.botUser.id,
      defaultLocale: opts.defaultLocale,
      locales: [...DISCORD_LOCALES],
      people,
      roles: roles.map((r) => ({ id: r.id, name: r.name, color: r.color, position: r.position, mentionable: r.mentionable, managed: r.managed })),
      channels,
    };
  }

  /** A channel `as` can view, else Discord's answer to a client asking for it. */
  function viewable(channelId: string, as: string): Channel {
    const c = world.getChannel(channelId);
    if (!c || c.guild_id !== opts.guildId) throw new ApiError(404, 10003, 'Unknown Channel');
    if (!world.canView(c.id, as)) throw new ApiError(403, 50001, 'Missing Access');
    return c;
  }

  function messagesView(channelId: string, as: string): Message[] {
    const c = viewable(channelId, as);
    const perms = world.channelPermissions(c.id, as);
    // "Get Channel Messages": nothing without READ_MESSAGE_HISTORY.
    const history = has(perms, P.READ_MESSAGE_HISTORY) ? world.messagesIn(c.id) : [];
    // Ephemeral messages are shown to the person whose interaction they answer, and to nobody else.
    const ephemeral = [...world.ephemeralMessages.values()].filter((m) => {
      const owner = (m.interaction_metadata as { user?: { id?: string } } | undefined)?.user?.id;
      return m.channel_id === c.id && (m.flags & EPHEMERAL) !== 0 && owner === as;
    });
    return structuredClone([...history, ...ephemeral].sort(byId));
  }

  /** The commands the Discord client offers `as` in a channel ("Application Commands — Permissions", "Contexts"). */
  function commandsView(channelId: string, as: string): ApplicationCommand[] {
    const c = viewable(channelId, as);
    const perms = world.channelPermissions(c.id, as);
    if (!has(perms, P.USE_APPLICATION_COMMANDS)) return [];
    const guildScoped = em.commands(opts.guildId);
    const names = new Set(guildScoped.map((cmd) => `${cmd.type}:${cmd.name}`));
    const all = [...guildScoped, ...em.commands().filter((cmd) => !names.has(`${cmd.type}:${cmd.name}`))];
    return all.filter((cmd) => {
      if (Array.isArray(cmd.contexts) && !cmd.contexts.includes(0)) return false;
      if (cmd.default_member_permissions === null || cmd.default_member_permissions === undefined) return true;
      const needed = BigInt(cmd.default_member_permissions);
      return (perms & P.ADMINISTRATOR) !== 0n || (perms & needed) === needed;
    });
  }

  /** Starts an interaction, then waits for the bot's first answer as the client does. */
  async function interact(start: () => InteractionHandle): Promise<Record<string, unknown>> {
    const handle = start();
    const timeout = new Promise<never>((_, reject) => {
      setTimeout(() => reject(new PageError(504, 'The application did not respond')), RESPONSE_WAIT_MS).unref();
    });
    try {
      const response = await Promise.race([handle.response, timeout]);
      return { id: handle.id, type: response.type, modal: response.type === 9 ? handle.modal() : null };
    } catch (error) {
      if (error instanceof PageError) throw error;
      // The emulator's deadline passed without an answer: Discord's client says the same.
      throw new PageError(504, 'The application did not respond');
    }
  }

  function decodeFiles(raw: unknown): EmulatorFile[] | undefined {
    if (raw === undefined || raw === null) return undefined;
    if (!Array.isArray(raw)) throw new PageError(400, '"files" must be a list');
    return raw.map((f: Body) => {
      const file: EmulatorFile = { name: str(f, 'name'), data: Buffer.from(String(f.base64 ?? ''), 'base64') };
      if (typeof f.contentType === 'string' && f.contentType !== '') file.contentType = f.contentType;
      return file;
    });
  }

  type Route = (body: Body, params: string[], url: URL) => unknown;
  /** Who can be picked in "View as": every person in the server, with what they are there. */
  function peopleView(): Record<string, unknown> {
    const g = guild();
    const roles = world.rolesOf(g.id);
    const people = [...g.members.values()]
      .filter((m) => world.users.get(m.userId)?.bot !== true)
      .map((m) => {
        const top = roles.filter((r) => m.roles.includes(r.id) && r.hoist).at(-1);
        return { id: m.userId, username: world.users.get(m.userId)?.username ?? '', name: displayName(m.userId), what: g.ownerId === m.userId ? 'Owner' : top?.name ?? 'Member' };
      });
    const everyone = BigInt(g.roles.get(g.id)?.permissions ?? '0');
    const suggested = people.find((p) => {
      if (p.id === g.ownerId) return false;
      const perms = (g.members.get(p.id)?.roles ?? []).reduce((acc, id) => acc | BigInt(g.roles.get(id)?.permissions ?? '0'), everyone);
      return (perms & P.MANAGE_GUILD) !== 0n;
    }) ?? people[0];
    return { guildName: g.name, people, suggested: suggested?.id ?? null };
  }

  const routes: Array<{ method: string; pattern: RegExp; run: Route }> = [
    { method: 'GET', pattern: /^people$/, run: () => peopleView() },
    { method: 'GET', pattern: /^world$/, run: (_b, _p, url) => worldView(viewer(url.searchParams.get('as'))) },
    { method: 'GET', pattern: /^channels\/(\d+)\/messages$/, run: (_b, [id], url) => messagesView(id ?? '', viewer(url.searchParams.get('as'))) },
    { method: 'GET', pattern: /^channels\/(\d+)\/commands$/, run: (_b, [id], url) => commandsView(id ?? '', viewer(url.searchParams.get('as'))) },
    {
      method: 'POST',
      pattern: /^channels\/(\d+)\/messages$/,
      run: (b, [id]) => {
        const as = viewer(b.as);
        viewable(id ?? '', as);
        const body: Body = { content: typeof b.content === 'string' ? b.content : '' };
        return em.createMessage(id ?? '', as, body, decodeFiles(b.files));
      },
    },
    {
      method: 'POST',
      pattern: /^interactions\/slash-command$/,
      run: (b) => interact(() => em.runSlashCommand({
        guildId: opts.guildId,
        channelId: str(b, 'channelId'),
        userId: viewer(b.as),
        command: str(b, 'command'),
        ...(typeof b.subcommandGroup === 'string' ? { subcommandGroup: b.subcommandGroup } : {}),
        ...(typeof b.subcommand === 'string' ? { subcommand: b.subcommand } : {}),
        options: (b.options as Record<string, string | number | boolean>) ?? {},
        ...(optLocale(b) ? { locale: optLocale(b) } : {}),
      })),
    },
    {
      method: 'POST',
      pattern: /^interactions\/message-command$/,
      run: (b) => interact(() => em.runMessageCommand({
        guildId: opts.guildId,
        channelId: str(b, 'channelId'),
        userId: viewer(b.as),
        command: str(b, 'command'),
        targetMessageId: str(b, 'targetMessageId'),
        ...(optLocale(b) ? { locale: optLocale(b) } : {}),
      })),
    },
    {
      method: 'POST',
      pattern: /^interactions\/button$/,
      run: (b) => {
        const as = viewer(b.as);
        const message = world.findMessage(str(b, 'messageId'));
        if (message) viewable(message.channel_id, as);
        return interact(() => em.clickButton({ messageId: str(b, 'messageId'), userId: as, customId: str(b, 'customId'), ...(optLocale(b) ? { locale: optLocale(b) } : {}) }));
      },
    },
    {
      method: 'POST',
      pattern: /^interactions\/select$/,
      run: (b) => {
        const as = viewer(b.as);
        const message = world.findMessage(str(b, 'messageId'));
        if (message) viewable(message.channel_id, as);
        if (!Array.isArray(b.values) || b.values.some((v) => typeof v !== 'string')) throw new PageError(400, '"values" must be a list of strings');
        return interact(() => em.selectMenu({ messageId: str(b, 'messageId'), userId: as, customId: str(b, 'customId'), values: b.values as string[], ...(optLocale(b) ? { locale: optLocale(b) } : {}) }));
      },
    },
    {
      method: 'POST',
      pattern: /^interactions\/modal-submit$/,
      run: (b) => {
        const as = viewer(b.as);
        const from = em.interaction(str(b, 'fromId'));
        if (!from) throw new PageError(404, 'that form is no longer open');
        // File uploads come as [{ name, contentType, base64 }], as the page sends attachments.
        const fields = Object.fromEntries(Object.entries((b.fields ?? {}) as Record<string, unknown>).map(([k, v]) =>
          [k, Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null) ? decodeFiles(v) : v])) as Parameters<Emulator['submitModal']>[0]['fields'];
        return interact(() => em.submitModal({ from, fields, userId: as, ...(optLocale(b) ? { locale: optLocale(b) } : {}) }));
      },
    },
    {
      method: 'POST',
      pattern: /^threads\/(\d+)\/actions$/,
      run: (b, [id]) => channelView(em.threadActionAs(viewer(b.as), id ?? '', parseThreadAction(b)), viewer(b.as)),
    },
  ];

  function serveStatic(res: ServerResponse, path: string): boolean {
    const file = path === '/' ? 'index.html' : path.slice(1);
    const full = normalize(join(opts.webRoot, file));
    if (!full.startsWith(normalize(opts.webRoot + sep)) || !existsSync(full)) return false;
    const data = readFileSync(full);
    res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(full)] ?? 'application/octet-stream', 'Content-Length': String(data.length), 'Cache-Control': 'no-cache' });
    res.end(data);
    return true;
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store' });
    res.end(text);
  }

  async function readBody(req: IncomingMessage): Promise<Body> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) throw new PageError(413, 'that is too large for the sandbox (12 MB at most)');
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') return {};
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new PageError(400, 'the body must be a JSON object');
    return parsed as Body;
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, rest: string): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    for (const r of routes) {
      const m = r.pattern.exec(rest);
      if (!m || r.method !== method) continue;
      try {
        const body = method === 'POST' ? await readBody(req) : {};
        send(res, method === 'POST' ? 201 : 200, await r.run(body, m.slice(1), url));
      } catch (error) {
        if (error instanceof ApiError) send(res, error.status, error.body);
        else if (error instanceof PageError) send(res, error.status, { message: error.message, code: error.code });
        else if (error instanceof SyntaxError) send(res, 400, { message: 'the body is not JSON', code: 0 });
        // The emulator's own checks of what the client allows throw plain errors with a sentence.
        else send(res, 400, { message: error instanceof Error ? error.message : String(error), code: 0 });
      }
      return;
    }
    send(res, 404, { message: `no sandbox route ${method} /_sandbox/${rest}`, code: 0 });
  }

  em.mount((req, res, url) => {
    const path = url.pathname;
    if (path === '/_sandbox/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(`data: ${JSON.stringify({ seq })}\n\n`);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return true;
    }
    if (path.startsWith('/_sandbox/')) {
      void api(req, res, url, path.slice('/_sandbox/'.length));
      return true;
    }
    if ((req.method ?? 'GET') !== 'GET') return false;
    return serveStatic(res, path);
  });

  return {
    close() {
      clearInterval(keepAlive);
      if (pending) clearTimeout(pending);
      em.events.off('dispatch', changed);
      world.messageWatchers.delete(changed);
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
