// Replays recorded checkout histories against today's workflow code: a change that would make a
// running checkout non-deterministic fails here (guard it with `patched()`; see
// docs/decisions/014-workflow-versioning-and-replay-tests.md).
//
// Record a new history (after a deliberate, patched change) from the integration tests:
//   RECORD_HISTORY=workflows/histories/checkout-paid.json node --import tsx --test test/checkout.integration.test.ts
//   RECORD_HISTORY_DIR=workflows/histories node --import tsx --test test/render.integration.test.ts
//     (checkout-paid-render.json: a paid digital order starting its render; render-done.json: that render)
// A recording overwrites the file it names: keep the old one (it replays the code paths before its patches) and
// record the new behaviour under a new name, e.g. checkout-paid-local-activities.json (patched 'checkout-local-activities'),
// checkout-paid-verified.json (patched 'verify-paid-session': `--test-name-pattern "checkout redirects to Stripe"` records only that test).
//   RECORD_HISTORY_DIR=workflows/histories node --import tsx --test test/tax-checkout.integration.test.ts
//     (checkout-paid-invoiced.json: patched 'tax-and-invoice', the VAT per line recorded and the invoice issued)
//   RECORD_HISTORY_DIR=workflows/histories node --import tsx --test --test-name-pattern "the stand-in refunds" test/admin.integration.test.ts
//     (refund-full-credit-note.json: patched 'credit-note'; refund-full-local.json is the same refund before it)
//   RECORD_HISTORY_DIR=workflows/histories node --import tsx --test test/account-deletion.integration.test.ts
//     (delete-account-deleted.json: an account erased; drip-welcome-forgotten.json: a welcome series told to forget its customer)
//   RECORD_HISTORY_DIR=workflows/histories node --import tsx --test test/points.integration.test.ts
//     (checkout-paid-points.json: patched 'loyalty-points'; points-order-expired.json: an order's points from pending to
//     expired; refund-dashboard-points.json: patched 'points-reversal', a Dashboard refund giving spent points back;
//     checkout-paid-credit-pack.json: patched 'credit-packs'; checkout-paid-with-credits.json: patched
//     'complete-without-payment'; render-credits-spent.json: patched 'settle-credits')
//   RECORD_HISTORY_DIR=workflows/histories node --import tsx --test test/print-provider.integration.test.ts
//     (fulfillment-print-provider-delivered.json: patched 'print-provider', a poster made by the provider, followed
//     through repeated and late webhooks to delivery)
//   The steps after payment in two (patches 'paid-order-in-two-steps', 'session-local-first', 'status-pending-until-paid',
//   'points-earn-local', 'fulfillment-first-steps-local', 'drip-email-local-first'; docs/decisions/062-one-step-after-payment.md):
//   recorded into a scratch folder with the commands above and copied under new names — checkout-paid-two-steps.json and
//   points-earned-locally.json (points.integration, "delivered five times"), fulfillment-first-steps-local.json
//   (print-provider.integration, "submitted once"), drip-welcome-email-local-first.json (campaigns.integration, "first sign-in").
//   One campaign workflow per customer (docs/decisions/064-one-campaign-workflow-per-customer.md), recorded with
//   RECORD_HISTORY_DIR into a scratch folder and copied: customer-campaigns-first-order.json (workflows/customer-campaigns.test.ts,
//   a first order's two campaigns to the end), customer-campaigns-welcome-completed.json (campaigns.integration, "first
//   sign-in"), customer-campaigns-forgotten.json (account-deletion.integration: the campaigns told to forget their customer).
//   RECORD_HISTORY_DIR=workflows/histories node --import tsx --test workflows/print-part.test.ts
//     (fulfillment-print-hint-during-submit.json: patched 'print-hints-during-submit', a provider webhook's hint that came
//     while the print order was being submitted wakes the follow at once)
//   fulfillment-manual-delivered.json, fulfillment-manual-cancelled.json: fulfillments shipped by hand and cancelled,
//     recorded with the workflow code before 'print-provider' (a worker on the test environment, mocked activities)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';
import { TEST_PAYLOAD_KEY } from '../scripts/lib/stack.ts';
import { workflowBundle } from '../test/temporal-env.ts';

const dataConverter = temporalDataConverter({ TEMPORAL_PAYLOAD_KEY: TEST_PAYLOAD_KEY });

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'histories');
// Every recorded workflow (checkout-*, render-*, ...): the SDK reads the workflow type from the history.
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

test('recorded checkout histories exist', () => {
  assert.ok(files.length > 0, `no recorded histories in ${dir}`);
});

for (const file of files) {
  test(`replays ${file} without non-determinism`, async () => {
    // The JSON form (the CLI's `workflow show --output json`, the UI's download); the SDK converts it.
    const history: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    // With the test stacks' payload codec: histories recorded before encryption pass through it.
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter }, history, `replay-${file}`);
  });
}

// The first recorded checkout and the latest ones (local activities; the paid-session check; VAT and the invoice): a
// careless change fails against each.
for (const file of [
  'checkout-paid.json',
  'checkout-paid-local-activities.json',
  'checkout-paid-verified.json',
  'checkout-paid-invoiced.json',
]) {
  test(`an unpatched change to the workflow fails the replay of ${file} (the test can catch non-determinism)`, async () => {
    const history: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const changed = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./testing/checkout-changed-without-patch.ts', import.meta.url)),
      logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
    });
    await assert.rejects(
      Worker.runReplayHistory({ workflowBundle: changed, dataConverter }, history, 'replay-changed'),
      DeterminismViolationError,
    );
  });
}
