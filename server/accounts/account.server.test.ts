// The guest order lookup does the same work before it answers whether or not the pair matches: the
// statements of one transaction, recorded here by an EntityManager stand-in, and one ledger row. The
// sign-in email (rendering, outbox, Temporal) is handed off and not awaited.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LoginToken } from '#db/entities/auth.ts';
import { lookupOrder, type HandOff } from './account.server.ts';

const ORDER_NUMBER = 'ATL-2026-7K3M9Q2B';

/** Records every call the lookup makes on the database; the order found has `orderEmail`. */
class RecordingEntityManager {
  readonly steps: string[] = [];
  readonly persisted: unknown[] = [];
  constructor(private readonly orderEmail: string) {}
  async transactional<T>(work: (tx: RecordingEntityManager) => Promise<T>): Promise<T> {
    this.steps.push('begin');
    const result = await work(this);
    this.steps.push('commit');
    return result;
  }
  getConnection() {
    return {
      execute: async (sql: string) => {
        this.steps.push(`execute ${sql}`);
        return [];
      },
    };
  }
  getTransactionContext() {
    return undefined;
  }
  async find(entity: { name: string }) {
    this.steps.push(`find ${entity.name}`);
    return [];
  }
  async findOne(entity: { name: string }) {
    this.steps.push(`findOne ${entity.name}`);
    return { email: this.orderEmail };
  }
  persist(entity: object) {
    this.steps.push(`persist ${entity.constructor.name}`);
    this.persisted.push(entity);
  }
  async flush() {
    this.steps.push('flush');
  }
  fork() {
    this.steps.push('fork');
    return this;
  }
}

async function lookUp(email: string) {
  const em = new RecordingEntityManager('owner@example.com');
  const handedOff: Array<() => Promise<void>> = [];
  const handOff: HandOff = (work) => handedOff.push(work);
  const result = await lookupOrder(em as unknown as EntityManager, { orderNumber: ORDER_NUMBER, email, ip: '198.18.0.1' }, handOff);
  return { result, steps: em.steps, persisted: em.persisted, handedOff };
}

test('a matching and a non-matching pair take the same steps before the answer, and write one ledger row each', async () => {
  const match = await lookUp('Owner@Example.com');
  const stranger = await lookUp('someone-else@example.com');
  assert.deepEqual(match.result, { ok: true });
  assert.deepEqual(stranger.result, { ok: true });
  assert.deepEqual(match.steps, stranger.steps);
  assert.ok(match.steps.includes('findOne Order'), 'both read the order');

  for (const { persisted } of [match, stranger]) {
    assert.equal(persisted.length, 1);
    assert.ok(persisted[0] instanceof LoginToken);
  }
  const [real] = match.persisted as LoginToken[];
  const [decoy] = stranger.persisted as LoginToken[];
  assert.equal(real!.usedAt ?? null, null, 'the match stores the link’s token');
  assert.ok(real!.expiresAt.getTime() > Date.now());
  assert.equal(real!.redirectTo, `/account/orders/${ORDER_NUMBER}`);
  assert.ok(decoy!.usedAt, 'the stranger’s row can never sign in');
});

test('the email is handed off, not awaited: the answer comes before any of it runs', async () => {
  const match = await lookUp('owner@example.com');
  const stranger = await lookUp('someone-else@example.com');
  // The hand-off was never run, yet the lookup answered.
  assert.equal(match.handedOff.length, 1, 'the match hands off its email');
  assert.equal(stranger.handedOff.length, 0, 'nothing to send for the rest');
  assert.ok(!match.steps.includes('fork'), 'no database work for the email before the answer');
});
