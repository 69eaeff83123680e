import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_STARTER_TEMPLATE,
  DEFAULT_TICKET_NAME_TEMPLATE,
  submittedTemplate,
  templateOrDefault,
} from '../../../src/domain/inbox-defaults.ts';

test('the defaults are those of the original', () => {
  assert.equal(DEFAULT_STARTER_TEMPLATE, '$author $staff');
  assert.equal(DEFAULT_TICKET_NAME_TEMPLATE, '$year-$month-$day $author');
});

test('a modal shows the stored template, or the default when none is stored', () => {
  assert.equal(templateOrDefault('', DEFAULT_TICKET_NAME_TEMPLATE, 100), '$year-$month-$day $author');
  assert.equal(templateOrDefault('$counter', DEFAULT_TICKET_NAME_TEMPLATE, 100), '$counter');
  assert.equal(templateOrDefault('x'.repeat(150), '', 100).length, 100, 'never longer than the input allows');
});

test('blank input restores the default; anything else is kept as typed', () => {
  assert.equal(submittedTemplate(''), '');
  assert.equal(submittedTemplate('  \n '), '');
  assert.equal(submittedTemplate(' $author '), ' $author ');
});
