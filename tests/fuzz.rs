//! A deterministic property test of the importer and the scenario loader: seeded mutations of
//! the corpus in `tests/fixtures/corpus/` (a csv, an xlsx, a parquet file with dates, decimals
//! and small ints, a scenario) and generated sheets of
//! hostile values. Property: no panic, and either a result or a Dutch error with a place; a
//! stock that reads accounts for every row it read (homes + skipped rows), and a scenario that
//! loads can be prepared without a panic. Fixed seeds, so a failure reproduces; a few seconds.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Formula, Workbook};

use retrofit::input::{read_stock, InputError, ReadOptions};
use retrofit::scenario::Scenario;

/// xorshift64*: small, seeded, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(name)
}

/// Values a hostile or careless file holds.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "\0",
    "\u{7}",
    "=A1",
    "\"",
    "\"\"",
    ";",
    ",",
    "\t",
    "\n",
    "\r\n",
    "1e300",
    "-1e300",
    "inf",
    "NaN",
    "-0",
    "0",
    "-1",
    "99999999999999999999",
    "1.234,5",
    "72,5",
    "1000000000",
    "G",
    "A++++",
    "label Z",
    "EGW",
    "MGW",
    "ja",
    "sloop",
    "vleermuis, gierzwaluw",
    "01-09-2024",
    "31-02-2024",
    "9999-12-31",
    "\u{feff}",
    "Dieën",
    "\u{fffd}",
    "#N/B",
    "vhe",
    "complex",
];

fn hostile_text(rng: &mut Rng) -> String {
    if rng.below(30) == 0 {
        return "x".repeat(1 + rng.below(40_000));
    }
    (0..1 + rng.below(3)).map(|_| *rng.pick(HOSTILE)).collect()
}

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = bytes.len();
        match rng.below(6) {
            0 if len > 0 => {
                let i = rng.below(len);
                bytes[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                let j = (i + rng.below(64)).min(len);
                bytes.drain(i..j);
            }
            2 => {
                let i = rng.below(len + 1);
                let t = hostile_text(rng);
                bytes.splice(i..i, t.into_bytes());
            }
            3 => bytes.truncate(rng.below(len + 1)),
            4 if len > 0 => {
                let i = rng.below(len);
                let j = (i + rng.below(128)).min(len);
                let copy = bytes[i..j].to_vec();
                let at = rng.below(len + 1);
                bytes.splice(at..at, copy);
            }
            _ => {
                let i = rng.below(len + 1);
                let b = (rng.next() & 0xff) as u8;
                bytes.insert(i, b);
            }
        }
    }
    bytes
}

/// The property for one file: no panic; a stock accounts for its rows; an error says where.
fn assert_reads_or_explains(path: &Path, case: &str) {
    for skip in [false, true] {
        let options = ReadOptions {
            skip_invalid_rows: skip,
        };
        let result = catch_unwind(AssertUnwindSafe(|| read_stock(path, &options)))
            .unwrap_or_else(|_| panic!("{case}: the importer panicked"));
        match result {
            Ok(stock) => assert_eq!(
                stock.homes.len() + stock.skipped.len(),
                stock.rows_read,
                "{case}: rows lost"
            ),
            Err(InputError::Unreadable { reason, .. }) => {
                assert!(!reason.trim().is_empty(), "{case}: empty reason");
                assert!(!reason.contains("panicked"), "{case}: {reason}");
                // One Dutch sentence about the file, a line or a column.
                assert!(
                    ["bestand", "werkboek", "kolom", "regel"]
                        .iter()
                        .any(|w| reason.contains(w)),
                    "{case}: {reason}"
                );
            }
            Err(InputError::Invalid { problems, .. }) => {
                assert!(problems.iter().any(|p| p.is_error()), "{case}: no error");
                for p in &problems {
                    assert!(
                        !p.location.is_empty() && !p.message.is_empty(),
                        "{case}: {p}"
                    );
                }
            }
        }
    }
}

#[test]
fn mutated_csv_files_never_panic() {
    let seed = fs::read(corpus("stock.csv")).expect("corpus");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bezit.csv");
    let mut rng = Rng(0x5EED_0014);
    for i in 0..400 {
        fs::write(&path, mutate(&mut rng, &seed)).expect("write");
        assert_reads_or_explains(&path, &format!("csv mutation {i}"));
    }
}

#[test]
fn generated_csv_sheets_of_hostile_values_never_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bezit.csv");
    let header =
        "vhe;complex;woningtype;gbo_m2;energielabel;ep2;ff_soorten;ff_vergunning;strategie;plaats";
    let mut rng = Rng(0xC5F_0014);
    for i in 0..150 {
        let mut text = String::from(header);
        for r in 0..1 + rng.below(6) {
            text.push('\n');
            let mut cells = vec![
                format!("{r}"),
                "C1".into(),
                "EGW".into(),
                "80".into(),
                "G".into(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
                "Dieën".into(),
            ];
            for _ in 0..1 + rng.below(3) {
                let j = rng.below(cells.len());
                cells[j] = hostile_text(&mut rng);
            }
            text.push_str(&cells.join(";"));
        }
        let bytes = if rng.below(5) == 0 {
            text.encode_utf16().flat_map(u16::to_le_bytes).collect()
        } else {
            text.into_bytes()
        };
        fs::write(&path, bytes).expect("write");
        assert_reads_or_explains(&path, &format!("generated csv {i}"));
    }
}

