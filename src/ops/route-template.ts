// The route of a REST request as a metric label: the path's template, with every id and
// token replaced, so that labels stay few and no secret (an interaction or webhook token)
// ever reaches a scrape.

/** `/channels/123/messages/456?x=1` → `/channels/:id/messages/:id`; tokens after `/webhooks/:id/` and `/interactions/:id/` become `:token`. */
export function routeTemplate(path: string): string {
  const segments = path.split(/[?#]/, 1)[0]!.split('/');
  const out: string[] = [];
  for (const segment of segments) {
    const previous = out.at(-1);
    const beforeThat = out.at(-2);
    if ((beforeThat === 'webhooks' || beforeThat === 'interactions') && previous === ':id') out.push(':token');
    else if (previous === 'reactions' && segment !== '') out.push(':emoji');
    else if (/^\d+$/.test(segment)) out.push(':id');
    else out.push(segment);
  }
  return out.join('/');
}
