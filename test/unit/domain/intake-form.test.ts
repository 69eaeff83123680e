import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerMessages, checkQuestion, literalMarkdown, parseChoices, readAnswers, type Question, type QuestionInput } from '../../../src/domain/intake-form.ts';

const input = (over: Partial<QuestionInput> = {}): QuestionInput => ({ kind: 'short', label: 'Who?', placeholder: '', required: true, minLength: '', maxLength: '', choices: '', ...over });

describe('parseChoices', () => {
  it('reads one option a line, trimmed, blank lines skipped', () => {
    assert.deepEqual(parseChoices(' Voice \n\n  Text   chat\r\nDMs\n'), { ok: true, choices: ['Voice', 'Text chat', 'DMs'] });
  });
  it('wants 1 to 25 options of up to 100 characters, none twice', () => {
    assert.deepEqual(parseChoices(' \n '), { ok: false, error: { problem: 'no-choices' } });
    assert.equal(parseChoices(Array.from({ length: 25 }, (_, i) => `o${i}`).join('\n')).ok, true);
    assert.deepEqual(parseChoices(Array.from({ length: 26 }, (_, i) => `o${i}`).join('\n')), { ok: false, error: { problem: 'too-many-choices', max: 25, count: 26 } });
    assert.equal(parseChoices('x'.repeat(100)).ok, true);
    assert.deepEqual(parseChoices(`a\n${'x'.repeat(101)}`), { ok: false, error: { problem: 'choice-too-long', choice: 'x'.repeat(101), max: 100 } });
    assert.deepEqual(parseChoices('Yes\nyes'), { ok: false, error: { problem: 'choice-repeated', choice: 'yes' } });
  });
});

describe('checkQuestion', () => {
  it('keeps Discord defaults as none', () => {
    assert.deepEqual(checkQuestion(input({ minLength: '0', maxLength: '4000' })), {
      ok: true,
      question: { kind: 'short', label: 'Who?', placeholder: '', required: true, minLength: null, maxLength: null, choices: [] },
    });
  });
  it('takes lengths from 0/1 to 4000, in order', () => {
    assert.equal(checkQuestion(input({ minLength: '3', maxLength: '40' })).ok, true);
    assert.deepEqual(checkQuestion(input({ minLength: 'x' })), { ok: false, error: { problem: 'length-not-a-number', which: 'min', max: 4000 } });
    assert.deepEqual(checkQuestion(input({ maxLength: '0' })), { ok: false, error: { problem: 'length-not-a-number', which: 'max', max: 4000 } });
    assert.deepEqual(checkQuestion(input({ maxLength: '4001' })), { ok: false, error: { problem: 'length-not-a-number', which: 'max', max: 4000 } });
    assert.deepEqual(checkQuestion(input({ minLength: '50', maxLength: '10' })), { ok: false, error: { problem: 'length-order' } });
  });
  it('holds the label to 45 and the placeholder to 100 characters', () => {
    assert.deepEqual(checkQuestion(input({ label: '  ' })), { ok: false, error: { problem: 'label-empty' } });
    assert.equal(checkQuestion(input({ label: 'q'.repeat(45) })).ok, true);
    assert.deepEqual(checkQuestion(input({ label: 'q'.repeat(46) })), { ok: false, error: { problem: 'label-too-long', max: 45 } });
    assert.deepEqual(checkQuestion(input({ placeholder: 'p'.repeat(101) })), { ok: false, error: { problem: 'placeholder-too-long', max: 100 } });
  });
  it('reads a choice question from its options and ignores lengths', () => {
    assert.deepEqual(checkQuestion(input({ kind: 'choice', choices: 'a\nb', minLength: 'zz' })), {
      ok: true,
      question: { kind: 'choice', label: 'Who?', placeholder: '', required: true, minLength: null, maxLength: null, choices: ['a', 'b'] },
    });
  });
});

