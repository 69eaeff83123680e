// Fluent translations: one bundle per folder under locales/, en-US as the source and the
// per-message fallback.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource, type FluentValue } from '@fluent/bundle';
import { negotiateLanguages } from '@fluent/langneg';
import { Locale } from 'discord-api-types/v10';

export const SOURCE_LOCALE = 'en-US';

const FILE_NAME = 'theticketbot.ftl';

export interface Translator {
  /** Supported locales, en-US first, e.g. ['en-US', 'de', 'fr']. */
  readonly locales: readonly string[];
  /** A Discord locale (or anything BCP 47) → the best supported locale; en-US when none fits. */
  resolve(locale: string | null | undefined): string;
  /**
   * The message `id` (or `id.attribute`) in the resolved locale, falling back per message to
   * en-US. Throws when en-US cannot format it either (unknown id, missing argument).
   */
  t(locale: string | null | undefined, id: string, args?: Record<string, string | number>): string;
  /** Whether en-US has the message (or `id.attribute`). */
  has(id: string): boolean;
  /** Discord locale code → text, for every Discord locale served by a non-en-US bundle that has `id`, and en-GB with the en-US text. */
  discordLocalizations(id: string): Record<string, string>;
}

/** Reads `<dir>/<locale>/theticketbot.ftl` for every sub-folder of `dir`. */
export function loadTranslator(dir: URL = new URL('./locales/', import.meta.url)): Translator {
  const base = dir.href.endsWith('/') ? dir : new URL(`${dir.href}/`);
  const bundles = new Map<string, FluentBundle>();
  const folders = readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const locale of folders) {
    const file = new URL(`${locale}/${FILE_NAME}`, base);
    bundles.set(locale, loadBundle(locale, file));
  }
  if (!bundles.has(SOURCE_LOCALE)) {
    throw new Error(`No ${SOURCE_LOCALE} translations found in ${fileURLToPath(base)}`);
  }
  return createTranslator(bundles);
}

function loadBundle(locale: string, file: URL): FluentBundle {
  const path = fileURLToPath(file);
  try {
    Intl.getCanonicalLocales(locale);
  } catch {
    throw new Error(`${path}: "${locale}" is not a valid locale folder name`);
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read translations`, { cause: error });
  }
  const resource = new FluentResource(source);
  checkSyntax(path, source, resource);
  const bundle = new FluentBundle(locale, {
    useIsolating: false,
    functions: { BYTES: bytesFunction(locale) },
  });
  const errors = bundle.addResource(resource);
  if (errors.length > 0) {
    throw new Error(`${path}: ${errors.map((e) => e.message).join('; ')}`);
  }
  return bundle;
}

const ENTRY_START = /^(-?[a-zA-Z][a-zA-Z0-9_-]*) *=/;
const COMMENT = /^#{1,3}(?: |$)/;

/**
 * FluentResource skips entries it cannot parse without telling anyone; compare what the
 * file declares with what was parsed so a typo fails at startup instead of going missing.
 */
function checkSyntax(path: string, source: string, resource: FluentResource): void {
  const parsed = new Set(resource.body.map((entry) => entry.id));
  const seen = new Set<string>();
  const lines = source.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const where = `${path}:${index + 1}`;
    if (line.trim() === '' || line.startsWith(' ')) continue;
    if (line.startsWith('#')) {
      if (!COMMENT.test(line)) throw new Error(`${where}: a comment needs a space after its #`);
      continue;
    }
    const id = ENTRY_START.exec(line)?.[1];
    if (id === undefined) {
      throw new Error(`${where}: expected a message ("id = text"), a comment or an indented line`);
    }
    if (seen.has(id)) throw new Error(`${where}: "${id}" is defined twice`);
    seen.add(id);
    if (!parsed.has(id)) throw new Error(`${where}: the message "${id}" has a syntax error`);
  }
}

