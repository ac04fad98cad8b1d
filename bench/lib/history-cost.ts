// What one workflow run costs, read from its event history: events, workflow and activity tasks, and the
// actions Temporal Cloud bills for it.
//
// Counting rules (Temporal Cloud's "Actions" page, https://docs.temporal.io/cloud/actions), applied event by event:
// - WorkflowExecutionStarted: 1 — a client start, a signal-with-start, an update-with-start or a continue-as-new run;
//   0 for a child (its parent's StartChildWorkflowExecutionInitiated is billed 2: the intent and the start).
// - WorkflowExecutionSignaled: 1, except the signal of a signal-with-start (event 2, right after the start: one action
//   for the pair). A signal sent from another workflow is billed here, in the history that received it; the sender's
//   SignalExternalWorkflowExecutionInitiated is 0.
// - WorkflowExecutionUpdateAccepted: 1 (update-with-start included, on top of the start). Rejected updates leave no
//   event and are not counted.
// - ActivityTaskScheduled: 1, plus one per retry (ActivityTaskStarted.attempt − 1).
// - Local activities: all core_local_activity markers recorded by one workflow task are 1 action, plus their
//   non-first attempts (WorkflowTaskCompleted.meteringMetadata.nonfirstLocalActivityExecutionAttempts).
//   Patch markers (core_patch) are versioning, not actions.
// - TimerStarted: 1 (condition() with a timeout starts one).
// - UpsertWorkflowSearchAttributes: 1 per command, whatever the number of attributes; one that only sets
//   TemporalChangeVersion is exempt.
// Not in a history, so not counted here: queries (1 each; the bench sends none), activity heartbeats that reach the
// server, schedule runs.
//
// Workflow tasks = WorkflowTaskStarted events (each one a task a worker took); activity tasks = attempts of scheduled
// activities (ActivityTaskStarted.attempt; an attempt still running is not counted).
import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const T = proto.temporal.api.enums.v1.EventType;

export const ACTION_KINDS = [
  'workflow started',
  'child workflow started',
  'signal',
  'update',
  'activity',
  'activity retry',
  'local activities',
  'timer',
  'search attribute upsert',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export interface HistoryCost {
  events: number;
  actions: number;
  workflowTasks: number;
  activityTasks: number;
  localActivities: number;
  actionsByKind: Record<ActionKind, number>;
}

export function emptyCost(): HistoryCost {
  return {
    events: 0,
    actions: 0,
    workflowTasks: 0,
    activityTasks: 0,
    localActivities: 0,
    actionsByKind: Object.fromEntries(ACTION_KINDS.map((k) => [k, 0])) as Record<ActionKind, number>,
  };
}

export function addCost(into: HistoryCost, more: HistoryCost): HistoryCost {
  into.events += more.events;
  into.actions += more.actions;
  into.workflowTasks += more.workflowTasks;
  into.activityTasks += more.activityTasks;
  into.localActivities += more.localActivities;
  for (const k of ACTION_KINDS) into.actionsByKind[k] += more.actionsByKind[k];
  return into;
}

function markerName(e: HistoryEvent): string {
  return e.markerRecordedEventAttributes?.markerName ?? '';
}

function onlyChangeVersion(e: HistoryEvent): boolean {
  const keys = Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {});
  return keys.length > 0 && keys.every((k) => k === 'TemporalChangeVersion');
}

/** The cost of one run's history, by the rules above. */
export function historyCost(events: HistoryEvent[]): HistoryCost {
  const cost = emptyCost();
  const bill = (kind: ActionKind, n = 1) => {
    cost.actionsByKind[kind] += n;
    cost.actions += n;
  };
  const localActivityTasks = new Set<string>();
  cost.events = events.length;
  for (const e of events) {
    switch (e.eventType) {
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        if (!e.workflowExecutionStartedEventAttributes?.parentWorkflowExecution) bill('workflow started');
        break;
      case T.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
        bill('child workflow started', 2);
        break;
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        if (Number(e.eventId) !== 2) bill('signal');
        break;
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        bill('update');
        break;
      case T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        bill('activity');
        break;
      case T.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const attempt = e.activityTaskStartedEventAttributes?.attempt ?? 1;
        cost.activityTasks += attempt;
        if (attempt > 1) bill('activity retry', attempt - 1);
        break;
      }
      case T.EVENT_TYPE_MARKER_RECORDED:
        if (markerName(e) === 'core_local_activity') {
          cost.localActivities++;
          localActivityTasks.add(String(e.markerRecordedEventAttributes?.workflowTaskCompletedEventId ?? e.eventId));
        }
        break;
      case T.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        cost.workflowTasks++;
        break;
      case T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED: {
        const retries = e.workflowTaskCompletedEventAttributes?.meteringMetadata?.nonfirstLocalActivityExecutionAttempts ?? 0;
        if (retries > 0) bill('local activities', retries);
        break;
      }
      case T.EVENT_TYPE_TIMER_STARTED:
        bill('timer');
        break;
      case T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        if (!onlyChangeVersion(e)) bill('search attribute upsert');
        break;
      default:
        break;
    }
  }
  bill('local activities', localActivityTasks.size);
  return cost;
}
