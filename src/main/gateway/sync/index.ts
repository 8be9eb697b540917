// Public surface of the sync layer: order tracker, reconciler, poller and health aggregator (the mirror
// they feed lives in portfolio/).
export { OrderTracker } from './order-tracker'
export type { FillSummary, OrderTrackerOptions } from './order-tracker'
export { Reconciler } from './reconciler'
export type {
  ReconcileNotice,
  ReconcileResult,
  ReconcileTrigger,
  ReconcilerOptions,
  ReconcilerStatus,
} from './reconciler'
export { Poller } from './poller'
export type { PollerOptions, PollerStatus } from './poller'
export { HealthMonitor, computeOverall } from './health-monitor'
export type { HealthMetrics, HealthMonitorOptions, HealthSources, OverallInput } from './health-monitor'
