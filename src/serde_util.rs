//! Serde helpers shared by the configuration structs: human durations
//! (`"30s"`, `"1m"`) and lists that also accept one comma-separated string,
//! which is how lists arrive from `ALIH_SECTION__KEY` environment variables.

use std::time::Duration;

use serde::{Deserialize, Deserializer, Serializer, de};

/// `"30s"`, `"1m 30s"`, `"250ms"` ↔ [`Duration`].
pub mod duration {
    use super::*;

    /// Reads a humantime duration string (a bare integer is taken as seconds).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Seconds(u64),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Seconds(seconds) => Ok(Duration::from_secs(seconds)),
            Raw::Text(text) => parse(&text).map_err(de::Error::custom),
        }
    }

    /// Writes the duration back in humantime form.
    pub fn serialize<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&humantime::format_duration(*value).to_string())
    }

    /// Parses one duration, naming the accepted forms when it fails.
    pub fn parse(text: &str) -> Result<Duration, String> {
        if let Ok(seconds) = text.trim().parse::<u64>() {
            return Ok(Duration::from_secs(seconds));
        }
        humantime::parse_duration(text.trim())
            .map_err(|error| format!("invalid duration {text:?} ({error}); write it like \"30s\", \"1m\" or \"250ms\""))
    }
}

/// A list given as a TOML/JSON array or as one comma-separated string.
pub mod list {
    use super::*;

    /// Accepts `["a", "b"]` or `"a,b"` (blank items dropped).
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(u64),
            Items(Vec<Item>),
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Item {
            Text(String),
            Number(u64),
        }
        let items: Vec<String> = match Raw::deserialize(deserializer)? {
            Raw::Text(text) => text.split(',').map(str::to_owned).collect(),
            Raw::Number(number) => vec![number.to_string()],
            Raw::Items(items) => items
                .into_iter()
                .map(|item| match item {
                    Item::Text(text) => text,
                    Item::Number(number) => number.to_string(),
                })
                .collect(),
        };
        items
            .iter()
            .map(|item| item.trim())
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse::<T>()
                    .map_err(|error| de::Error::custom(format!("{item:?}: {error}")))
            })
            .collect()
    }
}

/// A list of durations given as an array or a comma-separated string.
pub mod duration_list {
    use super::*;

    /// Accepts `["1s", "10s"]` or `"1s,10s"`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Duration>, D::Error> {
        let texts: Vec<String> = list::deserialize(deserializer)?;
        texts
            .iter()
            .map(|text| duration::parse(text).map_err(de::Error::custom))
            .collect()
    }

    /// Writes the durations back as humantime strings.
    pub fn serialize<S: Serializer>(values: &[Duration], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            values
                .iter()
                .map(|value| humantime::format_duration(*value).to_string()),
        )
    }
}

/// An optional duration; absent or `""` means none.
pub mod optional_duration {
    use super::*;

    /// Accepts a duration string, a number of seconds, or `""` for none.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Seconds(u64),
        }
        match Option::<Raw>::deserialize(deserializer)? {
            None => Ok(None),
            Some(Raw::Seconds(seconds)) => Ok(Some(Duration::from_secs(seconds))),
            Some(Raw::Text(text)) if text.trim().is_empty() => Ok(None),
            Some(Raw::Text(text)) => duration::parse(&text).map(Some).map_err(de::Error::custom),
        }
    }

    /// Writes the duration in humantime form (only called when present).
    pub fn serialize<S: Serializer>(value: &Option<Duration>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => duration::serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// A secret that may arrive looking like a number or a boolean (an
/// environment variable `ALIH_MT__API_KEY=12345` is parsed as an integer):
/// taken as its text, and never echoed in an error.
pub mod secret {
    use secrecy::SecretString;

    use super::*;

    /// Accepts a string, number or boolean as the secret's text.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<SecretString>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Unsigned(u64),
            Signed(i64),
            Float(f64),
            Flag(bool),
        }
        let text = match Option::<Raw>::deserialize(deserializer)
            .map_err(|_| de::Error::custom("must be a string (its value is not shown: it is a secret)"))?
        {
            None => return Ok(None),
            Some(Raw::Text(text)) => text,
            Some(Raw::Unsigned(number)) => number.to_string(),
            Some(Raw::Signed(number)) => number.to_string(),
            Some(Raw::Float(number)) => number.to_string(),
            Some(Raw::Flag(flag)) => flag.to_string(),
        };
        Ok(Some(SecretString::from(text)))
    }
}
