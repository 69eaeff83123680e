// The left column: who you are, your language, and the channels you can see, each
// with the threads you may see under it (private ones only when the emulator says so).
import type { ChannelView, PersonChoice } from './api.ts';
import { usePage } from './context.ts';
import { channelIcon, Icon } from './icons.tsx';

const TEXT_TYPES = new Set([0, 5]);
const THREAD_TYPES = new Set([10, 11, 12]);

export function ViewAs({ people, viewerId, onPick }: { people: PersonChoice[]; viewerId: string; onPick: (id: string) => void }) {
  return (
    <label class="view-as">
      <span>View as</span>
      <select name="view-as" value={viewerId} onChange={(e) => onPick((e.currentTarget as HTMLSelectElement).value)}>
        {people.map((p) => <option key={p.id} value={p.id}>{p.name} — {p.what}</option>)}
      </select>
    </label>
  );
}

export function LanguagePicker({ locale, locales, onPick }: { locale: string; locales: string[]; onPick: (l: string) => void }) {
  return (
    <label class="language" title="Your Discord client's language: commands and the bot's replies to you follow it">
      <span>Language</span>
      <select name="language" value={locale} onChange={(e) => onPick((e.currentTarget as HTMLSelectElement).value)}>
        {locales.map((l) => <option key={l} value={l}>{l}</option>)}
      </select>
    </label>
  );
}

function ThreadItem({ thread, current, onPick }: { thread: ChannelView; current: string | null; onPick: (id: string) => void }) {
  return (
    <li>
      <button
        type="button"
        class={`channel thread${thread.id === current ? ' current' : ''}${thread.archived ? ' archived' : ''}`}
        data-channel-id={thread.id}
        data-channel-name={thread.name}
        onClick={() => onPick(thread.id)}
        title={thread.archived ? 'Archived thread' : thread.type === 12 ? 'Private thread' : 'Thread'}
      >
        <span class="channel-icon"><Icon name={channelIcon(thread.type)} /></span>
        <span class="channel-name">{thread.name}</span>
        {thread.locked ? <span class="badge" title="Locked">locked</span> : null}
      </button>
    </li>
  );
}

export function ChannelList({ current, onPick }: { current: string | null; onPick: (id: string) => void }) {
  const page = usePage();
  const channels = page.world.channels;
  const parents = channels.filter((c) => TEXT_TYPES.has(c.type)).sort((a, b) => a.position - b.position);
  const threadsOf = (id: string) => channels
    .filter((c) => THREAD_TYPES.has(c.type) && c.parentId === id)
    .sort((a, b) => Number(a.archived) - Number(b.archived) || (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  return (
    <nav class="channel-list" aria-label="Channels">
      <div class="channel-group">Text channels</div>
      <ul>
        {parents.map((c) => (
          <li key={c.id}>
            <button type="button" class={`channel${c.id === current ? ' current' : ''}`} data-channel-id={c.id} data-channel-name={c.name} onClick={() => onPick(c.id)}>
              <span class="channel-icon"><Icon name="hash" /></span>
              <span class="channel-name">{c.name}</span>
            </button>
            {threadsOf(c.id).length ? <ul class="threads">{threadsOf(c.id).map((t) => <ThreadItem key={t.id} thread={t} current={current} onPick={onPick} />)}</ul> : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}
