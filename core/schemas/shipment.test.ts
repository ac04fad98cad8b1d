import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWithZod } from '@conform-to/zod/v4';
import { shipmentProblem } from '#core/shipment.ts';
import { shipmentSchema } from './shipment';

const good = { carrier: 'An Post', trackingNumber: 'RR123456789IE', trackingUrl: 'https://track.example/RR123456789IE' };

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe('shipmentSchema', () => {
  test('accepts a carrier, a tracking number and an optional https link, trimmed; a blank link is none', () => {
    assert.deepEqual(shipmentSchema.parse({ carrier: ' An Post ', trackingNumber: ' RR1IE ', trackingUrl: ' https://track.example/x ' }), {
      carrier: 'An Post',
      trackingNumber: 'RR1IE',
      trackingUrl: 'https://track.example/x',
    });
    assert.equal(shipmentSchema.parse({ ...good, trackingUrl: null }).trackingUrl, null);
    assert.equal(shipmentSchema.parse({ ...good, trackingUrl: '   ' }).trackingUrl, null);
    assert.equal(shipmentSchema.parse({ carrier: 'DHL', trackingNumber: 'X' }).trackingUrl, null);
  });

  test('the first problem in words, as the fulfillment workflow refuses it', () => {
    assert.equal(shipmentProblem(good), null);
    assert.equal(shipmentProblem({ ...good, trackingUrl: null }), null);
    assert.equal(shipmentProblem({ ...good, carrier: ' ' }), 'Enter the carrier');
    assert.equal(shipmentProblem({ ...good, trackingNumber: '' }), 'Enter the tracking number');
    assert.equal(shipmentProblem({ ...good, carrier: 'x'.repeat(81) }), 'The carrier can be at most 80 characters');
    assert.equal(shipmentProblem({ ...good, trackingNumber: 'x'.repeat(81) }), 'The tracking number can be at most 80 characters');
    assert.equal(shipmentProblem({ ...good, trackingUrl: 'http://track.example/x' }), 'The tracking link must be an https:// address');
    assert.equal(shipmentProblem({ ...good, trackingUrl: 'javascript:alert(1)' }), 'The tracking link must be an https:// address');
    assert.equal(
      shipmentProblem({ ...good, trackingUrl: `https://track.example/${'x'.repeat(500)}` }),
      'The tracking link can be at most 500 characters',
    );
    assert.equal(shipmentProblem({ carrier: 'An Post' }), 'Enter the tracking number');
  });

  test('from the form, each problem lands on its own field and what was typed is kept', () => {
    const submission = parseWithZod(form({ carrier: 'An Post', trackingNumber: '', trackingUrl: 'http://insecure.example/x' }), {
      schema: shipmentSchema,
    });
    assert.equal(submission.status, 'error');
    const reply = submission.reply();
    assert.deepEqual(reply.error, {
      trackingNumber: ['Enter the tracking number'],
      trackingUrl: ['The tracking link must be an https:// address'],
    });
    assert.equal(reply.initialValue?.carrier, 'An Post');
    assert.equal(reply.initialValue?.trackingUrl, 'http://insecure.example/x');
  });

  test('the form schema and the workflow rules refuse the same input with the same first words', () => {
    const cases: unknown[] = [
      good,
      { ...good, carrier: '  ' },
      { ...good, carrier: ` ${'x'.repeat(80)} ` },
      { ...good, trackingNumber: 'y'.repeat(81) },
      { ...good, trackingUrl: '' },
      { ...good, trackingUrl: ' https://a.b ' },
      { ...good, trackingUrl: 'https://nodot' },
      { ...good, trackingUrl: `http://${'x'.repeat(600)}` },
      { carrier: 'x'.repeat(81), trackingNumber: '', trackingUrl: 'ftp://x.y' },
      {},
    ];
    for (const input of cases) {
      const parsed = shipmentSchema.safeParse(input);
      assert.equal(parsed.success ? null : parsed.error.issues[0]?.message, shipmentProblem(input), JSON.stringify(input));
    }
  });
});
