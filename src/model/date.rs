use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar date (effective dates, approvals). Validated on construction: the sources hold
/// dates written by hand, and "2025-02-30" must be caught by `check`, not printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=days).contains(&day) && (1900..=2200).contains(&year)).then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD` and `YYYY年M月D日`, as publishers write them).
    pub fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        let parts: Vec<&str> = if t.contains('年') {
            t.trim_end_matches('日').split(['年', '月']).collect()
        } else {
            t.split(['-', '/', '.']).collect()
        };
        match parts.as_slice() {
            [y, m, d] => Date::new(y.trim().parse().ok()?, m.trim().parse().ok()?, d.trim().parse().ok()?),
            _ => None,
        }
    }

    /// 2025年10月1日, the way official notices print dates.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms_and_rejects_impossible_dates() {
        assert_eq!(Date::parse("2025-10-01"), Date::new(2025, 10, 1));
        assert_eq!(Date::parse("2024年2月29日"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse("2025/3/7").map(|d| d.to_string()).as_deref(), Some("2025-03-07"));
        assert_eq!(Date::parse("2025-02-29"), None);
        assert_eq!(Date::parse("2025-13-01"), None);
        assert_eq!(Date::parse("明年"), None);
    }
}

impl Date {
    /// Today's date (UTC), for stamping a new release. Builds never depend on it. Honours
    /// `SOURCE_DATE_EPOCH` (reproducible-builds.org), so a script that re-makes releases from
    /// scratch can give them their real dates and get the same bytes on every run.
    pub fn today() -> Result<Date, String> {
        let secs = match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(value) => value.trim().parse::<u64>().map_err(|_| {
                format!("环境变量 SOURCE_DATE_EPOCH 的值“{value}”不是从 1970-01-01 起的秒数；请改正或者删除该变量")
            })?,
            Err(_) => {
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
            }
        };
        Ok(Date::from_days((secs / 86_400) as i64))
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + (month <= 2) as i64) as u16;
        Date { year, month, day }
    }
}

#[cfg(test)]
mod civil_tests {
    use super::Date;

    #[test]
    fn converts_days_to_civil_dates() {
        assert_eq!(Date::from_days(0), Date { year: 1970, month: 1, day: 1 });
        assert_eq!(Date::from_days(20_454), Date { year: 2026, month: 1, day: 1 });
        assert_eq!(Date::from_days(19_782), Date { year: 2024, month: 2, day: 29 });
    }
}