/** BYTES($n): a byte count in the largest fitting decimal unit, e.g. "5 MB", "4,8 Mo". */
function bytesFunction(locale: string) {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  return (positional: FluentValue[]): FluentValue => {
    const raw = positional[0];
    let value = Number(typeof raw === 'string' ? raw : raw?.valueOf());
    if (!Number.isFinite(value)) return String(raw);
    let unit = 0;
    while (Math.abs(value) >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit += 1;
    }
    return new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: units[unit],
      unitDisplay: 'short',
      maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
    }).format(value);
  };
}

type Pattern = NonNullable<ReturnType<FluentBundle['getMessage']>>['value'];

function findPattern(bundle: FluentBundle, id: string): NonNullable<Pattern> | undefined {
  const dot = id.indexOf('.');
  const messageId = dot === -1 ? id : id.slice(0, dot);
  const message = bundle.getMessage(messageId);
  if (message === undefined) return undefined;
  const pattern = dot === -1 ? message.value : message.attributes[id.slice(dot + 1)];
  return pattern ?? undefined;
}

const DISCORD_LOCALES: readonly string[] = Object.values(Locale);

const language = (tag: string): string => tag.split('-')[0]!.toLowerCase();

function createTranslator(bundles: Map<string, FluentBundle>): Translator {
  const locales = [SOURCE_LOCALE, ...[...bundles.keys()].filter((l) => l !== SOURCE_LOCALE)];
  const source = bundles.get(SOURCE_LOCALE)!;
  const resolved = new Map<string, string>();

  function resolve(locale: string | null | undefined): string {
    if (!locale) return SOURCE_LOCALE;
    const cached = resolved.get(locale);
    if (cached !== undefined) return cached;
    const best =
      negotiateLanguages([locale], locales, {
        strategy: 'lookup',
        defaultLocale: SOURCE_LOCALE,
      })[0] ?? SOURCE_LOCALE;
    // Discord sends one of ~30 codes; the cap only guards against arbitrary input.
    if (resolved.size < 256) resolved.set(locale, best);
    return best;
  }

  function format(bundle: FluentBundle, id: string, args?: Record<string, string | number>) {
    const pattern = findPattern(bundle, id);
    if (pattern === undefined) return { ok: false as const, errors: [`unknown message "${id}"`] };
    const errors: Error[] = [];
    const text = bundle.formatPattern(pattern, args, errors);
    if (errors.length > 0) return { ok: false as const, errors: errors.map((e) => e.message) };
    return { ok: true as const, text };
  }

  function t(locale: string | null | undefined, id: string, args?: Record<string, string | number>) {
    const target = resolve(locale);
    if (target !== SOURCE_LOCALE) {
      const result = format(bundles.get(target)!, id, args);
      if (result.ok) return result.text;
    }
    const result = format(source, id, args);
    if (result.ok) return result.text;
    throw new Error(`Cannot translate "${id}" (${SOURCE_LOCALE}): ${result.errors.join('; ')}`);
  }

  function discordLocalizations(id: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const code of DISCORD_LOCALES) {
      if (code === SOURCE_LOCALE) continue;
      const locale = resolve(code);
      if (locale === SOURCE_LOCALE) {
        // Other English locales (en-GB) carry the source text, as the Python original
        // registered them; a language without a translation gets none (Discord then shows
        // the default name).
        if (language(code) === language(SOURCE_LOCALE)) {
          const result = format(source, id);
          if (!result.ok) throw new Error(`Cannot translate "${id}" (${SOURCE_LOCALE}): ${result.errors.join('; ')}`);
          out[code] = result.text;
        }
        continue;
      }
      const bundle = bundles.get(locale)!;
      if (findPattern(bundle, id) === undefined) continue;
      const result = format(bundle, id);
      if (!result.ok) throw new Error(`Cannot translate "${id}" (${locale}): ${result.errors.join('; ')}`);
      out[code] = result.text;
    }
    return out;
  }

  return {
    locales,
    resolve,
    t,
    has: (id) => findPattern(source, id) !== undefined,
    discordLocalizations,
  };
}
