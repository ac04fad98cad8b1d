// The admin order page's form schemas, parsed as the action parses them (conform's parseWithZod over
// the posted form), so what is tested is what a submitted form gets.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWithZod } from '@conform-to/zod/v4';
import type { z } from 'zod';
import { orderNoteSchema, refundSchema, rerenderSchema, resendEmailSchema, restartRefundSchema } from './admin-order';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

function parse<S extends z.ZodType>(schema: S, fields: Record<string, string>) {
  const submission = parseWithZod(form(fields), { schema });
  const reply = submission.reply();
  return {
    value: submission.status === 'success' ? (submission.value as z.output<S>) : null,
    errors: reply.error ?? {},
    typed: reply.initialValue ?? {},
  };
}

describe('orderNoteSchema', () => {
  test('a note is trimmed; empty and overlong notes are refused by the field, the key kept', () => {
    assert.deepEqual(parse(orderNoteSchema, { note: '  gift wrap  ', key: '3-9' }).value, { note: 'gift wrap', key: '3-9' });
    assert.deepEqual(parse(orderNoteSchema, { note: '   ' }).errors, { note: ['Write the note first'] });
    assert.deepEqual(parse(orderNoteSchema, { note: '' }).errors, { note: ['Write the note first'] });
    const long = parse(orderNoteSchema, { note: 'x'.repeat(2001) });
    assert.deepEqual(long.errors, { note: ['A note can be at most 2,000 characters'] });
    assert.equal(long.typed.note, 'x'.repeat(2001));
  });
});

describe('refundSchema', () => {
  const schema = refundSchema([11, 12]);

  test('by line items: the quantities chosen, shipping ticked or not', () => {
    assert.deepEqual(parse(schema, { kind: 'items', 'qty-11': '2', 'qty-12': '', shipping: 'on', reason: ' creased ' }).value, {
      kind: 'items',
      quantities: { 11: 2 },
      shipping: true,
      reason: 'creased',
      restock: [],
    });
    assert.deepEqual(
      parse(schema, { 'qty-12': '1', reason: 'x' }).value,
      { kind: 'items', quantities: { 12: 1 }, shipping: false, reason: 'x', restock: [] },
      'line items when no kind is sent',
    );
    assert.deepEqual(parse(schema, { kind: 'items', shipping: 'on', reason: 'lost' }).value, {
      kind: 'items',
      quantities: {},
      shipping: true,
      reason: 'lost',
      restock: [],
    });
  });

  test('"back to stock" counts only for a line being refunded', () => {
    const value = parse(schema, { kind: 'items', 'qty-11': '1', 'restock-11': 'on', 'restock-12': 'on', reason: 'returned' }).value;
    assert.deepEqual(value, { kind: 'items', quantities: { 11: 1 }, shipping: false, reason: 'returned', restock: [11] });
  });

  test('by a custom amount: the decimal typed comes out in minor units; quantities typed beside it are ignored', () => {
    assert.deepEqual(parse(schema, { kind: 'amount', amount: '12.5', 'qty-11': '3', reason: 'scuffed' }).value, {
      kind: 'amount',
      amount: 1250,
      reason: 'scuffed',
    });
    assert.deepEqual(parse(schema, { kind: 'amount', amount: ' 20,05 ', reason: 'x' }).value, {
      kind: 'amount',
      amount: 2005,
      reason: 'x',
    });
  });

  test('every mistake shows at once, each by its field, with what was typed', () => {
    const r = parse(schema, { kind: 'amount', amount: '12.345', reason: '' });
    assert.deepEqual(r.errors, { amount: ['Enter an amount such as 12.50'], reason: ['Give a reason (the customer sees it)'] });
    assert.equal(r.typed.amount, '12.345');
    assert.deepEqual(parse(schema, { kind: 'amount', amount: '0', reason: 'x' }).errors, { amount: ['Enter an amount such as 12.50'] });
    assert.deepEqual(parse(schema, { kind: 'amount', reason: 'x' }).errors, { amount: ['Enter an amount such as 12.50'] });
    assert.deepEqual(parse(schema, { kind: 'items', 'qty-11': '-1', 'qty-12': 'two', reason: 'x' }).errors, {
      'qty-11': ['Enter a whole number'],
      'qty-12': ['Enter a whole number'],
    });
    assert.deepEqual(parse(schema, { kind: 'items', 'qty-11': '1.5', reason: 'x'.repeat(501) }).errors, {
      'qty-11': ['Enter a whole number'],
      reason: ['The reason can be at most 500 characters'],
    });
  });

  test('nothing chosen is the form’s error; an unknown kind is the kind’s', () => {
    assert.deepEqual(parse(schema, { kind: 'items', 'qty-11': '0', reason: 'x' }).errors, { '': ['Choose what to refund'] });
    assert.deepEqual(parse(schema, { kind: 'everything', reason: 'x' }).errors.kind, ['Choose line items or a custom amount']);
  });
});

describe('the other order forms', () => {
  test('restarting a refund needs its id', () => {
    assert.deepEqual(parse(restartRefundSchema, { refundId: '42' }).value, { refundId: 42 });
    assert.ok(parse(restartRefundSchema, { refundId: 'x' }).errors.refundId);
    assert.ok(parse(restartRefundSchema, {}).errors.refundId);
  });

  test('resending: a known email, and a key from the page (a form out of date is the form’s error)', () => {
    assert.deepEqual(parse(resendEmailSchema, { email: 'order-confirmation', key: '7' }).value, { email: 'order-confirmation', key: '7' });
    assert.deepEqual(parse(resendEmailSchema, { email: 'invoice', key: '7' }).errors, { email: ['Choose an email to resend'] });
    assert.deepEqual(parse(resendEmailSchema, { email: 'files-ready', key: 'abc' }).errors, {
      '': ['The form is out of date; reload the page'],
    });
    assert.deepEqual(parse(resendEmailSchema, {}).errors, {
      email: ['Choose an email to resend'],
      '': ['The form is out of date; reload the page'],
    });
  });

  test('re-rendering: one item or all of them', () => {
    assert.deepEqual(parse(rerenderSchema, { itemId: 'all' }).value, { itemIds: undefined });
    assert.deepEqual(parse(rerenderSchema, {}).value, { itemIds: undefined });
    assert.deepEqual(parse(rerenderSchema, { itemId: '31' }).value, { itemIds: [31] });
    assert.deepEqual(parse(rerenderSchema, { itemId: '1 or 1=1' }).errors, { itemId: ['Choose an item or all items'] });
  });
});
