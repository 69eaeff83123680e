// Intake forms (SPEC §11): up to 5 questions a topic asks before its ticket opens, as
// Discord modal inputs (short or paragraph text, or a choice from a string select). Pure:
// what an admin may write into a question, how a member's answers are checked again on
// the bot's side (the client enforces lengths and choices, a forged submit does not), and
// how the answers are written into the ticket without pinging anyone or breaking its
// layout. Answers are posted and never stored.

export type QuestionKind = 'short' | 'paragraph' | 'choice';
export const QUESTION_KINDS: readonly QuestionKind[] = ['short', 'paragraph', 'choice'];

export function isQuestionKind(value: unknown): value is QuestionKind {
  return value === 'short' || value === 'paragraph' || value === 'choice';
}

/** A modal holds 5 components: one per question. */
export const MAX_QUESTIONS = 5;
/** A Label's `label`. */
export const QUESTION_LABEL_MAX = 45;
/** A text input's placeholder (a select's may be longer; the shorter one fits both). */
export const PLACEHOLDER_MAX = 100;
/** A text input's value. */
export const ANSWER_MAX = 4000;
/** A string select's options, and each option's label and value. */
export const MAX_CHOICES = 25;
export const CHOICE_MAX = 100;

export interface Question {
  kind: QuestionKind;
  label: string;
  /** '' for none. */
  placeholder: string;
  required: boolean;
  /** Text questions only; null for Discord's defaults (0 and 4000). */
  minLength: number | null;
  maxLength: number | null;
  /** Choice questions only: the options, in order. */
  choices: string[];
}

/** What an admin typed into the question form, as text. */
export interface QuestionInput {
  kind: QuestionKind;
  label: string;
  placeholder: string;
  required: boolean;
  minLength: string;
  maxLength: string;
  /** Choice questions: one option per line. */
  choices: string;
}

export type QuestionProblem =
  | { problem: 'label-empty' }
  | { problem: 'label-too-long'; max: number }
  | { problem: 'placeholder-too-long'; max: number }
  | { problem: 'length-not-a-number'; which: 'min' | 'max'; max: number }
  | { problem: 'length-order' }
  | { problem: 'no-choices' }
  | { problem: 'too-many-choices'; max: number; count: number }
  | { problem: 'choice-too-long'; choice: string; max: number }
  | { problem: 'choice-repeated'; choice: string };

const length = (text: string): number => [...text].length;

/** A typed length: '' for none, else a whole number from `min` to ANSWER_MAX. */
function parseLength(text: string, min: number): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^[0-9]{1,4}$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= min && value <= ANSWER_MAX ? value : undefined;
}

/**
 * The options of a choice question, one per line: blank lines are skipped, spaces around
 * each trimmed; 1 to 25 options of at most 100 characters, no two the same (an option is
 * also its value, so a renamed option never stands for another).
 */
export function parseChoices(text: string): { ok: true; choices: string[] } | { ok: false; error: QuestionProblem } {
  const choices = text
    .split(/\r?\n/u)
    .map((line) => line.trim().replace(/\s+/gu, ' '))
    .filter((line) => line !== '');
  if (choices.length === 0) return { ok: false, error: { problem: 'no-choices' } };
  if (choices.length > MAX_CHOICES) return { ok: false, error: { problem: 'too-many-choices', max: MAX_CHOICES, count: choices.length } };
  const long = choices.find((c) => length(c) > CHOICE_MAX || c.length > CHOICE_MAX);
  if (long !== undefined) return { ok: false, error: { problem: 'choice-too-long', choice: long, max: CHOICE_MAX } };
  const seen = new Set<string>();
  for (const c of choices) {
    const key = c.toLocaleLowerCase('en');
    if (seen.has(key)) return { ok: false, error: { problem: 'choice-repeated', choice: c } };
    seen.add(key);
  }
  return { ok: true, choices };
}

