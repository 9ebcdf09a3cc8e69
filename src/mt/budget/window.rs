//! Budget windows: which day or month a moment falls in, given the hour and
//! UTC offset at which the budget resets. Pure.

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate, NaiveTime, TimeZone, Utc};

/// When budget windows begin: `reset_at` local time in a fixed `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Schedule {
    /// Local time of day a window begins.
    pub reset_at: NaiveTime,
    /// The fixed offset from UTC of that local time.
    pub offset: FixedOffset,
}

/// The two kinds of window a cap can apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    /// `characters_per_day`.
    Day,
    /// `characters_per_month`.
    Month,
}

impl Period {
    /// `day` or `month`, as in key names, messages and `mt.budget.characters_per_<period>`.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Month => "month",
        }
    }
}

/// One day or month of budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Window {
    /// `2026-12-03` for a day, `2026-12` for a month: the local date it began on.
    pub label: String,
    /// When the next window begins.
    pub ends: DateTime<Utc>,
}

impl Schedule {
    /// The window of `period` that `now` falls in.
    pub fn window(&self, period: Period, now: DateTime<Utc>) -> Window {
        let local = now.with_timezone(&self.offset).naive_local();
        let (start, end) = match period {
            Period::Day => {
                let today = local.date();
                let start = if local.time() < self.reset_at {
                    today.pred_opt().unwrap_or(today)
                } else {
                    today
                };
                (start, start.succ_opt().unwrap_or(start))
            }
            Period::Month => {
                let first = local.date().with_day(1).expect("every month has a first day");
                let start = if local < first.and_time(self.reset_at) {
                    first.checked_sub_months(Months::new(1)).unwrap_or(first)
                } else {
                    first
                };
                (start, start.checked_add_months(Months::new(1)).unwrap_or(start))
            }
        };
        let label = match period {
            Period::Day => start.format("%Y-%m-%d").to_string(),
            Period::Month => start.format("%Y-%m").to_string(),
        };
        Window {
            label,
            ends: self.instant(end),
        }
    }

    /// `reset_at` on `date`, local, as UTC. A fixed offset maps every local time to one instant.
    fn instant(&self, date: NaiveDate) -> DateTime<Utc> {
        self.offset
            .from_local_datetime(&date.and_time(self.reset_at))
            .single()
            .expect("a fixed offset has exactly one instant per local time")
            .with_timezone(&Utc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(reset_at: &str, offset_hours: i32, period: Period, now: &str, expected: (&str, &str)) {
        let schedule = Schedule {
            reset_at: NaiveTime::parse_from_str(reset_at, "%H:%M").unwrap(),
            offset: FixedOffset::east_opt(offset_hours * 3600).unwrap(),
        };
        let now: DateTime<Utc> = now.parse().unwrap();
        let window = schedule.window(period, now);
        let ends = window.ends.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        assert_eq!(
            (window.label.as_str(), ends.as_str()),
            expected,
            "{reset_at} {offset_hours:+} {period:?} {now}"
        );
    }

    #[test]
    fn windows_begin_at_the_reset_time_in_the_configured_offset() {
        use Period::{Day, Month};
        check(
            "00:00",
            0,
            Day,
            "2026-12-03T18:00:00Z",
            ("2026-12-03", "2026-12-04T00:00:00Z"),
        );
        // 18:00 UTC is 01:00 the next day in Jakarta.
        check(
            "00:00",
            7,
            Day,
            "2026-12-03T18:00:00Z",
            ("2026-12-04", "2026-12-04T17:00:00Z"),
        );
        // Before the 06:00 reset, the day is still yesterday's.
        check(
            "06:00",
            7,
            Day,
            "2026-12-03T23:30:00Z",
            ("2026-12-04", "2026-12-04T23:00:00Z"),
        );
        check(
            "06:00",
            7,
            Day,
            "2026-12-03T22:30:00Z",
            ("2026-12-03", "2026-12-03T23:00:00Z"),
        );
        check(
            "00:00",
            0,
            Month,
            "2026-12-31T23:59:59Z",
            ("2026-12", "2027-01-01T00:00:00Z"),
        );
        check(
            "00:00",
            7,
            Month,
            "2026-12-31T17:00:00Z",
            ("2027-01", "2027-01-31T17:00:00Z"),
        );
        // On the first of the month before the reset time, it is still last month.
        check(
            "06:00",
            0,
            Month,
            "2027-03-01T05:59:00Z",
            ("2027-02", "2027-03-01T06:00:00Z"),
        );
    }
}
