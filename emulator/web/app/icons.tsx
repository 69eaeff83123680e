// Small inline icons: the page must not depend on an emoji font (headless browsers and
// some systems have none) or on anything fetched from the internet.
const PATHS: Record<string, string> = {
  hash: 'M5.5 2 4.7 6H2v2h2.3l-.8 4H1v2h2.1l-.6 3h2l.6-3h4l-.6 3h2l.6-3H14v-2h-2.5l.8-4H15V6h-2.3l.8-4h-2l-.8 4h-4l.8-4zm.8 6h4l-.8 4h-4z',
  thread: 'M3 2h10a2 2 0 0 1 2 2v6a2 2 0 0 1-2 2H7l-4 3v-3a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm1 3v1.5h8V5zm0 3v1.5h5V8z',
  lock: 'M8 1a4 4 0 0 0-4 4v2H3v8h10V7h-1V5a4 4 0 0 0-4-4zm-2 6V5a2 2 0 1 1 4 0v2zm2 2.5a1.3 1.3 0 0 1 .7 2.4V13H7.3v-1.1A1.3 1.3 0 0 1 8 9.5z',
  eye: 'M8 3C4 3 1.5 6.2 1 8c.5 1.8 3 5 7 5s6.5-3.2 7-5c-.5-1.8-3-5-7-5zm0 8.2A3.2 3.2 0 1 1 8 4.8a3.2 3.2 0 0 1 0 6.4zM8 6.3a1.7 1.7 0 1 0 0 3.4 1.7 1.7 0 0 0 0-3.4z',
  file: 'M3 1h6l4 4v10H3zm5 1v4h4',
};

export type IconName = keyof typeof PATHS;

export function Icon({ name, title }: { name: 'hash' | 'thread' | 'lock' | 'eye' | 'file'; title?: string }) {
  return (
    <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden={title ? undefined : 'true'} role={title ? 'img' : undefined}>
      {title ? <title>{title}</title> : null}
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}

/** The icon of a channel or thread in lists and headers. */
export function channelIcon(type: number): 'hash' | 'thread' | 'lock' {
  if (type === 12) return 'lock';
  if (type === 10 || type === 11) return 'thread';
  return 'hash';
}
