// What the shop's Temporal server knows of given workflows: when they closed, and whether they exist. Raw describe calls
// (no data converter: the shop's payloads are encrypted, and only the execution info is read).
import { Connection } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';
import { sleep } from './stats.ts';

export class WorkflowTimes {
  private constructor(
    private readonly connection: Connection,
    private readonly namespace: string,
  ) {}

  static async connect(address: string, namespace: string): Promise<WorkflowTimes> {
    return new WorkflowTimes(await Connection.connect({ address }), namespace);
  }

  /** The workflow's close time (epoch ms), undefined while it runs, null when there is no such workflow. */
  async closeTime(workflowId: string): Promise<number | undefined | null> {
    try {
      const res = await this.connection.workflowService.describeWorkflowExecution({ namespace: this.namespace, execution: { workflowId } });
      return optionalTsToMs(res.workflowExecutionInfo?.closeTime);
    } catch (err) {
      // gRPC NOT_FOUND
      if ((err as { code?: unknown }).code === 5 || (err instanceof Error && /not found/i.test(err.message))) return null;
      throw err;
    }
  }

  /** Close times of workflows expected to close soon, waiting up to `timeoutMs` for the last; missing ones are left out. */
  async waitForClose(workflowIds: string[], timeoutMs: number): Promise<Map<string, number>> {
    const closed = new Map<string, number>();
    const until = Date.now() + timeoutMs;
    for (;;) {
      for (const id of workflowIds) {
        if (closed.has(id)) continue;
        const at = await this.closeTime(id);
        if (typeof at === 'number') closed.set(id, at);
      }
      if (closed.size === workflowIds.length || Date.now() > until) return closed;
      await sleep(250);
    }
  }

  /** How many of these workflows exist (running or closed). */
  async countExisting(workflowIds: string[]): Promise<number> {
    let n = 0;
    for (const id of workflowIds) if ((await this.closeTime(id)) !== null) n++;
    return n;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
