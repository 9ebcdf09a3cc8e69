//! The spending cap: characters each provider may be sent per day and per
//! month, reserved before a request goes out and given back when it fails.
//!
//! With `mt.cache_url` the counters live in Redis (`INCRBY` on one key per
//! provider and window, expiring after the window), so every worker draws on
//! one budget. Without it, or while Redis does not answer, each process
//! counts on its own: N workers may then spend up to N times the cap.
//! A reservation that takes a counter over its cap is rolled back at once
//! and refused with [`MtError::BudgetSpent`], which the queue layer turns
//! into a wait in the retry queues and the chain into a fallback.

mod config;
mod window;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

pub use config::{BudgetConfig, ProviderBudget};
pub(crate) use window::{Period, Schedule, Window};

use super::redis_link::RedisLink;
use super::{MtConfig, MtConfigError, MtError};

/// Every provider's caps and the counters they are checked against.
pub(crate) struct Budget {
    caps: HashMap<String, ProviderBudget>,
    schedule: Schedule,
    shared: Option<SharedCounters>,
    local: Mutex<HashMap<String, LocalCount>>,
}

struct SharedCounters {
    link: Arc<RedisLink>,
    prefix: String,
}

struct LocalCount {
    used: u64,
    ends: DateTime<Utc>,
}

/// Characters set aside for one request, to keep or give back.
#[derive(Debug)]
pub(crate) struct Reservation {
    provider: String,
    counters: Vec<Counter>,
    characters: u64,
    in_redis: bool,
}

/// One window's counter of one provider and its cap.
#[derive(Debug, Clone)]
struct Counter {
    key: String,
    period: Period,
    cap: u64,
    window: Window,
}

impl Budget {
    /// The caps of the providers of the chain named `chain` (primary
    /// first), counted in Redis when `link` is given.
    pub fn new(config: &MtConfig, chain: &[&str], link: Option<Arc<RedisLink>>) -> Result<Budget, MtConfigError> {
        let schedule = config.budget.schedule()?;
        let mut caps = HashMap::new();
        for (position, provider) in chain.iter().enumerate() {
            let provider_caps = config.budget.caps_of(provider, position == 0);
            if provider_caps.is_capped() {
                caps.insert((*provider).to_owned(), provider_caps);
            }
        }
        Ok(Budget {
            caps,
            schedule,
            shared: link.map(|link| SharedCounters {
                link,
                prefix: config.cache_prefix.clone(),
            }),
            local: Mutex::new(HashMap::new()),
        })
    }

    /// Sets `characters` aside for `provider`, or refuses when a cap would be
    /// passed. `None` when the provider has no cap.
    pub async fn reserve(&self, provider: &str, characters: u64) -> Result<Option<Reservation>, MtError> {
        let Some(caps) = self.caps.get(provider) else {
            return Ok(None);
        };
        let now = Utc::now();
        let counters = self.counters(provider, caps, now);
        let (totals, in_redis) = self.add(&counters, characters, now).await;
        let reservation = Reservation {
            provider: provider.to_owned(),
            counters,
            characters,
            in_redis,
        };
        let over = reservation
            .counters
            .iter()
            .zip(&totals)
            .find(|(counter, total)| **total > counter.cap);
        if let Some((counter, _)) = over {
            let error = MtError::BudgetSpent {
                provider: provider.to_owned(),
                period: counter.period.name(),
                cap: counter.cap,
                resets_in: (counter.window.ends - now).to_std().unwrap_or_default(),
            };
            let after_rollback: Vec<u64> = totals.iter().map(|total| total.saturating_sub(characters)).collect();
            show_remaining(provider, &reservation.counters, &after_rollback);
            self.release(reservation).await;
            metrics::counter!("alih_mt_budget_refused_total", "provider" => provider.to_owned()).increment(1);
            return Err(error);
        }
        show_remaining(provider, &reservation.counters, &totals);
        Ok(Some(reservation))
    }

    /// Gives the whole reservation back (the request was not answered).
    pub async fn release(&self, reservation: Reservation) {
        let characters = reservation.characters;
        self.give_back(reservation, characters).await;
    }

    /// Gives `characters` of the reservation back (requests that were not answered).
    pub async fn give_back(&self, reservation: Reservation, characters: u64) {
        if characters == 0 {
            return;
        }
        if reservation.in_redis
            && let Some(shared) = &self.shared
        {
            let mut pipeline = redis::pipe();
            for counter in &reservation.counters {
                pipeline.decr(&counter.key, characters).ignore();
            }
            // A failed give-back leaves the counter high: the cap errs on the safe side.
            let _ = shared.link.query::<()>("budget give-back", &pipeline).await;
            return;
        }
        let mut local = self.lock_local();
        for counter in &reservation.counters {
            if let Some(count) = local.get_mut(&counter.key) {
                count.used = count.used.saturating_sub(characters);
            }
        }
        drop(local);
        tracing::trace!(provider = reservation.provider, characters, "Budget given back.");
    }