/** A question from what the admin typed, or the first thing wrong with it. */
export function checkQuestion(input: QuestionInput): { ok: true; question: Question } | { ok: false; error: QuestionProblem } {
  const label = input.label.trim().replace(/\s+/gu, ' ');
  if (label === '') return { ok: false, error: { problem: 'label-empty' } };
  if (length(label) > QUESTION_LABEL_MAX || label.length > QUESTION_LABEL_MAX) return { ok: false, error: { problem: 'label-too-long', max: QUESTION_LABEL_MAX } };
  const placeholder = input.placeholder.trim().replace(/\s+/gu, ' ');
  if (placeholder.length > PLACEHOLDER_MAX) return { ok: false, error: { problem: 'placeholder-too-long', max: PLACEHOLDER_MAX } };
  if (input.kind === 'choice') {
    const parsed = parseChoices(input.choices);
    if (!parsed.ok) return parsed;
    return { ok: true, question: { kind: 'choice', label, placeholder, required: input.required, minLength: null, maxLength: null, choices: parsed.choices } };
  }
  const minLength = parseLength(input.minLength, 0);
  if (minLength === undefined) return { ok: false, error: { problem: 'length-not-a-number', which: 'min', max: ANSWER_MAX } };
  const maxLength = parseLength(input.maxLength, 1);
  if (maxLength === undefined) return { ok: false, error: { problem: 'length-not-a-number', which: 'max', max: ANSWER_MAX } };
  if (minLength !== null && maxLength !== null && minLength > maxLength) return { ok: false, error: { problem: 'length-order' } };
  return {
    ok: true,
    question: { kind: input.kind, label, placeholder, required: input.required, minLength: minLength === 0 ? null : minLength, maxLength: maxLength === ANSWER_MAX ? null : maxLength, choices: [] },
  };
}

// ---------------------------------------------------------------- answers

/** A member's answer as the modal submitted it: text, or the picked options. */
export type SubmittedAnswer = { kind: 'text'; value: string } | { kind: 'choice'; values: string[] };

export interface Answer {
  label: string;
  /** null: an optional question left empty. */
  value: string | null;
}

/**
 * The answers in the form's order, checked against the questions as they are now: a
 * required one answered, text within its lengths, a choice among its options. undefined
 * when the submit does not fit the form: the form was changed while the member filled it
 * in, or the submit was forged. `answers` maps a question's key to what came.
 */
export function readAnswers<K>(questions: ReadonlyArray<Question & { key: K }>, answers: ReadonlyMap<K, SubmittedAnswer>): Answer[] | undefined {
  const out: Answer[] = [];
  for (const q of questions) {
    const given = answers.get(q.key);
    if (given === undefined) return undefined;
    if (q.kind === 'choice') {
      if (given.kind !== 'choice' || given.values.length > 1) return undefined;
      const value = given.values[0];
      if (value === undefined) {
        if (q.required) return undefined;
        out.push({ label: q.label, value: null });
        continue;
      }
      if (!q.choices.includes(value)) return undefined;
      out.push({ label: q.label, value });
      continue;
    }
    if (given.kind !== 'text') return undefined;
    const n = length(given.value);
    if (n === 0) {
      if (q.required) return undefined;
      out.push({ label: q.label, value: null });
      continue;
    }
    if (n > (q.maxLength ?? ANSWER_MAX) || n < (q.minLength ?? 0)) return undefined;
    out.push({ label: q.label, value: given.value });
  }
  return out;
}

