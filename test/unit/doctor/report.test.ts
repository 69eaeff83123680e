import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJson, renderText, summary, type Check } from '../../../src/doctor/report.ts';

const checks: Check[] = [
  { group: 'database', status: 'ok', title: 'db opens' },
  { group: 'config', status: 'ok', title: 'config.toml is valid' },
  { group: 'inboxes', status: 'fail', title: '#tickets: the bot lacks Create Private Threads', fix: 'allow it', guild: { id: '1', name: 'One' }, inbox: '10' },
  { group: 'inboxes', status: 'warn', title: '#tickets: no Manage Threads', fix: 'allow it if you like', guild: { id: '1', name: 'One' }, inbox: '10' },
  { group: 'inboxes', status: 'warn', title: 'The bot is no longer in this server', guild: { id: '2', name: null } },
  { group: 'discord', status: 'skip', title: 'Not checked' },
];

test('the checklist: groups in a fixed order, servers as headings, each fix under its line, a count at the end', () => {
  assert.equal(
    renderText(checks),
    [
      'Configuration',
      '  ✓ config.toml is valid',
      '',
      'Discord',
      '  - Not checked',
      '',
      'Database',
      '  ✓ db opens',
      '',
      'Inboxes',
      '  One (server 1)',
      '    ✗ #tickets: the bot lacks Create Private Threads',
      '        fix: allow it',
      '    ! #tickets: no Manage Threads',
      '        fix: allow it if you like',
      '  Server 2',
      '    ! The bot is no longer in this server',
      '',
      '1 problem to fix, 2 warnings.',
    ].join('\n'),
  );
  assert.match(renderText([{ group: 'config', status: 'ok', title: 'fine' }]), /\nEverything looks right\.$/);
  assert.match(renderText([{ group: 'config', status: 'warn', title: 'hm' }]), /\nNo problems; 1 warning\.$/);
});

test('JSON: the same findings with the counts, for machines', () => {
  const parsed = JSON.parse(renderJson(checks)) as { ok: boolean; problems: number; warnings: number; checks: Check[] };
  assert.deepEqual({ ok: parsed.ok, problems: parsed.problems, warnings: parsed.warnings }, summary(checks));
  assert.deepEqual(summary(checks), { ok: false, problems: 1, warnings: 2 });
  assert.deepEqual(parsed.checks, checks);
});
