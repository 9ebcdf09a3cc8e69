//! Serde helpers shared by the configuration structs: human durations
//! (`"30s"`, `"1m"`) and lists that also accept one comma-separated string,
//! which is how lists arrive from `ALIH_SECTION__KEY` environment variables.
//!
//! Hand-written visitors rather than `#[serde(untagged)]` enums: an untagged
//! enum fails with "data did not match any variant of untagged enum Raw",
//! which tells a user nothing; a visitor's `expecting` names the form.

use std::time::Duration;

use serde::{Deserialize, Deserializer, Serializer, de};

/// `"30s"`, `"1m 30s"`, `"250ms"` ↔ [`Duration`].
///
/// A bare number is refused: `timeout = 30` could mean seconds or
/// milliseconds, and the error shows the form with a unit instead.
pub mod duration {
    use super::*;

    /// What a duration looks like, for error messages.
    pub const EXPECTED: &str = "a duration with a unit, like \"30s\", \"2m\" or \"250ms\"";

    /// Accepts duration text (or, with `allow_empty`, `""` for none);
    /// anything else is an invalid type whose message shows [`EXPECTED`].
    pub(super) struct DurationVisitor {
        pub(super) allow_empty: bool,
    }

    impl de::Visitor<'_> for DurationVisitor {
        type Value = Option<Duration>;

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str(EXPECTED)
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            if self.allow_empty && text.trim().is_empty() {
                return Ok(None);
            }
            match parse(text) {
                Ok(duration) => Ok(Some(duration)),
                Err(_) => Err(E::invalid_value(de::Unexpected::Str(text), &self)),
            }
        }
    }

    /// Reads a humantime duration string.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        let duration = deserializer.deserialize_any(DurationVisitor { allow_empty: false })?;
        Ok(duration.expect("an empty duration is refused by the visitor"))
    }

    /// Writes the duration back in humantime form.
    pub fn serialize<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&humantime::format_duration(*value).to_string())
    }

    /// Parses one duration, naming the accepted form when it fails.
    pub fn parse(text: &str) -> Result<Duration, String> {
        let text = text.trim();
        if text.parse::<f64>().is_ok() {
            return Err(format!("{text:?} has no unit; write {EXPECTED}"));
        }
        humantime::parse_duration(text).map_err(|_| format!("{text:?} is not {EXPECTED}"))
    }
}

/// A list given as a TOML/JSON array or as one comma-separated string.
pub mod list {
    use super::*;

    /// Collects a list's items as text, whichever form it came in.
    struct ItemsVisitor;

    impl<'de> de::Visitor<'de> for ItemsVisitor {
        type Value = Vec<String>;

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a list like [\"a\", \"b\"] or a comma-separated string \"a,b\"")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(text.split(',').map(str::to_owned).collect())
        }

        fn visit_u64<E: de::Error>(self, number: u64) -> Result<Self::Value, E> {
            Ok(vec![number.to_string()])
        }

        fn visit_i64<E: de::Error>(self, number: i64) -> Result<Self::Value, E> {
            Ok(vec![number.to_string()])
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
            let mut texts = Vec::new();
            while let Some(item) = items.next_element::<Item>()? {
                texts.push(item.0);
            }
            Ok(texts)
        }
    }

    /// One list item: text, or a whole number taken as its text.
    struct Item(String);

    impl<'de> Deserialize<'de> for Item {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct ItemVisitor;
            impl de::Visitor<'_> for ItemVisitor {
                type Value = Item;
                fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                    formatter.write_str("a list item as text")
                }
                fn visit_str<E: de::Error>(self, text: &str) -> Result<Item, E> {
                    Ok(Item(text.to_owned()))
                }
                fn visit_u64<E: de::Error>(self, number: u64) -> Result<Item, E> {
                    Ok(Item(number.to_string()))
                }
                fn visit_i64<E: de::Error>(self, number: i64) -> Result<Item, E> {
                    Ok(Item(number.to_string()))
                }
            }
            deserializer.deserialize_any(ItemVisitor)
        }
    }

    /// Accepts `["a", "b"]` or `"a,b"` (blank items dropped).
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        let items = deserializer.deserialize_any(ItemsVisitor)?;
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

    /// `None` for absent, otherwise a duration string or `""`.
    struct OptionalVisitor;

    impl<'de> de::Visitor<'de> for OptionalVisitor {
        type Value = Option<Duration>;

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str(duration::EXPECTED)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(duration::DurationVisitor { allow_empty: true })
        }
    }

    /// Accepts a duration string, or `""` for none.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
        deserializer.deserialize_option(OptionalVisitor)
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
            .map_err(|_| de::Error::custom("api_key must be text (its value is not shown: it is a secret)"))?
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
