// A thread's header: its state, its members, and the thread actions this person has, as
// Discord's client shows them (leave or join, add or remove a member, rename, archive,
// lock). Which ones comes from the emulator (`actions`, `addable`, `removable` of the
// thread's view), never from the page; a form opened before the thread changed is still
// sent, and the emulator's refusal shows as Discord's error.
import { useState } from 'preact/hooks';
import { api, type ChannelView, type ThreadAction } from './api.ts';
import { SelectMenu } from './components.tsx';
import { usePage } from './context.ts';

const LABELS: Record<ThreadAction, string> = {
  leave: 'Leave thread',
  join: 'Join thread',
  archive: 'Archive',
  unarchive: 'Unarchive',
  lock: 'Lock',
  unlock: 'Unlock',
  rename: 'Rename',
};

/** The order the buttons keep, whatever the emulator lists. */
const ORDER: ThreadAction[] = ['rename', 'archive', 'unarchive', 'lock', 'unlock', 'join', 'leave'];

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
  const offered = new Set(thread.actions ?? []);
  const removable = new Set(thread.removable ?? []);
  const addable = thread.addable ?? [];
  const button = (action: ThreadAction) => {
    if (action === 'rename') {
      return <button key={action} type="button" class="button secondary small" data-action={action} onClick={() => { setName(thread.name); setPanel(panel === 'rename' ? 'none' : 'rename'); }}>{LABELS.rename}</button>;
    }
    return <button key={action} type="button" class={`button ${action === 'leave' ? 'danger' : 'secondary'} small`} data-action={action} onClick={() => void act(action)}>{LABELS[action]}</button>;
  };
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
        {ORDER.filter((a) => offered.has(a)).map(button)}
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
                {removable.has(id) ? <button type="button" class="linklike" onClick={() => void act('remove-member', { targetUserId: id })}>Remove</button> : null}
              </li>
            ))}
          </ul>
          {addable.length > 0 ? (
            <div class="add-member">
              <SelectMenu
                component={{
                  type: 3,
                  custom_id: 'add-thread-member',
                  placeholder: 'Add a member',
                  min_values: 0,
                  max_values: 1,
                  options: addable.map((id) => ({ value: id, label: page.person(id)?.name ?? id, description: page.person(id)?.username ?? '' })),
                }}
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
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