#[test]
fn mutated_and_generated_workbooks_never_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bezit.xlsx");
    let seed = fs::read(corpus("good.xlsx")).expect("corpus");
    let mut rng = Rng(0x0A15_0014);
    for i in 0..80 {
        fs::write(&path, mutate(&mut rng, &seed)).expect("write");
        assert_reads_or_explains(&path, &format!("xlsx mutation {i}"));
    }
    let header = [
        "vhe",
        "complex",
        "woningtype",
        "gbo_m2",
        "energielabel",
        "ep2",
        "straat",
    ];
    for i in 0..40 {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let name = if rng.below(3) == 0 {
            "WONINGEN"
        } else {
            "Woningen"
        };
        ws.set_name(name).expect("name");
        for (j, h) in (0u16..).zip(header) {
            ws.write_string(0, j, h).expect("header");
        }
        for r in 1..1 + rng.below(6) as u32 {
            for j in 0..header.len() as u16 {
                let written = match rng.below(5) {
                    0 => ws.write_number(r, j, *rng.pick(&[80.0, -1.0, 1e300, 0.0, 1e9, 72.5])),
                    1 => ws.write_formula(r, j, Formula::new("=Bron!A1").set_result("")),
                    2 => ws.write_string(
                        r,
                        j,
                        hostile_text(&mut rng)
                            .chars()
                            .take(32_000)
                            .collect::<String>(),
                    ),
                    _ => {
                        ws.write_string(r, j, *rng.pick(&["1", "C1", "EGW", "G", "400", "Straat"]))
                    }
                };
                written.expect("cell");
            }
        }
        if rng.below(4) == 0 {
            ws.write_string(0, 16_383, "x").expect("xfd1");
        }
        wb.save(&path).expect("save");
        assert_reads_or_explains(&path, &format!("generated xlsx {i}"));
    }
}

#[test]
fn mutated_parquet_files_never_panic() {
    let seed = fs::read(corpus("typed.parquet")).expect("corpus");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bezit.parquet");
    let mut rng = Rng(0x9A59_0014);
    for i in 0..150 {
        fs::write(&path, mutate(&mut rng, &seed)).expect("write");
        assert_reads_or_explains(&path, &format!("parquet mutation {i}"));
    }
}

/// A stock with species, so that preparing exercises the permit dates.
fn species_stock(dir: &Path) -> retrofit::input::Stock {
    let path = dir.join("soorten.csv");
    fs::write(
        &path,
        "vhe;complex;woningtype;gbo_m2;energielabel;ff_soorten;gespikkeld\n1;C1;EGW;80;G;vleermuis;ja\n2;C1;MGW;60;F;gierzwaluw;nee\n3;C2;EGW;90;E;;nee\n",
    )
    .expect("write");
    read_stock(&path, &ReadOptions::default()).expect("species stock reads")
}

#[test]
fn mutated_scenarios_load_or_name_the_problem_and_never_panic() {
    let seed = fs::read_to_string(corpus("scenario.toml")).expect("corpus");
    let dir = tempfile::tempdir().expect("tempdir");
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    for f in ["catalog.toml", "species.toml"] {
        fs::copy(models.join(f), dir.path().join(f)).expect("copy");
    }
    let stock = species_stock(dir.path());
    let path = dir.path().join("scenario.toml");
    let numbers: Vec<usize> = seed
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            l.split_once(" = ").is_some_and(|(_, v)| {
                v.trim()
                    .trim_matches('"')
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
            })
        })
        .map(|(i, _)| i)
        .collect();
    let values = [
        "inf",
        "-inf",
        "nan",
        "1e300",
        "-1e300",
        "0",
        "-1",
        "20000000",
        "1e-10",
        "4294967296",
        "0.0001",
        "\"x\"",
        "\"2024-13\"",
        "\"9999-01\"",
        "1e15",
    ];
    let mut rng = Rng(0x5CE_0014);
    for i in 0..200 {
        let text = if rng.below(4) == 0 {
            String::from_utf8_lossy(&mutate(&mut rng, seed.as_bytes())).into_owned()
        } else {
            let mut lines: Vec<String> = seed.lines().map(String::from).collect();
            for _ in 0..1 + rng.below(3) {
                let n = *rng.pick(&numbers);
                let key = lines[n]
                    .split_once(" = ")
                    .map(|(k, _)| k.to_string())
                    .unwrap_or_default();
                lines[n] = format!("{key} = {}", rng.pick(&values));
            }
            lines.join("\n")
        };
        fs::write(&path, &text).expect("write");
        let case = format!("scenario {i}");
        let loaded = catch_unwind(AssertUnwindSafe(|| Scenario::load(&path)))
            .unwrap_or_else(|_| panic!("{case}: the loader panicked on\n{text}"));
        match loaded {
            Ok(scenario) => {
                catch_unwind(AssertUnwindSafe(|| {
                    retrofit::projects::prepare(&stock.homes, &scenario)
                }))
                .unwrap_or_else(|_| panic!("{case}: preparing panicked on\n{text}"));
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    msg.contains("scenario.toml") || msg.contains(".toml"),
                    "{case}: {msg}"
                );
            }
        }
    }
}
