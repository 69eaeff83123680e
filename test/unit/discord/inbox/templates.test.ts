import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textInputValue } from '../../../../src/discord/inbox/templates.ts';

test('text inputs are found in action rows and in label components', () => {
  assert.equal(textInputValue([{ type: 1, components: [{ type: 4, custom_id: 'template', value: '$counter' }] }], 'template'), '$counter');
  assert.equal(textInputValue([{ type: 18, component: { type: 4, custom_id: 'template', value: '' } }], 'template'), '');
  assert.equal(textInputValue([{ type: 1, components: [{ type: 4, custom_id: 'other', value: 'x' }] }], 'template'), null);
});
