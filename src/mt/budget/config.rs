//! The `[mt.budget]` section: how many characters each provider may be
//! sent per day and per month, and when those windows begin.

use std::collections::BTreeMap;

use chrono::{FixedOffset, NaiveTime};
use serde::{Deserialize, Serialize};

use super::window::Schedule;
use crate::mt::MtConfigError;

/// `mt.budget.*`. The limits directly under `[mt.budget]` are the primary
/// provider's (`mt.provider`); a fallback's sit under
/// `[mt.budget.providers.<name>]`. A provider without limits is not counted.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BudgetConfig {
    /// `mt.budget.characters_per_day`: the primary provider's daily cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub characters_per_day: Option<u64>,
    /// `mt.budget.characters_per_month`: the primary provider's monthly cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub characters_per_month: Option<u64>,
    /// `mt.budget.reset_at`: local time (`HH:MM`) at which the day (and, on
    /// the first of the month, the month) begins.
    pub reset_at: String,
    /// `mt.budget.utc_offset`: the fixed offset `reset_at` is read in, e.g.
    /// `+07:00` for Jakarta (WIB). A fixed offset, not a time-zone name:
    /// Indonesia keeps no daylight saving time.
    pub utc_offset: String,
    /// `mt.budget.providers.<name>`: caps of other providers of the chain.
    pub providers: BTreeMap<String, ProviderBudget>,
}

/// The caps of one provider.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProviderBudget {
    /// Characters per day; unset = no daily cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub characters_per_day: Option<u64>,
    /// Characters per month; unset = no monthly cap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub characters_per_month: Option<u64>,
}

impl Default for BudgetConfig {
    fn default() -> Self {
        BudgetConfig {
            characters_per_day: None,
            characters_per_month: None,
            reset_at: "00:00".into(),
            utc_offset: "+00:00".into(),
            providers: BTreeMap::new(),
        }
    }
}

impl ProviderBudget {
    /// Whether any cap is set.
    pub fn is_capped(&self) -> bool {
        self.characters_per_day.is_some() || self.characters_per_month.is_some()
    }
}

impl BudgetConfig {
    /// The caps of `provider`: the top-level ones for the primary (winning
    /// over its `providers` entry, as under `[mt]`), else its own entry.
    pub fn caps_of(&self, provider: &str, is_primary: bool) -> ProviderBudget {
        let own = self.providers.get(provider).copied().unwrap_or_default();
        if !is_primary {
            return own;
        }
        ProviderBudget {
            characters_per_day: self.characters_per_day.or(own.characters_per_day),
            characters_per_month: self.characters_per_month.or(own.characters_per_month),
        }
    }

    /// `reset_at` and `utc_offset`, checked.
    pub(crate) fn schedule(&self) -> Result<Schedule, MtConfigError> {
        let reset_at =
            NaiveTime::parse_from_str(self.reset_at.trim(), "%H:%M").map_err(|_| MtConfigError::Invalid {
                key: "mt.budget.reset_at".into(),
                reason: format!(
                    "{:?} is not a time of day; write it as HH:MM, e.g. \"00:00\"",
                    self.reset_at
                ),
            })?;
        let offset: FixedOffset = self.utc_offset.trim().parse().map_err(|_| MtConfigError::Invalid {
            key: "mt.budget.utc_offset".into(),
            reason: format!(
                "{:?} is not a UTC offset; write it as +HH:MM, e.g. \"+07:00\" for WIB",
                self.utc_offset
            ),
        })?;
        Ok(Schedule { reset_at, offset })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_level_caps_are_the_primarys_and_fallbacks_have_their_own() {
        let mut config = BudgetConfig {
            characters_per_day: Some(100),
            ..BudgetConfig::default()
        };
        config.providers.insert(
            "google".into(),
            ProviderBudget {
                characters_per_day: Some(5),
                characters_per_month: Some(50),
            },
        );
        assert_eq!(config.caps_of("deepl", true).characters_per_day, Some(100));
        assert_eq!(config.caps_of("google", false).characters_per_month, Some(50));
        assert!(!config.caps_of("libretranslate", false).is_capped());
    }

    #[test]
    fn a_bad_reset_time_or_offset_names_its_key() {
        for (reset_at, utc_offset, key) in [
            ("25:00", "+00:00", "mt.budget.reset_at"),
            ("midnight", "+00:00", "mt.budget.reset_at"),
            ("00:00", "Asia/Jakarta", "mt.budget.utc_offset"),
        ] {
            let config = BudgetConfig {
                reset_at: reset_at.into(),
                utc_offset: utc_offset.into(),
                ..BudgetConfig::default()
            };
            let error = config.schedule().unwrap_err().to_string();
            assert!(error.starts_with(key), "{error}");
        }
        let wib = BudgetConfig {
            reset_at: "06:30".into(),
            utc_offset: "+07:00".into(),
            ..BudgetConfig::default()
        };
        assert_eq!(wib.schedule().unwrap().offset.local_minus_utc(), 7 * 3600);
    }
}
