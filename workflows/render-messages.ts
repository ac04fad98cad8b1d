// Names shared by the web app, the workers and the render workflow.
import { defineQuery } from '@temporalio/workflow';

export const renderWorkflowId = (orderNumber: string) => `render-${orderNumber}`;

export type RenderState = 'preparing' | 'rendering' | 'notifying' | 'done' | 'failed' | 'closed';
export type RenderItemState = 'pending' | 'ready' | 'failed';

export interface RenderStatus {
  orderNumber: string;
  state: RenderState;
  items: Array<{ itemId: number; label: string; state: RenderItemState; error: string | null }>;
}

/** What the workflow is doing; per-file progress (0–100) is on the downloads rows, updated by the activity. */
export const renderStatusQuery = defineQuery<RenderStatus>('renderStatus');
