// SPEC §5: every locale stays within what en-US defines and within Discord's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import {
  parse,
  Visitor,
  Junk,
  Message,
  Term,
  type FunctionReference,
  type MessageReference,
  type TermReference,
  type VariableReference,
  type Pattern,
} from '@fluent/syntax';
import { SOURCE_LOCALE } from '../../../src/i18n/translate.ts';

const LOCALES_DIR = new URL('../../../src/i18n/locales/', import.meta.url);
const KNOWN_FUNCTIONS = new Set(['NUMBER', 'DATETIME', 'BYTES']);

// Discord's rule for CHAT_INPUT command, subcommand, group and option names.
const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** What one pattern (a message value or one attribute) uses. */
interface PatternInfo {
  variables: Set<string>;
  messageRefs: Set<string>;
  termRefs: Set<string>;
  functions: Set<string>;
}

interface LocaleInfo {
  locale: string;
  source: string;
  /** Keyed by `id` for a value and `id.attr` for an attribute. */
  patterns: Map<string, PatternInfo>;
  messageIds: Set<string>;
  termIds: Set<string>;
  junk: string[];
}

class PatternCollector extends Visitor {
  info: PatternInfo = {
    variables: new Set(),
    messageRefs: new Set(),
    termRefs: new Set(),
    functions: new Set(),
  };
  override visitVariableReference(node: VariableReference): void {
    this.info.variables.add(node.id.name);
  }
  override visitMessageReference(node: MessageReference): void {
    this.info.messageRefs.add(node.id.name);
  }
  override visitTermReference(node: TermReference): void {
    this.info.termRefs.add(node.id.name);
    this.genericVisit(node);
  }
  override visitFunctionReference(node: FunctionReference): void {
    this.info.functions.add(node.id.name);
    this.genericVisit(node);
  }
}

function collect(pattern: Pattern): PatternInfo {
  const collector = new PatternCollector();
  collector.visit(pattern);
  return collector.info;
}

function lineOf(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}

function readLocale(locale: string): LocaleInfo {
  const source = readFileSync(new URL(`${locale}/theticketbot.ftl`, LOCALES_DIR), 'utf8');
  const resource = parse(source, { withSpans: true });
  const info: LocaleInfo = {
    locale,
    source,
    patterns: new Map(),
    messageIds: new Set(),
    termIds: new Set(),
    junk: [],
  };
  for (const entry of resource.body) {
    if (entry instanceof Junk) {
      const where = entry.span ? `line ${lineOf(source, entry.span.start)}` : 'somewhere';
      const why = entry.annotations.map((a) => a.message).join('; ');
      info.junk.push(`${locale} ${where}: ${why}`);
    } else if (entry instanceof Message || entry instanceof Term) {
      const prefix = entry instanceof Term ? '-' : '';
      const id = prefix + entry.id.name;
      (entry instanceof Term ? info.termIds : info.messageIds).add(entry.id.name);
      if (entry.value) info.patterns.set(id, collect(entry.value));
      for (const attribute of entry.attributes) {
        info.patterns.set(`${id}.${attribute.id.name}`, collect(attribute.value));
      }
    }
  }
  return info;
}

