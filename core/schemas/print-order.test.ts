import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWithZod } from '@conform-to/zod/v4';
import { providerAddressProblem } from '#core/provider-address.ts';
import { providerAddressSchema, resubmitPrintsSchema } from './print-order';

const good = {
  firstName: 'Aoife',
  lastName: 'Byrne',
  addressLine1: '1 Main Street',
  addressLine2: null,
  city: 'Dublin',
  postCode: 'D01 F5P2',
  state: null,
  country: 'ie',
  email: 'aoife@example.com',
  phone: null,
};

describe('providerAddressSchema', () => {
  test('accepts an address, trimmed, the country in capitals, blank optional lines as none', () => {
    assert.deepEqual(providerAddressSchema.parse({ ...good, city: ' Dublin ', addressLine2: '  ', phone: ' +353 1 ' }), {
      ...good,
      country: 'IE',
      phone: '+353 1',
    });
  });

  test('the first problem in words, as the workflow refuses a resubmission', () => {
    assert.equal(providerAddressProblem(good), null);
    assert.equal(providerAddressProblem({ ...good, firstName: ' ' }), 'Enter the first name');
    assert.equal(providerAddressProblem({ ...good, postCode: 'x'.repeat(21) }), 'The postcode can be at most 20 characters');
    assert.equal(providerAddressProblem({ ...good, country: 'Ireland' }), 'The country is a two-letter code, e.g. IE');
    assert.equal(providerAddressProblem({ ...good, country: undefined }), 'Enter the country code');
    assert.equal(providerAddressProblem({ ...good, email: 'not-an-email' }), 'Enter the customer’s email address');
    assert.equal(
      providerAddressProblem({ ...good, addressLine2: 'x'.repeat(201) }),
      'The second address line can be at most 200 characters',
    );
    assert.equal(providerAddressProblem({ ...good, phone: 42 }), 'The phone number must be text');
    assert.equal(providerAddressProblem(null), 'Enter the first name');
  });

  test('the form schema and the workflow rules refuse the same input with the same first words', () => {
    const cases: unknown[] = [
      good,
      { ...good, lastName: '' },
      { ...good, addressLine1: 'x'.repeat(201) },
      { ...good, city: undefined },
      { ...good, state: 'x'.repeat(101) },
      { ...good, country: 'i' },
      { ...good, email: 'a..b@example.com' },
      { ...good, email: ` ${'a'.repeat(250)}@example.com` },
      { ...good, email: ' aoife@example.com ' },
      { ...good, phone: 'x'.repeat(41) },
      {},
    ];
    for (const input of cases) {
      const parsed = providerAddressSchema.safeParse(input);
      assert.equal(parsed.success ? null : parsed.error.issues[0]?.message, providerAddressProblem(input), JSON.stringify(input));
    }
  });

  test('from the admin form, each problem lands on its own field and what was typed is kept', () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({
      ...good,
      addressLine2: '',
      state: '',
      phone: '',
      country: 'Ireland',
      email: 'aoife',
      reason: 'Wrong flat number',
    }))
      form.set(k, v ?? '');
    form.set('firstName', '');
    const reply = parseWithZod(form, { schema: resubmitPrintsSchema }).reply();
    assert.deepEqual(reply.error, {
      firstName: ['Enter the first name'],
      country: ['The country is a two-letter code, e.g. IE'],
      email: ['Enter the customer’s email address'],
    });
    assert.equal(reply.initialValue?.country, 'Ireland');
  });
});
