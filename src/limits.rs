//! The ranges every number a user gives must lie in, and the parsers clap uses for the numeric
//! options. A value outside its range is refused with a Dutch message that names the option
//! (here) or the key (`scenario::check_ranges`) or the cell (`input::validate`), so that no
//! huge or odd value reaches a duration, a date or the model.

/// Longest solver time limit: a day. A plan that needs more is not a plan a user waits for, and
/// `Duration` arithmetic on larger values overflows.
pub const MAX_TIME_LIMIT_S: f64 = 86_400.0;
/// Longest interval between two progress lines: an hour.
pub const MAX_PROGRESS_EVERY_S: f64 = 3_600.0;
/// Shortest interval between two progress lines: a hundredth of a second (anything shorter
/// floods the terminal).
pub const MIN_PROGRESS_EVERY_S: f64 = 0.01;
/// Longest lead time of a flora & fauna permit: ten years.
pub const MAX_PERMIT_LEAD_WEEKS: u32 = 520;
/// Slowest pace of a project: one home a year.
pub const MIN_HOMES_PER_MONTH: f64 = 1.0 / 12.0;
/// Largest usable area of one home. The largest Dutch homes stay far below; a larger figure is
/// a typo (1e9 instead of 100) and would block its whole project.
pub const MAX_AREA_M2: f64 = 10_000.0;
/// Smallest usable area of one home: the Bouwbesluit asks at least 18 m² of a self-contained
/// home; 10 m² leaves room for odd registrations and still catches a typo such as 1,234 for
/// 1.234 (a decimal comma where a thousands dot was meant).
pub const MIN_AREA_M2: f64 = 10.0;
/// Above this usable area a home is warned about (still planned): social housing homes stay far
/// below, and 1.234 read as 1,234 m² may be a decimal point where a comma was meant.
pub const LARGE_AREA_M2: f64 = 1_000.0;
/// Largest EP2 (kWh/m² per year) that makes sense: G starts at 380, and the highest registered
/// label in `shared/data/nta8800-registered-labels.tsv` has 2,968; 10,000 leaves room for odd
/// but real homes and still catches a typo such as 1e6.
pub const MAX_EP2_KWH_M2: f64 = 10_000.0;
/// Largest cost of one package for one home, fixed or per m² (euros at the price level).
pub const MAX_PACKAGE_EUR: f64 = 1_000_000.0;
/// Largest budget of one year (euros) or capacity (homes in progress per month).
pub const MAX_BUDGET_EUR: f64 = 1e12;
pub const MAX_CAPACITY_HOMES: f64 = 1e7;
/// Excel's limit on the characters in one cell; a longer text cannot be written to the plan.
pub const MAX_CELL_CHARS: usize = 32_767;

/// A number as typed on the command line, with a decimal point or comma (`1,5`); `None` for
/// anything else.
fn parse_number(text: &str) -> Option<f64> {
    text.trim().replace(',', ".").parse().ok()
}

/// `--time-limit SECONDS`: more than 0 and at most a day.
pub fn time_limit_s(text: &str) -> Result<f64, String> {
    let v = parse_number(text)
        .ok_or_else(|| format!("--tijdslimiet moet een getal (seconden) zijn, niet '{text}'"))?;
    if v.is_nan() {
        return Err(format!(
            "--tijdslimiet moet een getal (seconden) zijn, niet '{text}'"
        ));
    }
    if v <= 0.0 {
        return Err(format!(
            "--tijdslimiet moet groter dan 0 zijn (seconden), niet {text}"
        ));
    }
    if v > MAX_TIME_LIMIT_S {
        return Err(format!(
            "--tijdslimiet mag hoogstens {} seconden (een dag) zijn, niet {text}",
            crate::nl_format::given(MAX_TIME_LIMIT_S)
        ));
    }
    Ok(v)
}

/// `--progress-every SECONDS`: more than 0 and at most an hour.
pub fn progress_every_s(text: &str) -> Result<f64, String> {
    let v = parse_number(text)
        .ok_or_else(|| format!("--voortgang-elke moet een getal (seconden) zijn, niet '{text}'"))?;
    if v.is_nan() {
        return Err(format!(
            "--voortgang-elke moet een getal (seconden) zijn, niet '{text}'"
        ));
    }
    if v <= 0.0 {
        return Err(format!(
            "--voortgang-elke moet groter dan 0 zijn (seconden), niet {text}"
        ));
    }
    if !(MIN_PROGRESS_EVERY_S..=MAX_PROGRESS_EVERY_S).contains(&v) {
        return Err(format!(
            "--voortgang-elke moet tussen {} en {MAX_PROGRESS_EVERY_S} seconden (een uur) liggen, niet {text}",
            MIN_PROGRESS_EVERY_S.to_string().replace('.', ",")
        ));
    }
    Ok(v)
}

/// Most homes `retrofit generate` and `retrofit bench` make: ten million (the Dutch social
/// housing sector has about 2.3 million homes).
pub const MAX_GENERATED_HOMES: usize = 10_000_000;
/// Most corporations in a generated stock (the sector has about 280).
pub const MAX_CORPORATIONS: usize = 10_000;
/// Most runs of `retrofit bench` per size.
pub const MAX_RUNS: usize = 1_000;

fn whole_number(option: &str, text: &str, max: usize) -> Result<usize, String> {
    let shown = crate::input::values::thousands(max as i64);
    let v: usize = text.trim().parse().map_err(|_| {
        format!("{option} moet een geheel getal van 1 tot en met {shown} zijn, niet '{text}'")
    })?;
    if v < 1 {
        return Err(format!("{option} moet minstens 1 zijn, niet {text}"));
    }
    if v > max {
        return Err(format!("{option} mag hoogstens {shown} zijn, niet {text}"));
    }
    Ok(v)
}

/// `--homes N` of `generate` and `bench`: 1 to ten million.
pub fn homes_count(text: &str) -> Result<usize, String> {
    whole_number("--woningen", text, MAX_GENERATED_HOMES)
}

/// `--corporations K`: 1 to 10,000.
pub fn corporations_count(text: &str) -> Result<usize, String> {
    whole_number("--corporaties", text, MAX_CORPORATIONS)
}

/// `--runs R` of `bench`: 1 to 1,000.
pub fn runs_count(text: &str) -> Result<usize, String> {
    whole_number("--herhalingen", text, MAX_RUNS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_limit_range() {
        assert_eq!(time_limit_s("60"), Ok(60.0));
        assert_eq!(time_limit_s("1,5"), Ok(1.5));
        for bad in ["inf", "1e300", "-1", "0", "NaN", "abc", "86401"] {
            let err = time_limit_s(bad).unwrap_err();
            assert!(err.starts_with("--tijdslimiet m"), "{bad}: {err}");
        }
    }

    #[test]
    fn progress_range() {
        assert_eq!(progress_every_s("5"), Ok(5.0));
        for bad in ["1e300", "0", "-1", "inf", "0.001", "x"] {
            let err = progress_every_s(bad).unwrap_err();
            assert!(err.starts_with("--voortgang-elke m"), "{bad}: {err}");
        }
    }

    #[test]
    fn counts_range() {
        assert_eq!(homes_count("8000"), Ok(8000));
        for bad in ["0", "-1", "18446744073709551615", "1e6", "10000001", "x"] {
            let err = homes_count(bad).unwrap_err();
            assert!(err.starts_with("--woningen m"), "{bad}: {err}");
        }
        assert!(corporations_count("10001").is_err());
        assert!(runs_count("0").is_err());
    }
}
