//! In-process throttling of the identity endpoints (sign-in, sign-up, password reset,
//! invitations) with growing delays: a few free failures, then a wait that doubles with each
//! further failure up to a cap, forgotten after a quiet period. Memory is bounded.
//!
//! Keys are strings chosen by the caller, such as `ip:203.0.113.7` or
//! `account:maya@example.com`; a handler usually checks both and records a failure on both.
//! The state lives in this process only: several server processes each keep their own.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How failures turn into waiting time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Failures allowed before any delay applies.
    pub free_attempts: u32,
    /// Delay after the first failure beyond the free ones; doubles with each further failure.
    pub base_delay: Duration,
    /// Largest delay.
    pub max_delay: Duration,
    /// A key with no failure for this long starts afresh.
    pub forget_after: Duration,
}

impl Default for Policy {
    /// 5 free failures, then 1 s, 2 s, 4 s ... up to 15 minutes; forgotten after 1 hour.
    fn default() -> Self {
        Policy {
            free_attempts: 5,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(60 * 60),
        }
    }
}

impl Policy {
    /// The wait imposed after `failures` failures.
    pub fn delay_after(&self, failures: u32) -> Duration {
        let Some(over) = failures.checked_sub(self.free_attempts) else {
            return Duration::ZERO;
        };
        if over == 0 {
            return Duration::ZERO;
        }
        // 2^(over-1), saturating well before overflow; the cap applies anyway.
        let factor = 1u32.checked_shl(over - 1).unwrap_or(u32::MAX);
        self.base_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }
}

/// Most keys tracked at once; beyond it expired entries go first, then the oldest.
pub const DEFAULT_MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    last_failure: Instant,
    /// Wait imposed from `last_failure` on (kept as a duration: no `Instant` overflow).
    delay: Duration,
}

/// The throttle: a map from key to its recent failures.
#[derive(Debug)]
pub struct Limiter {
    policy: Policy,
    max_entries: usize,
    entries: Mutex<HashMap<String, Entry>>,
}

impl Limiter {
    /// A limiter with `policy`, tracking at most [`DEFAULT_MAX_ENTRIES`] keys.
    pub fn new(policy: Policy) -> Self {
        Self::with_capacity(policy, DEFAULT_MAX_ENTRIES)
    }