    fn counters(&self, provider: &str, caps: &ProviderBudget, now: DateTime<Utc>) -> Vec<Counter> {
        let prefix = self.shared.as_ref().map_or("alih", |shared| shared.prefix.as_str());
        [
            (Period::Day, caps.characters_per_day),
            (Period::Month, caps.characters_per_month),
        ]
        .into_iter()
        .filter_map(|(period, cap)| {
            let cap = cap?;
            let window = self.schedule.window(period, now);
            let key = budget_key(prefix, provider, period, &window.label);
            Some(Counter {
                key,
                period,
                cap,
                window,
            })
        })
        .collect()
    }

    /// Adds `characters` to every counter; the new totals, and whether Redis counted them.
    async fn add(&self, counters: &[Counter], characters: u64, now: DateTime<Utc>) -> (Vec<u64>, bool) {
        if let Some(shared) = &self.shared {
            let mut pipeline = redis::pipe();
            pipeline.atomic();
            for counter in counters {
                // Kept a day past its window, so `alih cache stats` can show yesterday's spend.
                let expires = counter.window.ends.timestamp() + 24 * 3600;
                pipeline
                    .incr(&counter.key, characters)
                    .expire_at(&counter.key, expires)
                    .ignore();
            }
            if let Ok(totals) = shared.link.query::<Vec<u64>>("budget count", &pipeline).await {
                return (totals, true);
            }
        }
        let mut local = self.lock_local();
        local.retain(|_, count| count.ends > now);
        let totals = counters
            .iter()
            .map(|counter| {
                let count = local.entry(counter.key.clone()).or_insert(LocalCount {
                    used: 0,
                    ends: counter.window.ends,
                });
                count.used += characters;
                count.used
            })
            .collect();
        (totals, false)
    }

    fn lock_local(&self) -> std::sync::MutexGuard<'_, HashMap<String, LocalCount>> {
        // Counters stay consistent under a panic elsewhere: each update is one addition.
        self.local.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The Redis key counting `provider`'s characters in one window.
pub(crate) fn budget_key(prefix: &str, provider: &str, period: Period, label: &str) -> String {
    format!("{prefix}:budget:{provider}:{}:{label}", period.name())
}

/// Sets `alih_mt_budget_remaining{provider}` to the smallest headroom of its windows.
fn show_remaining(provider: &str, counters: &[Counter], totals: &[u64]) {
    let remaining = counters
        .iter()
        .zip(totals)
        .map(|(counter, total)| counter.cap.saturating_sub(*total))
        .min();
    if let Some(remaining) = remaining {
        metrics::gauge!("alih_mt_budget_remaining", "provider" => provider.to_owned()).set(remaining as f64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capped(per_day: u64) -> Budget {
        let mut config = MtConfig::default();
        config.budget.characters_per_day = Some(per_day);
        Budget::new(&config, &["libretranslate"], None).unwrap()
    }

    #[tokio::test]
    async fn a_reservation_past_the_cap_is_refused_and_rolled_back() {
        let budget = capped(100);
        let first = budget.reserve("libretranslate", 60).await.unwrap();
        assert!(first.is_some());
        let refused = budget.reserve("libretranslate", 50).await.unwrap_err();
        assert!(
            matches!(
                refused,
                MtError::BudgetSpent {
                    cap: 100,
                    period: "day",
                    ..
                }
            ),
            "{refused}"
        );
        // The refused 50 were rolled back: 40 still fit.
        assert!(budget.reserve("libretranslate", 40).await.unwrap().is_some());
        assert!(budget.reserve("libretranslate", 1).await.is_err());
    }

    #[tokio::test]
    async fn characters_of_a_failed_request_are_given_back() {
        let budget = capped(100);
        let reservation = budget.reserve("libretranslate", 100).await.unwrap().unwrap();
        budget.give_back(reservation, 30).await;
        assert!(budget.reserve("libretranslate", 30).await.unwrap().is_some());
        assert!(budget.reserve("libretranslate", 1).await.is_err());
    }

    #[tokio::test]
    async fn a_provider_without_caps_is_not_counted() {
        let budget = capped(10);
        assert!(budget.reserve("apertium", 1_000_000).await.unwrap().is_none());
    }
}
