// What `theticketbot doctor` found, and the two ways of showing it: a checklist for
// people (✓ fine, ! worth knowing, ✗ a problem, - not checked) and JSON for machines.

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export type CheckGroup = 'config' | 'discord' | 'database' | 'inboxes';

export interface Check {
  group: CheckGroup;
  status: CheckStatus;
  /** One line: what was checked and what was found. */
  title: string;
  /** What to do about it (warnings and problems). */
  fix?: string;
  /** For inbox checks: the server they belong to, as a heading. */
  guild?: { id: string; name: string | null };
  /** For inbox checks: the inbox message's id. */
  inbox?: string;
}

const GROUP_TITLES: Readonly<Record<CheckGroup, string>> = {
  config: 'Configuration',
  discord: 'Discord',
  database: 'Database',
  inboxes: 'Inboxes',
};

const MARKS: Readonly<Record<CheckStatus, string>> = { ok: '✓', warn: '!', fail: '✗', skip: '-' };

export function summary(checks: readonly Check[]): { ok: boolean; problems: number; warnings: number } {
  const problems = checks.filter((c) => c.status === 'fail').length;
  const warnings = checks.filter((c) => c.status === 'warn').length;
  return { ok: problems === 0, problems, warnings };
}

/** The checklist, grouped, with each fix under its line. */
export function renderText(checks: readonly Check[]): string {
  const lines: string[] = [];
  for (const group of Object.keys(GROUP_TITLES) as CheckGroup[]) {
    const inGroup = checks.filter((c) => c.group === group);
    if (inGroup.length === 0) continue;
    lines.push(GROUP_TITLES[group]);
    let guild: string | null = null;
    for (const check of inGroup) {
      let indent = '  ';
      if (check.guild) {
        const heading = check.guild.name === null ? `Server ${check.guild.id}` : `${check.guild.name} (server ${check.guild.id})`;
        if (heading !== guild) lines.push(`  ${heading}`);
        guild = heading;
        indent = '    ';
      }
      lines.push(`${indent}${MARKS[check.status]} ${check.title}`);
      if (check.fix) lines.push(`${indent}    fix: ${check.fix}`);
    }
    lines.push('');
  }
  const { problems, warnings } = summary(checks);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (problems === 0 && warnings === 0) lines.push('Everything looks right.');
  else if (problems === 0) lines.push(`No problems; ${plural(warnings, 'warning')}.`);
  else lines.push(`${plural(problems, 'problem')} to fix${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}.`);
  return lines.join('\n');
}

export function renderJson(checks: readonly Check[]): string {
  return JSON.stringify({ ...summary(checks), checks }, null, 2);
}