describe('readAnswers', () => {
  const q = (over: Partial<Question> & { key: string }): Question & { key: string } => ({ kind: 'short', label: over.key, placeholder: '', required: true, minLength: null, maxLength: null, choices: [], ...over });
  const questions = [q({ key: 'a', minLength: 2, maxLength: 5 }), q({ key: 'b', kind: 'paragraph', required: false }), q({ key: 'c', kind: 'choice', choices: ['x', 'y'] })];
  const given = (a: string, b: string, c: string[]) =>
    new Map<string, { kind: 'text'; value: string } | { kind: 'choice'; values: string[] }>([
      ['a', { kind: 'text', value: a }],
      ['b', { kind: 'text', value: b }],
      ['c', { kind: 'choice', values: c }],
    ]);
  it('returns the answers in order, empty optional ones as null', () => {
    assert.deepEqual(readAnswers(questions, given('ab', '', ['y'])), [
      { label: 'a', value: 'ab' },
      { label: 'b', value: null },
      { label: 'c', value: 'y' },
    ]);
  });
  it('refuses what the form would not let through', () => {
    assert.equal(readAnswers(questions, given('a', '', ['y'])), undefined, 'too short');
    assert.equal(readAnswers(questions, given('abcdef', '', ['y'])), undefined, 'too long');
    assert.equal(readAnswers(questions, given('', '', ['y'])), undefined, 'required');
    assert.equal(readAnswers(questions, given('ab', '', [])), undefined, 'required choice');
    assert.equal(readAnswers(questions, given('ab', '', ['z'])), undefined, 'not an option');
    assert.equal(readAnswers(questions, given('ab', '', ['x', 'y'])), undefined, 'two options');
    assert.equal(readAnswers(questions, new Map([['a', { kind: 'text' as const, value: 'ab' }]])), undefined, 'a question missing');
  });
});

describe('literalMarkdown', () => {
  it('escapes mentions, emphasis, code, spoilers, masked links and quotes', () => {
    assert.equal(literalMarkdown('@everyone @here <@1> <@&2> <#3> <t:5:R>'), '\\@everyone \\@here \\<\\@1\\> \\<\\@&2\\> \\<#3\\> \\<t:5:R\\>');
    assert.equal(literalMarkdown('**b** __u__ ~~s~~ ||sp|| `c` ```f```'), '\\*\\*b\\*\\* \\_\\_u\\_\\_ \\~\\~s\\~\\~ \\|\\|sp\\|\\| \\`c\\` \\`\\`\\`f\\`\\`\\`');
    assert.equal(literalMarkdown('[x](https://a.b/c) \\*'), '\\[x\\](https://a.b/c) \\\\\\*');
    assert.equal(literalMarkdown('> quoted'), '\\> quoted');
  });
  it('escapes what starts a block: headings, subtext and lists', () => {
    assert.equal(literalMarkdown('# h\n## h2\n-# sub\n- item\n+ item\n1. one\n2) two\nplain # not'), '\\# h\n\\## h2\n\\-# sub\n\\- item\n\\+ item\n1\\. one\n2\\) two\nplain # not');
  });
  it('leaves links as typed, so they still work', () => {
    assert.equal(literalMarkdown('see https://example.com/a_b*c and *this*'), 'see https://example.com/a_b*c and \\*this\\*');
  });
});

describe('answerMessages', () => {
  const texts = { heading: 'Answers to the form "Bug **x**"', noAnswer: '(no answer)' };
  it('writes a heading, each question in bold and its answer quoted', () => {
    assert.deepEqual(answerMessages([{ label: 'Who?', value: 'me\n@everyone' }, { label: 'Why?', value: null }], texts), [
      'Answers to the form "Bug \\*\\*x\\*\\*"\n\n**Who?**\n> me\n> \\@everyone\n\n**Why?**\n> *(no answer)*',
    ]);
  });
  it('splits long answers across messages within the limit, never inside an escape, still quoted', () => {
    const value = `${'@'.repeat(1500)} ${'word '.repeat(700)}`;
    const messages = answerMessages([{ label: 'Long', value }, { label: 'Next', value: 'short' }], texts, 2000);
    assert.ok(messages.length >= 2);
    for (const m of messages) {
      assert.ok(m.length <= 2000, String(m.length));
      assert.ok(!/(^|[^\\])(\\\\)*\\$/.test(m), 'no message ends in half an escape');
    }
    for (const m of messages.slice(1)) assert.ok(m.startsWith('> ') || m.startsWith('**'), m.slice(0, 20));
    const joined = messages.join('');
    assert.equal((joined.match(/\\@/g) ?? []).length, 1500, 'every escape kept whole');
    assert.ok(messages.at(-1)!.endsWith('**Next**\n> short'));
  });
});
