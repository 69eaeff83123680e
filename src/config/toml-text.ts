// Text from a config file, quoted for TOML and for messages. Whatever the file holds, a
// message shows it on one line, escaped, and short.

/**
 * Characters written as `\uXXXX`: C0 and C1 controls, and the invisible, line-breaking
 * or bidirectional formatting characters that would make a message lie about its text.
 */
function needsEscape(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0xad ||
    code === 0x61c ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x206f) ||
    code === 0xfeff ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

/** A TOML basic string holding `value`. */
export function tomlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (needsEscape(code)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Text from the file as a message shows it: quoted, escaped, at most `max` characters long. */
export function quoteText(value: string, max = 60): string {
  const chars = Array.from(value);
  return tomlString(chars.length > max ? `${chars.slice(0, max - 3).join('')}...` : value);
}

/** One key of a key path as a message shows it: bare when TOML allows it, else quoted. */
export function keySegment(name: string): string {
  return /^[A-Za-z0-9_-]{1,60}$/.test(name) ? name : quoteText(name, 40);
}

/** Like quoteText, but plain visible ASCII (such as `${HOME}`) is shown as it is. */
export function showText(value: string, max = 60): string {
  return /^[\x21-\x7e]+$/.test(value) && !value.includes('"') && value.length <= max ? value : quoteText(value, max);
}
