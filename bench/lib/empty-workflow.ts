// The smallest workflow there is: bundled by the bench's own Worker (workflowsPath) to measure the
// Temporal dev server's ceiling — start → first workflow task → completed — with nothing of the shop in it.
export async function empty(): Promise<void> {}