// Characters that start Markdown anywhere in a line (emphasis, underline, strike,
// spoilers, code, masked links, quotes) and those that start a mention, a channel link, a
// server emoji or a timestamp (`<`) or a mention of @everyone or @here.
const INLINE_SPECIAL = /[\\*_~`|[\]<>@]/gu;
// Links stay as typed, so they still work: Discord reads a link before any Markdown in it.
const LINK = /https?:\/\/[^\s<>]+/gu;
// What starts a block at the beginning of a line once the rest is escaped: a heading or
// subtext (#), a list item (-, +, or a number followed by . or )).
const BLOCK_START = /^(\s*)(?:(#|-|\+)|(\d+)([.)]))/u;

const escapeInline = (text: string): string => text.replace(INLINE_SPECIAL, (c) => `\\${c}`);

/** One line made literal. */
function literalLine(line: string): string {
  let out = '';
  let last = 0;
  for (const link of line.matchAll(LINK)) {
    out += escapeInline(line.slice(last, link.index)) + link[0];
    last = link.index + link[0].length;
  }
  out += escapeInline(line.slice(last));
  return out.replace(BLOCK_START, (_, space: string, marker: string | undefined, digits: string | undefined, dot: string | undefined) =>
    marker !== undefined ? `${space}\\${marker}` : `${space}${digits}\\${dot}`,
  );
}

/**
 * Text written by a member (or an admin), made to show exactly as typed in a Discord
 * message: every character that Markdown or a mention would read is escaped with a
 * backslash (Discord shows the character and drops the backslash), so `@everyone`,
 * `<@123>`, `**bold**`, `# heading`, `[text](url)` and a ``` fence stay literal and
 * nothing is highlighted. Links are left as they are.
 */
export function literalMarkdown(text: string): string {
  return text.split('\n').map(literalLine).join('\n');
}

/** Discord's message length limit. */
export const MESSAGE_MAX = 2000;

export interface AnswerTexts {
  /** The first line, e.g. "Answers to the form of Bug report" (already localised; made literal here). */
  heading: string;
  /** What an optional question left empty shows (already localised). */
  noAnswer: string;
}

/**
 * The answers as messages of at most `max` characters, in order: a heading, then each
 * question in bold and its answer quoted below it, everything the member or the admin
 * wrote made literal. An answer too long for one message goes on in the next, cut at a
 * line break or a space where there is one, never inside an escape.
 */
export function answerMessages(answers: readonly Answer[], texts: AnswerTexts, max = MESSAGE_MAX): string[] {
  const blocks: string[] = [];
  for (const a of answers) {
    const label = `**${literalMarkdown(a.label.replace(/\s+/gu, ' '))}**`;
    const body = a.value === null ? `> *${literalMarkdown(texts.noAnswer)}*` : quote(literalMarkdown(a.value));
    blocks.push(`${label}\n${body}`);
  }
  const messages: string[] = [];
  let current = literalMarkdown(texts.heading);
  const push = (): void => {
    if (current.trim() !== '') messages.push(current);
    current = '';
  };
  for (const block of blocks) {
    const joined = current === '' ? block : `${current}\n\n${block}`;
    if (joined.length <= max) {
      current = joined;
      continue;
    }
    push();
    let rest = block;
    while (rest.length > max) {
      const cutAt = safeCut(rest, max);
      messages.push(rest.slice(0, cutAt).trimEnd());
      // The rest of a quoted answer stays quoted.
      rest = rest.slice(cutAt).replace(/^\n/u, '');
      if (!rest.startsWith('> ')) rest = `> ${rest}`;
    }
    current = rest;
  }
  push();
  return messages;
}

/** Each line as a block quote (an empty line too, so the quote is not broken). */
function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** Where to cut `text` to at most `max` characters: after a line break, else after a space, never after a lone backslash or inside a surrogate pair. */
function safeCut(text: string, max: number): number {
  const window = text.slice(0, max);
  let at = window.lastIndexOf('\n');
  if (at < max / 2) at = window.lastIndexOf(' ');
  let cut = at >= max / 2 ? at + 1 : max - 2;
  // Never split an escape (`\x`) or a surrogate pair.
  const backslashes = (end: number): number => {
    let n = 0;
    for (let i = end - 1; i >= 0 && text[i] === '\\'; i--) n++;
    return n;
  };
  if (backslashes(cut) % 2 === 1) cut -= 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return cut;
}
