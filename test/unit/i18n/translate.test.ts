import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTranslator, SOURCE_LOCALE } from '../../../src/i18n/translate.ts';

const translator = loadTranslator();
const MENTION = '<@1246826841231327275>';

/** Writes `files` (locale → FTL source) into a fresh folder and returns its URL. */
function localesDir(t: { after: (fn: () => void) => void }, files: Record<string, string>): URL {
  const dir = mkdtempSync(join(tmpdir(), 'theticketbot-i18n-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [locale, text] of Object.entries(files)) {
    mkdirSync(join(dir, locale));
    writeFileSync(join(dir, locale, 'theticketbot.ftl'), text);
  }
  return pathToFileURL(`${dir}/`);
}

test('the bundled locales are loaded with en-US first', () => {
  assert.equal(SOURCE_LOCALE, 'en-US');
  assert.deepEqual(translator.locales, ['en-US', 'de', 'fr']);
});

test('resolve maps Discord locales to the best supported one', () => {
  const cases: [string | null | undefined, string][] = [
    ['en-US', 'en-US'],
    ['en-GB', 'en-US'],
    ['de', 'de'],
    ['fr', 'fr'],
    ['es-ES', 'en-US'],
    ['pt-BR', 'en-US'],
    ['zh-TW', 'en-US'],
    ['', 'en-US'],
    ['not a locale!', 'en-US'],
    [null, 'en-US'],
    [undefined, 'en-US'],
  ];
  for (const [input, expected] of cases) {
    assert.equal(translator.resolve(input), expected, String(input));
  }
});

test('t formats in the resolved locale', () => {
  assert.equal(translator.t('en-GB', 'inbox-button'), 'Create Ticket');
  assert.equal(translator.t('de', 'inbox-button'), 'Ticket erstellen');
  assert.equal(translator.t('fr', 'inbox-button'), 'Créer un ticket');
  assert.equal(translator.t('ko', 'inbox-button'), 'Create Ticket');
});

test('mentions and snowflakes pass through unchanged, without bidi marks', () => {
  for (const locale of translator.locales) {
    const text = translator.t(locale, 'error-unexpected', { code: '0a1f', owner: MENTION });
    assert.ok(text.includes(MENTION), `${locale}: ${text}`);
    assert.ok(text.includes('0a1f'), `${locale}: ${text}`);
    assert.doesNotMatch(text, /[\u2068\u2069]/);
    const guild = translator.t(locale, 'owner-sync-guild-done', {
      commands: 2,
      localizations: 30,
      guild: '1246826841231327275',
    });
    assert.ok(guild.includes('1246826841231327275'), `${locale}: ${guild}`);
  }
});

test('counts pick the right plural form', () => {
  assert.equal(
    translator.t('en-US', 'owner-sync-done', { commands: 1, localizations: 1 }),
    'Synchronised one command globally with one localisation.',
  );
  assert.equal(
    translator.t('en-US', 'owner-sync-done', { commands: 2, localizations: 24 }),
    'Synchronised 2 commands globally with 24 localisations.',
  );
  assert.match(translator.t('de', 'ticket-cooldown', { seconds: 1 }), /einer Sekunde/);
  assert.match(translator.t('de', 'ticket-cooldown', { seconds: 42 }), /42 Sekunden/);
});

test('BYTES() shows sizes in readable units per locale', () => {
  assert.match(translator.t('en-US', 'inbox-attachments-too-large', { size: 5_000_000, actual: 7_345_678 }), /7\.3\sMB.*5\sMB/);
  assert.match(translator.t('de', 'inbox-attachments-too-large', { size: 5_000_000, actual: 7_345_678 }), /7,3\sMB/);
  assert.match(translator.t('fr', 'inbox-attachments-too-large', { size: 500_000, actual: 612_000 }), /612\sko.*500\sko/);
});

test('has and unknown ids', () => {
  assert.equal(translator.has('inbox-button'), true);
  assert.equal(translator.has('no-such-message'), false);
  assert.throws(() => translator.t('de', 'no-such-message'), /no-such-message/);
  // A missing argument is a programming error too.
  assert.throws(() => translator.t('en-US', 'ticket-ready'), /ticket-ready/);
});

test('discordLocalizations lists every other supported locale by Discord code, and en-GB with the en-US text', () => {
  assert.deepEqual(translator.discordLocalizations('cmd-inbox-name'), {
    'en-GB': 'inbox',
    de: 'postfach',
    fr: 'boîte-de-réception',
  });
  assert.deepEqual(translator.discordLocalizations('menu-select-message-name'), {
    'en-GB': 'Select this message',
    de: 'Diese Nachricht auswählen',
    fr: 'Sélectionner ce message',
  });
  // Languages without a translation get none: Discord shows the default (en-US) name.
  assert.equal(translator.discordLocalizations('cmd-inbox-name').ja, undefined);
});

test('a message missing from a locale falls back to en-US on its own', (t) => {
  const dir = localesDir(t, {
    'en-US': 'hello = Hello\nbye = Bye { $name }\nmenu = Menu\n    .title = Title\n',
    de: 'hello = Hallo\nbye = Tschüss { $nme }\n',
  });
  const tr = loadTranslator(dir);
  assert.equal(tr.t('de', 'hello'), 'Hallo');
  assert.equal(tr.t('de', 'menu'), 'Menu');
  assert.equal(tr.t('de', 'menu.title'), 'Title');
  // A translation that cannot be formatted falls back instead of showing "{$nme}".
  assert.equal(tr.t('de', 'bye', { name: 'Ann' }), 'Bye Ann');
  assert.deepEqual(tr.discordLocalizations('hello'), { 'en-GB': 'Hello', de: 'Hallo' });
  assert.deepEqual(tr.discordLocalizations('menu'), { 'en-GB': 'Menu' }, 'no de entry: Discord shows the default');
});

test('a syntax error fails loading and names the file', (t) => {
  const dir = localesDir(t, {
    'en-US': 'hello = Hello\n',
    fr: 'hello = Bonjour\nbroken = { $oops\nfine = ok\n',
  });
  assert.throws(() => loadTranslator(dir), /fr[\\/]theticketbot\.ftl:2: .*broken/);
});

test('stray text and duplicate ids fail loading', (t) => {
  const stray = localesDir(t, { 'en-US': 'hello = Hello\noops no equals sign\n' });
  assert.throws(() => loadTranslator(stray), /en-US[\\/]theticketbot\.ftl:2/);
  const twice = localesDir(t, { 'en-US': 'hello = Hello\nhello = Hi\n' });
  assert.throws(() => loadTranslator(twice), /theticketbot\.ftl:2: "hello" is defined twice/);
});

test('a folder without en-US or without its file fails loading', (t) => {
  assert.throws(() => loadTranslator(localesDir(t, { de: 'hello = Hallo\n' })), /en-US/);
  const dir = localesDir(t, { 'en-US': 'hello = Hello\n' });
  mkdirSync(new URL('fr/', dir));
  assert.throws(() => loadTranslator(dir), /fr[\\/]theticketbot\.ftl/);
});
