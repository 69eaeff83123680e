// The sandbox page: a Discord-like client for whoever is picked in "View as". It shows
// only what the emulator says that person sees, acts only through the emulator, and
// reloads its view whenever the emulator reports a change (Server-Sent Events).
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiFailure, type Command, type InteractionResult, type Message, type Modal, type PeopleView, type WorldView } from './api.ts';
import { Page, usePage, type PageContext } from './context.ts';
import { MessageView } from './message.tsx';
import { ModalView } from './modal.tsx';
import { CommandForm, Palette, paletteEntries, type PaletteEntry } from './palette.tsx';
import { ChannelList, LanguagePicker, ViewAs } from './sidebar.tsx';
import { ThreadBar } from './thread.tsx';
import { channelIcon, Icon } from './icons.tsx';
import './style.css';

interface Toast {
  id: number;
  text: string;
}

function describe(error: unknown): string {
  if (error instanceof ApiFailure) return error.code ? `${error.message} (${error.code})` : error.message;
  return error instanceof Error ? error.message : String(error);
}

function readFile(file: File): Promise<{ name: string; contentType: string; base64: string }> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ name: file.name, contentType: file.type || 'application/octet-stream', base64: url.slice(url.indexOf(',') + 1) });
    };
    reader.onerror = () => reject(new Error(`could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

function Composer({ channelId, canSend, commands, placeholder, refusal }: { channelId: string; canSend: boolean; commands: Command[]; placeholder: string; refusal: string }) {
  const page = usePage();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [entry, setEntry] = useState<PaletteEntry | null>(null);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const entries = useMemo(() => paletteEntries(commands, page.locale), [commands, page.locale]);
  const slash = text.startsWith('/') && entry === null;
  const showPalette = (slash || paletteOpen) && entry === null;

  useEffect(() => {
    setEntry(null);
    setPaletteOpen(false);
  }, [channelId, page.viewerId]);

  const pick = (e: PaletteEntry): void => {
    setEntry(e);
    setText('');
    setPaletteOpen(false);
  };
  const send = async (): Promise<void> => {
    if (slash) {
      const matches = entries.filter((e) => e.title.toLowerCase().startsWith(text.trim().toLowerCase()));
      if (matches.length === 1 && matches[0]) pick(matches[0]);
      return;
    }
    if (text.trim() === '' && files.length === 0) return;
    setBusy(true);
    try {
      const encoded = await Promise.all(files.map(readFile));
      await api.send(page.viewerId, channelId, text, encoded);
      setText('');
      setFiles([]);
    } catch (error) {
      page.fail(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="composer-area">
      {showPalette ? <Palette entries={entries} filter={slash ? text.slice(1) : ''} onPick={pick} /> : null}
      {entry ? <CommandForm entry={entry} channelId={channelId} onDone={() => setEntry(null)} /> : null}
      {files.length ? (
        <div class="pending-files">
          {files.map((f) => <span key={f.name} class="pending-file">{f.name}</span>)}
          <button type="button" class="linklike" onClick={() => setFiles([])}>Remove</button>
        </div>
      ) : null}
      <div class="composer">
        <button type="button" class="icon-button" title="Attach files" aria-label="Attach files" disabled={!canSend} onClick={() => fileInput.current?.click()}>+</button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          onChange={(e) => setFiles([...((e.currentTarget as HTMLInputElement).files ?? [])])}
        />
        <textarea
          name="message"
          rows={1}
          value={text}
          disabled={!canSend && !slash}
          placeholder={canSend ? `Message ${placeholder}` : refusal}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              if (!busy) void send();
            }
            if (e.key === 'Escape') setPaletteOpen(false);
          }}
        />
        <button type="button" class="icon-button" title="Commands" aria-label="Commands" onClick={() => { setEntry(null); setPaletteOpen(!paletteOpen); }}>/</button>
      </div>
    </div>
  );
}

function findViewer(people: PeopleView, wanted: string | null): string | null {
  if (wanted) {
    const p = people.people.find((x) => x.id === wanted || x.username === wanted);
    if (p) return p.id;
  }
  return people.suggested ?? people.people[0]?.id ?? null;
}

function App() {
  const params = new URLSearchParams(location.search);
  const [people, setPeople] = useState<PeopleView | null>(null);
  const [viewerId, setViewerId] = useState<string | null>(null);
  const [locale, setLocale] = useState<string>('en-US');
  const [world, setWorld] = useState<WorldView | null>(null);
  const [channelId, setChannelId] = useState<string | null>(params.get('channel'));
  // Messages and commands belong to one channel: never shown under another channel's name.
  const [loaded, setLoaded] = useState<{ channelId: string | null; messages: Message[]; commands: Command[] }>({ channelId: null, messages: [], commands: [] });
  const [dismissed, setDismissed] = useState<Set<string>>(new Set());
  const [modal, setModal] = useState<{ fromId: string; modal: Modal } | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [tick, setTick] = useState(0);
  const [offline, setOffline] = useState(false);
  const loadSeq = useRef(0);
  const list = useRef<HTMLDivElement>(null);
  const toastSeq = useRef(0);

  const fail = (error: unknown): void => {
    const id = ++toastSeq.current;
    setToasts((t) => [...t, { id, text: describe(error) }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), 8000);
  };

  // Live updates: any change in the emulator reloads what this person sees.
  useEffect(() => {
    const events = new EventSource('/_sandbox/events');
    events.onmessage = () => {
      setOffline(false);
      setTick((t) => t + 1);
    };
    events.onerror = () => setOffline(true);
    return () => events.close();
  }, []);

  useEffect(() => {
    api.people().then((p) => {
      setPeople(p);
      setViewerId((current) => current ?? findViewer(p, params.get('as') ?? localStorage.getItem('sandbox:as')));
    }, fail);
  }, [tick]);

  useEffect(() => {
    if (!viewerId) return;
    setLocale(localStorage.getItem(`sandbox:locale:${viewerId}`) ?? '');
    setDismissed(new Set());
    setModal(null);
  }, [viewerId]);

  useEffect(() => {
    if (!viewerId) return;
    const seq = ++loadSeq.current;
    void (async () => {
      try {
        const w = await api.world(viewerId);
        const visible = (id: string | null) => id !== null && w.channels.some((c) => c.id === id);
        let target = channelId;
        if (!visible(target)) {
          const lost = world?.channels.find((c) => c.id === target);
          target = [lost?.parentId ?? null, w.guild.systemChannelId, w.channels[0]?.id ?? null].find(visible) ?? null;
        }
        const [msgs, cmds] = target ? await Promise.all([api.messages(viewerId, target), api.commands(viewerId, target)]) : [[], []];
        if (seq !== loadSeq.current) return;
        setWorld(w);
        setLoaded({ channelId: target, messages: msgs, commands: cmds });
        if (target !== channelId) setChannelId(target);
        document.body.dataset.loaded = String(seq);
      } catch (error) {
        if (seq === loadSeq.current) fail(error);
      }
    })();
  }, [viewerId, channelId, tick]);

  useEffect(() => {
    if (!viewerId || !people) return;
    localStorage.setItem('sandbox:as', viewerId);
    const username = people.people.find((p) => p.id === viewerId)?.username ?? viewerId;
    history.replaceState(null, '', `?as=${encodeURIComponent(username)}${channelId ? `&channel=${channelId}` : ''}`);
  }, [viewerId, channelId, people]);

  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [loaded.messages.length, loaded.channelId]);

  if (!people || !viewerId || !world) {
    return <div class="loading">{offline ? 'The sandbox is not answering. Is `theticketbot sandbox` still running?' : 'Loading the sandbox…'}</div>;
  }
  const effectiveLocale = locale || world.defaultLocale;
  const page: PageContext = {
    world,
    viewerId,
    locale: effectiveLocale,
    person: (id) => world.people.find((p) => p.id === id),
    role: (id) => world.roles.find((r) => r.id === id),
    channel: (id) => world.channels.find((c) => c.id === id),
    navigate: (id) => setChannelId(id),
    fail,
    answered: (result: InteractionResult) => {
      if (result.type === 9 && result.modal) setModal({ fromId: result.id, modal: result.modal });
    },
  };
  const channel = channelId ? page.channel(channelId) : undefined;
  const isThread = channel !== undefined && [10, 11, 12].includes(channel.type);
  const current = loaded.channelId === channelId;
  const messages = current ? loaded.messages : [];
  const commands = current ? loaded.commands : [];
  const messageCommands = commands.filter((c) => c.type === 3);
  const byId = new Map(messages.map((m) => [m.id, m]));
  const shown = messages.filter((m) => !dismissed.has(m.id));
  const me = page.person(viewerId);

  return (
    <Page.Provider value={page}>
      <div class="app" data-viewer={me?.username}>
        <header class="topbar">
          <span class="server-name">{world.guild.name}</span>
          <ViewAs people={people.people} viewerId={viewerId} onPick={setViewerId} />
          <LanguagePicker
            locale={effectiveLocale}
            locales={world.locales}
            onPick={(l) => {
              localStorage.setItem(`sandbox:locale:${viewerId}`, l);
              setLocale(l);
            }}
          />
          <span class="sandbox-note">{offline ? 'Disconnected from the sandbox' : 'Sandbox · the real bot on a stand-in for Discord'}</span>
        </header>
        <aside class="sidebar">
          <ChannelList current={channelId} onPick={setChannelId} />
        </aside>
        <main class="chat">
          {channel ? (
            <>
              <header class="chat-head">
                <span class="chat-title" data-channel-title={channel.name}><Icon name={channelIcon(channel.type)} /> {channel.name}</span>
                {channel.topic ? <span class="chat-topic">{channel.topic}</span> : null}
              </header>
              {isThread ? <ThreadBar thread={channel} /> : null}
              <div class="messages" ref={list} data-loaded-channel={current ? channel.name : undefined}>
                {!channel.canReadHistory ? <div class="notice">You cannot read the message history of this channel.</div> : null}
                {shown.map((m) => (
                  <MessageView
                    key={m.id}
                    message={m}
                    messageCommands={messageCommands}
                    reference={m.message_reference?.message_id ? byId.get(m.message_reference.message_id) : undefined}
                    onDismiss={(id) => setDismissed(new Set([...dismissed, id]))}
                  />
                ))}
              </div>
              <Composer
                channelId={channel.id}
                canSend={channel.canSend}
                commands={commands}
                placeholder={isThread ? channel.name : `#${channel.name}`}
                refusal={channel.locked ? 'This thread is locked.' : 'You do not have permission to send messages in this channel.'}
              />
            </>
          ) : (
            <div class="notice">You cannot see any channel of this server.</div>
          )}
        </main>
        <div class="toasts" aria-live="assertive">
          {toasts.map((t) => (
            <div key={t.id} class="toast" role="alert" onClick={() => setToasts(toasts.filter((x) => x.id !== t.id))}>{t.text}</div>
          ))}
        </div>
        {modal ? <ModalView key={modal.fromId} fromId={modal.fromId} modal={modal.modal} onClose={() => setModal(null)} /> : null}
      </div>
    </Page.Provider>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