const localeNames = readdirSync(LOCALES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const locales = localeNames.map(readLocale);
const source: LocaleInfo =
  locales.find((l) => l.locale === SOURCE_LOCALE) ?? assert.fail(`${SOURCE_LOCALE} must exist`);
const translations = locales.filter((l) => l !== source);

/** A bundle per locale, formatted directly so a broken translation cannot hide behind the fallback. */
function bundleFor(info: LocaleInfo): FluentBundle {
  const bundle = new FluentBundle(info.locale, {
    useIsolating: false,
    functions: { BYTES: () => '5 MB' },
  });
  const errors = bundle.addResource(new FluentResource(info.source));
  assert.deepEqual(errors, [], `${info.locale}: ${errors.join('; ')}`);
  return bundle;
}

/** Formats `key` (`id` or `id.attr`) of `info` with sample arguments, failing on any error. */
function formatOwn(info: LocaleInfo, bundle: FluentBundle, key: string, sample: string | number): string {
  const [id, attr] = key.split('.') as [string, string | undefined];
  const message = bundle.getMessage(id);
  assert.ok(message, `${info.locale}: ${key} is missing`);
  const pattern = attr === undefined ? message.value : message.attributes[attr];
  assert.ok(pattern, `${info.locale}: ${key} has no text`);
  const args: Record<string, string | number> = {};
  for (const name of source.patterns.get(key)?.variables ?? info.patterns.get(key)!.variables) {
    args[name] = sample;
  }
  const errors: Error[] = [];
  const text = bundle.formatPattern(pattern, args, errors);
  assert.deepEqual(
    errors.map((e) => e.message),
    [],
    `${info.locale}: ${key} does not format`,
  );
  return text;
}

const messageKeys = (info: LocaleInfo) => [...info.patterns.keys()].filter((k) => !k.startsWith('-'));

test('every locale file parses without syntax errors', () => {
  assert.deepEqual(
    locales.flatMap((l) => l.junk),
    [],
  );
});

test('translations define no message or attribute that en-US lacks', () => {
  for (const info of translations) {
    const extra = messageKeys(info).filter((key) => !source.patterns.has(key));
    assert.deepEqual(extra, [], `${info.locale} has ids en-US lacks`);
  }
});

test('translations use no variable that en-US does not use in the same message', () => {
  for (const info of translations) {
    for (const key of messageKeys(info)) {
      const allowed = source.patterns.get(key)?.variables ?? new Set<string>();
      const extra = [...info.patterns.get(key)!.variables].filter((v) => !allowed.has(v));
      assert.deepEqual(extra, [], `${info.locale}: ${key} uses variables en-US lacks`);
    }
  }
});

test('references point at messages and terms of the same locale, functions are known', () => {
  for (const info of locales) {
    for (const [key, used] of info.patterns) {
      for (const ref of used.messageRefs) {
        assert.ok(info.messageIds.has(ref), `${info.locale}: ${key} references missing message ${ref}`);
      }
      for (const ref of used.termRefs) {
        assert.ok(info.termIds.has(ref), `${info.locale}: ${key} references missing term -${ref}`);
      }
      for (const fn of used.functions) {
        assert.ok(KNOWN_FUNCTIONS.has(fn), `${info.locale}: ${key} calls unknown function ${fn}`);
      }
    }
  }
});

test('every message of every locale formats without errors', () => {
  for (const info of locales) {
    const bundle = bundleFor(info);
    for (const key of messageKeys(info)) {
      formatOwn(info, bundle, key, 1);
      formatOwn(info, bundle, key, 2);
      formatOwn(info, bundle, key, 'text');
    }
  }
});

test('no formatted message contains bidi isolation marks', () => {
  for (const info of locales) {
    const bundle = bundleFor(info);
    for (const key of messageKeys(info)) {
      for (const sample of [3, '<@1246826841231327275>', 'https://discord.com/channels/1/2/3']) {
        const text = formatOwn(info, bundle, key, sample);
        assert.doesNotMatch(text, /[\u2068\u2069]/, `${info.locale}: ${key}`);
      }
    }
  }
});

/** Checks `rule` on the text of every message whose id matches `ids`, in every locale. */
function checkRule(ids: RegExp, rule: (text: string) => boolean, what: string): void {
  let checked = 0;
  for (const info of locales) {
    const bundle = bundleFor(info);
    for (const key of messageKeys(info).filter((k) => ids.test(k))) {
      const text = formatOwn(info, bundle, key, 1);
      assert.ok(rule(text), `${info.locale}: ${key} = ${JSON.stringify(text)} ${what}`);
      checked += 1;
    }
  }
  assert.ok(checked > 0, `no message matches ${ids}`);
}

const length = (text: string) => [...text].length;

test('command, subcommand and option names follow Discord CHAT_INPUT naming', () => {
  checkRule(
    /^cmd-.+-name$/,
    (text) => CHAT_INPUT_NAME.test(text) && text === text.toLowerCase(),
    'must be lowercase, 1–32 letters, digits, - _ or \', no spaces',
  );
});

test('command and option descriptions are 1–100 characters', () => {
  checkRule(/^cmd-.+-description$/, (text) => length(text) >= 1 && length(text) <= 100, 'must be 1–100 characters');
});

test('context-menu command names are 1–32 characters', () => {
  checkRule(/^menu-.+-name$/, (text) => length(text) >= 1 && length(text) <= 32, 'must be 1–32 characters');
});

test('component texts fit Discord limits', () => {
  const within = (max: number) => (text: string) => length(text) >= 1 && length(text) <= max;
  checkRule(/-modal-(title|label)$/, within(45), 'must be 1–45 characters');
  checkRule(/-modal-description$/, within(100), 'must be 1–100 characters (a Label description)');
  checkRule(/^auto-archive-/, within(100), 'must be 1–100 characters (a select option label)');
  checkRule(/-button$/, within(80), 'must be 1–80 characters');
  checkRule(/-placeholder$/, within(150), 'must be 1–150 characters');
  checkRule(/^ticket-audit-/, within(512), 'must be 1–512 characters');
});

// Siblings (options of one command, subcommands of one group) must have distinct names.
const COMMAND_TREE: Record<string, string[]> = {
  'cmd-inbox': ['create', 'destination', 'message', 'staff', 'settings', 'topics', 'new-tickets'],
  'cmd-inbox-create': ['channel', 'destination'],
  'cmd-inbox-destination': ['channel'],
  'cmd-inbox-new-tickets': ['starter', 'name'],
  'cmd-ticket': ['close', 'reopen', 'claim', 'unclaim', 'rename', 'add', 'remove'],
  'cmd-ticket-close': ['reason', 'ticket'],
};

test('sibling command and option names are distinct in every locale', () => {
  for (const info of locales) {
    const bundle = bundleFor(info);
    for (const [parent, children] of Object.entries(COMMAND_TREE)) {
      const names = children
        .map((child) => `${parent}-${child}-name`)
        .filter((key) => info.patterns.has(key))
        .map((key) => formatOwn(info, bundle, key, 1));
      assert.equal(new Set(names).size, names.length, `${info.locale}: under ${parent}: ${names.join(', ')}`);
    }
  }
});

test('en-US command names are the canonical ones', () => {
  const bundle = bundleFor(source);
  const expected: Record<string, string> = {
    'cmd-inbox-name': 'inbox',
    'cmd-inbox-create-name': 'create',
    'cmd-inbox-create-channel-name': 'channel',
    'cmd-inbox-create-destination-name': 'destination',
    'cmd-inbox-destination-name': 'destination',
    'cmd-inbox-destination-channel-name': 'channel',
    'cmd-inbox-message-name': 'message',
    'cmd-inbox-staff-name': 'staff',
    'cmd-inbox-new-tickets-name': 'new-tickets',
    'cmd-inbox-new-tickets-starter-name': 'starter',
    'cmd-inbox-new-tickets-name-name': 'name',
    'menu-select-message-name': 'Select this message',
    'cmd-inbox-settings-name': 'settings',
    'cmd-ticket-name': 'ticket',
    'cmd-ticket-close-name': 'close',
    'cmd-ticket-close-reason-name': 'reason',
    'cmd-ticket-close-ticket-name': 'ticket',
    'cmd-ticket-reopen-name': 'reopen',
    'cmd-ticket-reopen-ticket-name': 'ticket',
    'cmd-ticket-claim-name': 'claim',
    'cmd-ticket-claim-ticket-name': 'ticket',
    'cmd-ticket-unclaim-name': 'unclaim',
    'cmd-ticket-rename-name': 'rename',
    'cmd-ticket-rename-name-name': 'name',
    'cmd-ticket-add-name': 'add',
    'cmd-ticket-add-member-name': 'member',
    'cmd-ticket-remove-name': 'remove',
    'cmd-ticket-remove-member-name': 'member',
  };
  for (const [key, name] of Object.entries(expected)) {
    assert.equal(formatOwn(source, bundle, key, 1), name, key);
  }
});

test('the default starter keeps the literal $author and $staff placeholders', () => {
  for (const info of locales) {
    const text = formatOwn(info, bundleFor(info), 'inbox-starter-default', 1);
    assert.match(text, /\$author\b/, info.locale);
    assert.match(text, /\$staff\b/, info.locale);
  }
});
