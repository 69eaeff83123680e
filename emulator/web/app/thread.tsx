// A thread's header: its state, its members, and what a person can do with a thread in
// Discord (leave, add or remove a member, rename, archive, lock). The page offers every
// action; the emulator decides, and a refusal shows Discord's error.
import { useState } from 'preact/hooks';
import { api, type ChannelView } from './api.ts';
import { SelectMenu } from './components.tsx';
import { usePage } from './context.ts';

export function ThreadBar({ thread }: { thread: ChannelView }) {
  const page = usePage();
  const [panel, setPanel] = useState<'none' | 'members' | 'rename'>('none');
  const [name, setName] = useState(thread.name);
  const [adding, setAdding] = useState<string>('');
  const act = async (action: string, extra: { targetUserId?: string; name?: string } = {}): Promise<boolean> => {
    try {
      await api.threadAction(thread.id, { as: page.viewerId, action, ...extra });
      return true;
    } catch (error) {
      page.fail(error);
      return false;
    }
  };
  const members = thread.members ?? [];
  return (
    <div class="thread-bar" data-thread-id={thread.id}>
      <div class="thread-state">
        {thread.type === 12 ? <span class="badge">private</span> : null}
        {thread.archived ? <span class="badge">archived</span> : null}
        {thread.locked ? <span class="badge">locked</span> : null}
        <span class="member-count">{members.length} {members.length === 1 ? 'member' : 'members'}</span>
      </div>
      <div class="thread-actions" role="toolbar" aria-label="Thread actions">
        <button type="button" class="button secondary small" onClick={() => setPanel(panel === 'members' ? 'none' : 'members')}>Members</button>
        <button type="button" class="button secondary small" onClick={() => { setName(thread.name); setPanel(panel === 'rename' ? 'none' : 'rename'); }}>Rename</button>
        {thread.archived
          ? <button type="button" class="button secondary small" onClick={() => void act('unarchive')}>Unarchive</button>
          : <button type="button" class="button secondary small" onClick={() => void act('archive')}>Archive</button>}
        {thread.locked
          ? <button type="button" class="button secondary small" onClick={() => void act('unlock')}>Unlock</button>
          : <button type="button" class="button secondary small" onClick={() => void act('lock')}>Lock</button>}
        {thread.joined
          ? <button type="button" class="button danger small" onClick={() => void act('leave')}>Leave thread</button>
          : <button type="button" class="button secondary small" onClick={() => void act('join')}>Join thread</button>}
      </div>
      {panel === 'rename' ? (
        <form
          class="thread-panel"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await act('rename', { name })) setPanel('none');
          }}
        >
          <label>
            Thread name <input name="thread-name" type="text" value={name} maxLength={100} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="button primary small">Save</button>
        </form>
      ) : null}
      {panel === 'members' ? (
        <div class="thread-panel members">
          <ul>
            {members.map((id) => (
              <li key={id} data-member-id={id}>
                <span>{page.person(id)?.name ?? id}</span>
                <button type="button" class="linklike" onClick={() => void act('remove-member', { targetUserId: id })}>Remove</button>
              </li>
            ))}
          </ul>
          <div class="add-member">
            <SelectMenu
              component={{ type: 5, custom_id: 'add-thread-member', placeholder: 'Add a member', min_values: 0, max_values: 1 }}
              value={adding ? [adding] : []}
              onChange={(v) => setAdding(v[0] ?? '')}
              required={false}
            />
            <button
              type="button"
              class="button primary small"
              disabled={!adding}
              onClick={async () => {
                if (await act('add-member', { targetUserId: adding })) setAdding('');
              }}
            >
              Add
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
