// The "Correct the invoice" form's schema, parsed as the action parses it (conform's parseWithZod over the posted form).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWithZod } from '@conform-to/zod/v4';
import { invoiceCorrectionSchema } from './invoice-correction';

const parse = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  const submission = parseWithZod(data, { schema: invoiceCorrectionSchema });
  return { value: submission.status === 'success' ? submission.value : null, errors: submission.reply().error ?? {} };
};

describe('invoiceCorrectionSchema', () => {
  test('the address is one line per line, empty lines dropped; the VAT number normalised; an empty one is none', () => {
    assert.deepEqual(
      parse({ name: ' Muster GmbH ', address: 'Ringstraße 1\r\n\r\n 1010 Wien \n', vatNumber: 'atu 1234-5678', reason: ' Company ' }).value,
      { buyer: { name: 'Muster GmbH', address: ['Ringstraße 1', '1010 Wien'], vatNumber: 'ATU12345678' }, reason: 'Company' },
    );
    assert.deepEqual(parse({ name: 'Jo', reason: 'Name' }).value, { buyer: { name: 'Jo', address: [], vatNumber: null }, reason: 'Name' });
  });

  test('errors by the field: no name, no reason, a malformed VAT number, too many address lines', () => {
    const { errors } = parse({
      name: ' ',
      address: Array.from({ length: 9 }, (_, i) => `line ${i}`).join('\n'),
      vatNumber: '12',
      reason: '',
    });
    assert.deepEqual(Object.keys(errors).sort(), ['address', 'name', 'reason', 'vatNumber']);
    assert.match(errors.vatNumber![0]!, /DE123456789/);
  });
});