    /// A limiter tracking at most `max_entries` keys (at least 1).
    pub fn with_capacity(policy: Policy, max_entries: usize) -> Self {
        Limiter {
            policy,
            max_entries: max_entries.max(1),
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// `Err(retry_after)` while `key` must still wait; nothing is recorded.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        self.check_at(key, Instant::now())
    }

    /// Records a failure for `key` (a wrong password, say), growing its delay.
    pub fn failure(&self, key: &str) {
        self.failure_at(key, Instant::now());
    }

    /// Forgets `key`'s failures (after a successful sign-in).
    pub fn success(&self, key: &str) {
        self.lock().remove(key);
    }

    /// For endpoints where every request counts (reset requests, sign-ups): refuses with
    /// `Err(retry_after)` while `key` must wait, otherwise lets the request through and counts
    /// it as a failure.
    pub fn hit(&self, key: &str) -> Result<(), Duration> {
        self.hit_at(key, Instant::now())
    }

    /// Number of keys tracked (expired ones included until they are swept).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no key is tracked.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// [`Limiter::check`] at a given time (tests drive the clock).
    pub fn check_at(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let mut entries = self.lock();
        self.check_locked(&mut entries, key, now)
    }

    /// [`Limiter::failure`] at a given time.
    pub fn failure_at(&self, key: &str, now: Instant) {
        let mut entries = self.lock();
        self.failure_locked(&mut entries, key, now);
    }

    /// [`Limiter::hit`] at a given time.
    pub fn hit_at(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let mut entries = self.lock();
        self.check_locked(&mut entries, key, now)?;
        self.failure_locked(&mut entries, key, now);
        Ok(())
    }

    /// Drops every entry quiet for longer than `forget_after`.
    pub fn sweep_at(&self, now: Instant) {
        let mut entries = self.lock();
        self.sweep_locked(&mut entries, now);
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock cannot leave the map half-updated in a harmful way
        // (each update is a single insert or remove), so a poisoned lock is still usable.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Quiet for `forget_after` (and no longer blocked, should `max_delay` be the longer).
    fn expired(&self, entry: &Entry, now: Instant) -> bool {
        now.saturating_duration_since(entry.last_failure)
            >= self.policy.forget_after.max(entry.delay)
    }

    fn check_locked(
        &self,
        entries: &mut HashMap<String, Entry>,
        key: &str,
        now: Instant,
    ) -> Result<(), Duration> {
        let Some(entry) = entries.get(key) else {
            return Ok(());
        };
        if self.expired(entry, now) {
            entries.remove(key);
            return Ok(());
        }
        let wait = entry
            .delay
            .saturating_sub(now.saturating_duration_since(entry.last_failure));
        if wait.is_zero() { Ok(()) } else { Err(wait) }
    }

    fn failure_locked(&self, entries: &mut HashMap<String, Entry>, key: &str, now: Instant) {
        let failures = match entries.get(key) {
            Some(entry) if !self.expired(entry, now) => entry.failures.saturating_add(1),
            _ => 1,
        };
        if !entries.contains_key(key) && entries.len() >= self.max_entries {
            self.make_room(entries, now);
        }
        entries.insert(
            key.to_owned(),
            Entry {
                failures,
                last_failure: now,
                delay: self.policy.delay_after(failures),
            },
        );
    }

    fn sweep_locked(&self, entries: &mut HashMap<String, Entry>, now: Instant) {
        entries.retain(|_, entry| !self.expired(entry, now));
    }

    /// Frees at least one slot: expired entries first; if none, the oldest tenth (so a flood
    /// of new keys costs one O(n) pass per n/10 insertions, not one per insertion).
    fn make_room(&self, entries: &mut HashMap<String, Entry>, now: Instant) {
        self.sweep_locked(entries, now);
        if entries.len() < self.max_entries {
            return;
        }
        let evict = (self.max_entries / 10).max(1);
        let mut by_age: Vec<(Instant, String)> = entries
            .iter()
            .map(|(key, entry)| (entry.last_failure, key.clone()))
            .collect();
        by_age.select_nth_unstable_by_key(evict - 1, |(at, _)| *at);
        for (_, key) in by_age.into_iter().take(evict) {
            entries.remove(&key);
        }
    }
}

impl Default for Limiter {
    fn default() -> Self {
        Limiter::new(Policy::default())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const S: Duration = Duration::from_secs(1);

    fn policy() -> Policy {
        Policy::default()
    }

    /// Records `n` failures at `now` (each allowed: tests move the clock themselves).
    fn fail(limiter: &Limiter, key: &str, n: u32, now: Instant) {
        for _ in 0..n {
            limiter.failure_at(key, now);
        }
    }

    #[test]
    fn free_attempts_pass() {
        let limiter = Limiter::new(policy());
        let t0 = Instant::now();
        for _ in 0..5 {
            assert_eq!(limiter.check_at("ip:1.2.3.4", t0), Ok(()));
            limiter.failure_at("ip:1.2.3.4", t0);
        }
        // Five failures are free: no wait yet.
        assert_eq!(limiter.check_at("ip:1.2.3.4", t0), Ok(()));
        limiter.failure_at("ip:1.2.3.4", t0);
        assert_eq!(limiter.check_at("ip:1.2.3.4", t0), Err(S));
        // Other keys are unaffected.
        assert_eq!(limiter.check_at("ip:5.6.7.8", t0), Ok(()));
    }

    #[test]
    fn delays_double_then_cap() {
        let p = policy();
        let expected: Vec<Duration> = (0..=16).map(|n| p.delay_after(n)).collect();
        assert_eq!(expected[5], Duration::ZERO);
        assert_eq!(expected[6], S);
        assert_eq!(expected[7], 2 * S);
        assert_eq!(expected[8], 4 * S);
        assert_eq!(expected[15], 512 * S);
        assert_eq!(expected[16], p.max_delay, "1024 s is capped at 900 s");
        assert_eq!(p.delay_after(u32::MAX), p.max_delay);
        assert_eq!(p.delay_after(40), p.max_delay);

        let limiter = Limiter::new(p);
        let t0 = Instant::now();
        fail(&limiter, "k", 8, t0);
        assert_eq!(limiter.check_at("k", t0), Err(4 * S));
        assert_eq!(limiter.check_at("k", t0 + 3 * S), Err(S));
        assert_eq!(limiter.check_at("k", t0 + 4 * S), Ok(()));
        fail(&limiter, "k", 100, t0);
        assert_eq!(limiter.check_at("k", t0), Err(p.max_delay));
    }

    #[test]
    fn success_resets() {
        let limiter = Limiter::new(policy());
        let t0 = Instant::now();
        fail(&limiter, "account:maya@example.com", 9, t0);
        assert!(limiter.check_at("account:maya@example.com", t0).is_err());
        limiter.success("account:maya@example.com");
        assert_eq!(limiter.check_at("account:maya@example.com", t0), Ok(()));
        // Counting starts over: five free failures again.
        fail(&limiter, "account:maya@example.com", 5, t0);
        assert_eq!(limiter.check_at("account:maya@example.com", t0), Ok(()));
        assert!(limiter.is_empty() || limiter.len() == 1);
    }

    #[test]
    fn forget_after_clears() {
        let p = policy();
        let limiter = Limiter::new(p);
        let t0 = Instant::now();
        fail(&limiter, "k", 30, t0);
        assert_eq!(limiter.check_at("k", t0), Err(p.max_delay));
        let later = t0 + p.forget_after;
        assert_eq!(limiter.check_at("k", later), Ok(()));
        assert_eq!(limiter.len(), 0, "checking an expired key drops it");
        // A failure after the quiet period counts as the first one.
        fail(&limiter, "k", 30, t0);
        limiter.failure_at("k", later);
        assert_eq!(limiter.check_at("k", later), Ok(()));
        fail(&limiter, "j", 1, t0);
        assert_eq!(limiter.len(), 2);
        limiter.sweep_at(later + S);
        assert_eq!(limiter.len(), 1, "only k, which failed at `later`, is left");
    }

    #[test]
    fn hit_counts_every_request() {
        let limiter = Limiter::new(policy());
        let t0 = Instant::now();
        for _ in 0..6 {
            assert_eq!(limiter.hit_at("reset:ip:1.2.3.4", t0), Ok(()));
        }
        // The sixth request was the first over the free ones: now a 1 s wait.
        assert_eq!(limiter.hit_at("reset:ip:1.2.3.4", t0), Err(S));
        // A refused hit does not grow the delay.
        assert_eq!(limiter.hit_at("reset:ip:1.2.3.4", t0), Err(S));
        assert_eq!(limiter.hit_at("reset:ip:1.2.3.4", t0 + S), Ok(()));
        assert_eq!(limiter.check_at("reset:ip:1.2.3.4", t0 + S), Err(2 * S));
    }

    #[test]
    fn memory_is_bounded() {
        let limiter = Limiter::with_capacity(policy(), 1_000);
        let t0 = Instant::now();
        for i in 0..10_000u32 {
            limiter.failure_at(&format!("ip:{i}"), t0 + Duration::from_millis(u64::from(i)));
            assert!(limiter.len() <= 1_000);
        }
        // The newest keys survive, the oldest went first.
        let now = t0 + Duration::from_secs(10);
        assert!(limiter.len() > 900);
        fail(&limiter, "ip:9999", 10, now);
        assert!(limiter.check_at("ip:9999", now).is_err());
        assert!(limiter.lock().get("ip:0").is_none());
    }

    #[test]
    fn expired_entries_go_before_live_ones() {
        let p = policy();
        let limiter = Limiter::with_capacity(p, 3);
        let t0 = Instant::now();
        fail(&limiter, "old", 1, t0);
        fail(&limiter, "a", 10, t0 + p.forget_after);
        fail(&limiter, "b", 10, t0 + p.forget_after);
        fail(&limiter, "c", 10, t0 + p.forget_after + S);
        assert_eq!(limiter.len(), 3);
        assert!(limiter.lock().get("old").is_none());
        assert!(limiter.check_at("a", t0 + p.forget_after + S).is_err());
    }

    #[test]
    fn a_delay_longer_than_forget_after_is_still_served() {
        let p = Policy {
            max_delay: Duration::from_secs(7200),
            base_delay: Duration::from_secs(7200),
            ..Policy::default()
        };
        let limiter = Limiter::new(p);
        let t0 = Instant::now();
        fail(&limiter, "k", 6, t0);
        let later = t0 + p.forget_after;
        assert_eq!(limiter.check_at("k", later), Err(Duration::from_secs(3600)));
        limiter.sweep_at(later);
        assert_eq!(limiter.len(), 1);
        assert_eq!(
            limiter.check_at("k", t0 + Duration::from_secs(7200)),
            Ok(())
        );
    }

    #[test]
    fn default_limiter_uses_default_policy() {
        let limiter = Limiter::default();
        assert_eq!(*limiter.policy(), Policy::default());
        assert!(limiter.check("anything").is_ok());
        limiter.failure("anything");
        assert!(limiter.hit("anything").is_ok());
        limiter.success("anything");
        assert!(limiter.is_empty());
    }
}
