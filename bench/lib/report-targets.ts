// The shop's performance targets, shown beside each figure of the bench report, and what counts as a regression.
export const TARGETS = {
  pageRps: 1000,
  pageP99: 150,
  pageConnections: 64,
  checkoutP95: 200,
  renderMs: 1500,
  renderPeakRssMb: 1024,
  /** Peak RSS of the rendering process with two items at once (RENDER_CONCURRENCY=2). */
  renderItemsPeakRssMb: 600,
  webhookAckP99: 100,
  webhookToPaidP95: 500,
  /** Checkouts end to end per second, as a share of empty workflows per second. */
  checkoutShareOfCeiling: 0.4,
  /** Checkouts/s all reserving one variant, as a share of the same checkouts on a variant each: contention costs ≤ 20 %. */
  contentionShare: 0.8,
  /** A figure worse than the previous run's by more than this is flagged. */
  regression: 0.15,
  /** Latency changes below this many ms are noise (sub-millisecond pages), never flagged. */
  regressionFloorMs: 1,
};
