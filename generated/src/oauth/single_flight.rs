//! A cached value that many tasks can ask to be renewed, renewed at most once at a time.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::Mutex;

/// Holds a value and renews it when stale, so that concurrent callers share one renewal.
///
/// A caller that finds the value fresh gets a clone. A caller that finds it
/// stale renews it while holding the lock; callers that were waiting on the
/// lock meanwhile receive that renewal's outcome, success or error, without
/// renewing again. An error is not cached past those waiters: the next
/// caller tries again. If the renewing caller is cancelled, the next waiter
/// renews instead.
pub(crate) struct SingleFlight<T, E> {
    slot: Mutex<Slot<T, E>>,
    /// How many renewals have completed; written only under `slot`'s lock.
    completed: AtomicU64,
}

struct Slot<T, E> {
    value: Option<T>,
    last_outcome: Option<Result<T, E>>,
}

impl<T: Clone, E: Clone> SingleFlight<T, E> {
    pub(crate) fn new(value: Option<T>) -> Self {
        Self {
            slot: Mutex::new(Slot {
                value,
                last_outcome: None,
            }),
            completed: AtomicU64::new(0),
        }
    }

    /// The current value if `is_fresh` accepts it; otherwise the outcome of
    /// a renewal, performed by `renew` (given the current value) unless a
    /// renewal completed while this caller waited.
    pub(crate) async fn get<F, Fut>(&self, is_fresh: impl Fn(&T) -> bool, renew: F) -> Result<T, E>
    where
        F: FnOnce(Option<T>) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let seen = self.completed.load(Ordering::Acquire);
        let mut slot = self.slot.lock().await;
        if self.completed.load(Ordering::Acquire) != seen {
            if let Some(outcome) = &slot.last_outcome {
                return outcome.clone();
            }
        }
        if let Some(value) = slot.value.as_ref().filter(|v| is_fresh(v)) {
            return Ok(value.clone());
        }
        let outcome = renew(slot.value.clone()).await;
        if let Ok(value) = &outcome {
            slot.value = Some(value.clone());
        }
        slot.last_outcome = Some(outcome.clone());
        self.completed.fetch_add(1, Ordering::Release);
        outcome
    }

    /// The current value, fresh or not, without renewing.
    pub(crate) async fn peek(&self) -> Option<T> {
        self.slot.lock().await.value.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::Arc;
    use std::time::Duration;

    /// Waits (boundedly) until `arrived` reaches `n`, then a little longer, so
    /// that every caller is queued on the lock before the renewal completes.
    async fn wait_for_callers(arrived: &AtomicUsize, n: usize) {
        for _ in 0..1000 {
            if arrived.load(Ordering::SeqCst) >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    async fn run_callers(
        flight: Arc<SingleFlight<u32, String>>,
        outcome: Result<u32, String>,
    ) -> (Vec<Result<u32, String>>, usize) {
        const CALLERS: usize = 50;
        let calls = Arc::new(AtomicUsize::new(0));
        let arrived = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..CALLERS {
            let (flight, calls, arrived, outcome) = (
                flight.clone(),
                calls.clone(),
                arrived.clone(),
                outcome.clone(),
            );
            tasks.push(tokio::spawn(async move {
                arrived.fetch_add(1, Ordering::SeqCst);
                flight
                    .get(
                        |v| *v > 0,
                        |_| async move {
                            calls.fetch_add(1, Ordering::SeqCst);
                            wait_for_callers(&arrived, CALLERS).await;
                            outcome
                        },
                    )
                    .await
            }));
        }
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.expect("task panicked"));
        }
        (results, calls.load(Ordering::SeqCst))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_renewal() {
        let flight = Arc::new(SingleFlight::<u32, String>::new(Some(0)));
        let (results, calls) = run_callers(flight.clone(), Ok(1)).await;
        assert!(results.iter().all(|r| *r == Ok(1)), "{results:?}");
        assert_eq!(calls, 1);
        assert_eq!(flight.peek().await, Some(1));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_renewal_reaches_every_waiter_and_is_not_cached() {
        let flight = Arc::new(SingleFlight::<u32, String>::new(None));
        let (results, calls) = run_callers(flight.clone(), Err("boom".to_owned())).await;
        assert_eq!(results.len(), 50);
        assert!(
            results.iter().all(|r| *r == Err("boom".to_owned())),
            "{results:?}"
        );
        assert_eq!(calls, 1);
        // A later caller tries again.
        assert_eq!(flight.get(|_| true, |_| async { Ok(7) }).await, Ok(7));
        assert_eq!(flight.get(|_| true, |_| async { Ok(8) }).await, Ok(7));
    }

    #[tokio::test]
    async fn a_cancelled_renewal_lets_the_next_caller_renew() {
        let flight = Arc::new(SingleFlight::<u32, String>::new(None));
        let first = {
            let flight = flight.clone();
            tokio::spawn(async move {
                flight
                    .get(
                        |_| true,
                        |_| async {
                            tokio::time::sleep(Duration::from_secs(3600)).await;
                            Ok(1)
                        },
                    )
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        first.abort();
        let value = tokio::time::timeout(
            Duration::from_secs(5),
            flight.get(|_| true, |_| async { Ok(2) }),
        )
        .await
        .expect("renewal did not complete");
        assert_eq!(value, Ok(2));
    }

    #[tokio::test]
    async fn a_stale_value_is_renewed_from_the_old_one() {
        let flight = SingleFlight::<u32, String>::new(Some(1));
        assert_eq!(flight.get(|_| true, |_| async { Ok(9) }).await, Ok(1));
        let renewed = flight
            .get(|_| false, |old| async move { Ok(old.unwrap_or(0) + 1) })
            .await;
        assert_eq!(renewed, Ok(2));
        assert_eq!(flight.peek().await, Some(2));
    }
}
