import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { historyCost } from './history-cost.ts';

const T = proto.temporal.api.enums.v1.EventType;
type Event = temporal.api.history.v1.IHistoryEvent;
const HISTORIES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../workflows/histories');

const recorded = (file: string): Event[] => historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8'))).events ?? [];

/** A history from event types and attributes, numbered from 1. */
// Plain numbers stand in for the Long ids of real histories (read with Number()/String() by historyCost).
const history = (...events: Array<Record<string, unknown>>): Event[] =>
  events.map((e, i) => ({ ...e, eventId: i + 1 }) as unknown as Event);

test('a recorded paid checkout: start, update, webhook signal, two children, scheduled and local activities, its timer and upserts', () => {
  const cost = historyCost(recorded('checkout-paid-invoiced.json'));
  assert.deepEqual(cost.actionsByKind, {
    'workflow started': 1,
    'child workflow started': 4,
    signal: 1,
    update: 1,
    activity: 4,
    'activity retry': 0,
    'local activities': 3,
    timer: 1,
    'search attribute upsert': 2,
  });
  assert.equal(cost.actions, 17);
  assert.equal(cost.events, 70);
  assert.equal(cost.workflowTasks, 8);
  assert.equal(cost.activityTasks, 4);
  assert.equal(cost.localActivities, 5);
});

test("signal-with-start is one action; a child's own start is billed to its parent", () => {
  const sws = historyCost(
    history(
      { eventType: T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, workflowExecutionStartedEventAttributes: {} },
      { eventType: T.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED },
      { eventType: T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED },
      { eventType: T.EVENT_TYPE_WORKFLOW_TASK_STARTED },
      { eventType: T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED },
      { eventType: T.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED },
    ),
  );
  assert.equal(sws.actionsByKind['workflow started'], 1);
  assert.equal(sws.actionsByKind.signal, 1, 'the later signal counts, the one of the start does not');
  const child = historyCost(
    history({
      eventType: T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      workflowExecutionStartedEventAttributes: { parentWorkflowExecution: { workflowId: 'checkout-1' } },
    }),
  );
  assert.equal(child.actions, 0);
});

test('local activities of one workflow task are one action; retries, timers and upserts count as Temporal Cloud bills them', () => {
  const cost = historyCost(
    history(
      { eventType: T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED },
      {
        eventType: T.EVENT_TYPE_MARKER_RECORDED,
        markerRecordedEventAttributes: { markerName: 'core_local_activity', workflowTaskCompletedEventId: 1 },
      },
      {
        eventType: T.EVENT_TYPE_MARKER_RECORDED,
        markerRecordedEventAttributes: { markerName: 'core_local_activity', workflowTaskCompletedEventId: 1 },
      },
      {
        eventType: T.EVENT_TYPE_MARKER_RECORDED,
        markerRecordedEventAttributes: { markerName: 'core_patch', workflowTaskCompletedEventId: 1 },
      },
      {
        eventType: T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
        workflowTaskCompletedEventAttributes: { meteringMetadata: { nonfirstLocalActivityExecutionAttempts: 2 } },
      },
      {
        eventType: T.EVENT_TYPE_MARKER_RECORDED,
        markerRecordedEventAttributes: { markerName: 'core_local_activity', workflowTaskCompletedEventId: 5 },
      },
      { eventType: T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED },
      { eventType: T.EVENT_TYPE_ACTIVITY_TASK_STARTED, activityTaskStartedEventAttributes: { attempt: 3 } },
      { eventType: T.EVENT_TYPE_TIMER_STARTED },
      {
        eventType: T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
        upsertWorkflowSearchAttributesEventAttributes: { searchAttributes: { indexedFields: { TemporalChangeVersion: {} } } },
      },
      {
        eventType: T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
        upsertWorkflowSearchAttributesEventAttributes: { searchAttributes: { indexedFields: { OrderStatus: {}, CustomerEmail: {} } } },
      },
    ),
  );
  assert.equal(cost.localActivities, 3);
  assert.equal(cost.actionsByKind['local activities'], 2 + 2, 'two workflow tasks with markers, plus two non-first attempts');
  assert.equal(cost.actionsByKind.activity, 1);
  assert.equal(cost.actionsByKind['activity retry'], 2);
  assert.equal(cost.activityTasks, 3);
  assert.equal(cost.actionsByKind.timer, 1);
  assert.equal(cost.actionsByKind['search attribute upsert'], 1);
  assert.equal(cost.actions, 4 + 1 + 2 + 1 + 1);
});
