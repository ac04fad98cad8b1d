import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expireSessionSchema, localPaymentSchema } from './local-payment';
import { messages, submitForm } from './submit-form';

const withShipping = localPaymentSchema({ collectShipping: true, collectBillingCountry: false });
const withoutShipping = localPaymentSchema({ collectShipping: false, collectBillingCountry: false });
const filesWithVat = localPaymentSchema({ collectShipping: false, collectBillingCountry: true });
const payer = { email: ' Ada@Example.com ', name: 'Ada' };
const address = { line1: '12 Quay Street', line2: '', city: 'Galway', postal_code: 'H91 X2Y3', country: 'IE' };

test('pay: the payer, and the shipping address when the order ships', () => {
  const digital = submitForm(withoutShipping, { intent: 'pay', ...payer });
  assert.deepEqual(digital.status === 'success' && digital.value, { intent: 'pay', email: 'Ada@Example.com', name: 'Ada' });
  const shipped = submitForm(withShipping, { intent: 'pay', ...payer, ...address });
  assert.deepEqual(shipped.status === 'success' && shipped.value, { intent: 'pay', email: 'Ada@Example.com', name: 'Ada', ...address });
  assert.deepEqual(messages(submitForm(withShipping, { intent: 'pay', ...payer, country: 'Ireland' })), {
    line1: 'Enter the street address',
    city: 'Enter the city',
    postal_code: 'Enter the postal code',
    country: 'Choose a country',
  });
  assert.deepEqual(messages(submitForm(withoutShipping, { intent: 'pay' })), {
    email: 'Enter your email address',
    name: 'Enter the name on the card',
  });
});

test('files only with VAT: the billing country is needed to pay or decline, as Stripe asks for it', () => {
  const paid = submitForm(filesWithVat, { intent: 'pay', ...payer, country: 'DE' });
  assert.deepEqual(paid.status === 'success' && paid.value, { intent: 'pay', email: 'Ada@Example.com', name: 'Ada', country: 'DE' });
  assert.deepEqual(messages(submitForm(filesWithVat, { intent: 'pay', ...payer })), { country: 'Choose a country' });
  assert.deepEqual(messages(submitForm(filesWithVat, { intent: 'decline', ...payer, country: 'Germany' })), {
    country: 'Choose a country',
  });
});

test('update the VAT: only the country is needed, whatever else is typed', () => {
  const updated = submitForm(filesWithVat, { intent: 'update-country', country: 'DE', email: 'ada@', name: '' });
  assert.deepEqual(updated.status === 'success' && updated.value, { intent: 'update-country', country: 'DE' });
  const shipped = submitForm(withShipping, { intent: 'update-country', country: 'FR', line1: '' });
  assert.deepEqual(shipped.status === 'success' && shipped.value, { intent: 'update-country', country: 'FR' });
  assert.deepEqual(messages(submitForm(withShipping, { intent: 'update-country', country: '' })), { country: 'Choose a country' });
});

test('decline needs the payer too; removing a code needs nothing', () => {
  assert.deepEqual(messages(submitForm(withoutShipping, { intent: 'decline', email: 'nope' })), {
    email: 'Enter a valid email address, like name@example.com',
    name: 'Enter the name on the card',
  });
  const removed = submitForm(withShipping, { intent: 'remove-code', email: '' });
  assert.deepEqual(removed.status === 'success' && removed.value, { intent: 'remove-code' });
});

test('apply a code: the code is needed, upper-cased; the email is taken as typed, even unfinished', () => {
  const applied = submitForm(withShipping, { intent: 'apply-code', promoCode: ' summer-10 ', email: 'ada@' });
  assert.deepEqual(applied.status === 'success' && applied.value, { intent: 'apply-code', promoCode: 'SUMMER-10', email: 'ada@' });
  assert.deepEqual(messages(submitForm(withShipping, { intent: 'apply-code', promoCode: '' })), { promoCode: 'Enter a code' });
  assert.deepEqual(messages(submitForm(withShipping, { intent: 'apply-code', promoCode: 'X'.repeat(41) })), {
    promoCode: 'That code is too long',
  });
});

test('a code typed but not applied is applied when the form is sent with Pay (Enter in the code field)', () => {
  const entered = submitForm(withoutShipping, { intent: 'pay', promoCode: 'summer-10', email: '', name: '' });
  assert.deepEqual(entered.status === 'success' && entered.value, { intent: 'apply-code', promoCode: 'SUMMER-10', email: undefined });
  const blank = submitForm(withoutShipping, { intent: 'pay', promoCode: '  ', ...payer });
  assert.equal(blank.status === 'success' && blank.value.intent, 'pay', 'a blank code is no code');
  const declined = submitForm(withoutShipping, { intent: 'decline', promoCode: 'summer-10', ...payer });
  assert.equal(declined.status === 'success' && declined.value.intent, 'decline', 'only Pay applies it first');
});

test('an unknown intent is refused; expiring takes only its intent', () => {
  assert.deepEqual(messages(submitForm(withShipping, { intent: 'refund-me' })), { intent: 'Choose Pay, or apply a promotion code' });
  assert.equal(submitForm(expireSessionSchema, { intent: 'expire' }).status, 'success');
  assert.equal(submitForm(expireSessionSchema, { intent: 'pay' }).status, 'error');
});
