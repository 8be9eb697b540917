// One of each async helper of the engine (issue 7 item 7): backoff with injectable randomness, a listener
// set with one error policy, single flight, keyed mutex, semaphore and a clock-driven timer group.
export { exponentialBackoffMs } from './backoff'
export type { BackoffShape, RandomSource } from './backoff'
export { ListenerSet } from './listener-set'
export { SingleFlight } from './single-flight'
export { KeyedMutex } from './keyed-mutex'
export { Semaphore } from './semaphore'
export { TimerGroup } from './timer-group'
