//! The one table of input columns: canonical name, synonyms, type, whether required, the allowed
//! values of closed vocabularies, and the Dutch explanation and unit the template shows.
//!
//! The importer matches headers against this table and the template writes it, so a column added
//! here is read and documented at once.

/// What a column holds; decides how a cell is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Integer,
    Year,
    Number,
    Date,
    YesNo,
    Label,
    HomeType,
    Monument,
    Strategy,
    Status,
    SpeciesList,
}

impl ColumnType {
    /// The type as the template's explanation sheet names it.
    pub fn describe(self) -> &'static str {
        match self {
            ColumnType::Text => "tekst",
            ColumnType::Integer => "geheel getal",
            ColumnType::Year => "jaartal",
            ColumnType::Number => "getal",
            ColumnType::Date => "datum (dd-mm-jjjj)",
            ColumnType::YesNo => "ja / nee",
            ColumnType::Label => "energielabel",
            ColumnType::HomeType => "keuzelijst",
            ColumnType::Monument => "keuzelijst",
            ColumnType::Strategy => "keuzelijst",
            ColumnType::Status => "keuzelijst",
            ColumnType::SpeciesList => "lijst van soorten",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    Yes,
    No,
    /// Required unless the sheet has an `ep2` column (the label then follows from EP2).
    UnlessEp2,
}

/// The field a column fills; validation dispatches on this, never on header text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Vhe,
    Corporation,
    Complex,
    Block,
    Street,
    HouseNumber,
    Addition,
    Postcode,
    City,
    District,
    HomeType,
    BuildYear,
    Area,
    Label,
    Ep2,
    Monument,
    Strategy,
    DemolitionYear,
    PepperPotted,
    PrivateInBlock,
    Species,
    PermitDate,
    Status,
    MaintenanceYear,
    Year,
    BudgetEur,
    HomesPerMonth,
}

/// How many fields there are: [`Field`] as `usize` indexes an array of this length.
pub const FIELD_COUNT: usize = Field::HomesPerMonth as usize + 1;

/// A value for the template's example row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Example {
    None,
    Text(&'static str),
    Number(f64),
    /// Year, month, day.
    Date(i32, u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    pub field: Field,
    /// Canonical Dutch name, as the template writes it.
    pub name: &'static str,
    /// Other headers that mean this column; matched like the name (see [`normalize_header`]).
    pub synonyms: &'static [&'static str],
    pub kind: ColumnType,
    pub required: Required,
    /// Canonical values of a closed vocabulary (drop-down list in the template); empty otherwise.
    pub allowed: &'static [&'static str],
    /// Unit, empty when none.
    pub unit: &'static str,
    /// Dutch explanation for the template (at most 255 characters: Excel's input-message limit).
    pub description: &'static str,
    pub example: Example,
}

impl Column {
    pub fn is_required(&self) -> bool {
        self.required != Required::No
    }
}

pub const HOMES_SHEET: &str = "Woningen";
pub const BUDGET_SHEET: &str = "Budget";
pub const CAPACITY_SHEET: &str = "Capaciteit";
/// The template's explanation (src/output/template.rs).
pub const EXPLANATION_SHEET: &str = "Toelichting";

pub const LABELS: &[&str] = &[
    "A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G",
];
pub const HOME_TYPES: &[&str] = &["EGW", "MGW"];
pub const MONUMENTS: &[&str] = &["nee", "ja", "rijksmonument", "gemeentelijk monument"];
pub const STRATEGIES: &[&str] = &[
    "doorexploiteren",
    "renoveren",
    "sloop",
    "sloop mogelijk",
    "verkoop",
];
pub const YES_NO: &[&str] = &["ja", "nee"];
pub const STATUSES: &[&str] = &["uitgevoerd", "in uitvoering", "opname voldoende"];
/// Species the calendar knows; other names are kept with a warning.
pub const KNOWN_SPECIES: &[&str] = &["vleermuis", "gierzwaluw", "huismus"];

/// The columns of the `Woningen` sheet, in template order.
pub const HOME_COLUMNS: &[Column] = &[
    Column {
        field: Field::Vhe,
        name: "vhe",
        synonyms: &[
            "vhe_nummer",
            "vhe_nr",
            "verhuureenheid",
            "verhuureenheidnummer",
            "eenheid",
            "eenheidnummer",
            "eenheid_nr",
        ],
        kind: ColumnType::Text,
        required: Required::Yes,
        allowed: &[],
        unit: "",
        description: "Nummer van de verhuureenheid; uniek in het bestand.",
        example: Example::Text(EXAMPLE_VHE),
    },
    Column {
        field: Field::Corporation,
        name: "corporatie",
        synonyms: &["woningcorporatie", "corporation", "organisatie"],
        kind: ColumnType::Text,
        required: Required::No,
        allowed: &[],
        unit: "",
        description: "Naam van de corporatie, alleen nodig als het bestand woningen van meer corporaties bevat.",
        example: Example::None,
    },
    Column {
        field: Field::Complex,
        name: "complex",
        synonyms: &["complexnummer", "complex_nr", "complex_id"],
        kind: ColumnType::Text,
        required: Required::Yes,
        allowed: &[],
        unit: "",
        description: "Complexnummer; de woningen van een complex (en blok) vormen samen een project.",
        example: Example::Text("C001"),
    },
    Column {
        field: Field::Block,
        name: "blok",
        synonyms: &["gebouw", "bouwblok", "blok_nr", "bloknummer"],
        kind: ColumnType::Text,
        required: Required::No,
        allowed: &[],
        unit: "",
        description: "Bouwblok binnen het complex; als het is ingevuld vormt elk blok een eigen project.",
        example: Example::Text("1"),
    },
    Column {
        field: Field::Street,
        name: "straat",
        synonyms: &["straatnaam"],
        kind: ColumnType::Text,
        required: Required::No,
        allowed: &[],
        unit: "",
        description: "Straatnaam van het adres.",
        example: Example::Text("Voorbeeldstraat"),
    },
    Column {
        field: Field::HouseNumber,
        name: "huisnummer",
        synonyms: &["huisnr"],
        kind: ColumnType::Integer,
        required: Required::No,
        allowed: &[],
        unit: "",
        description: "Huisnummer (alleen het getal; een letter of toevoeging hoort in de kolom toevoeging).",
        example: Example::Number(12.0),
    },
    Column {
        field: Field::Addition,
        name: "toevoeging",
        synonyms: &["huisnummertoevoeging", "huisletter", "toev"],
        kind: ColumnType::Text,
        required: Required::No,
        allowed: &[],
        unit: "",
        description: "Huisletter of huisnummertoevoeging, bijvoorbeeld a of 2-hoog.",
        example: Example::Text("a"),
    },
    Column {
        field: Field::Postcode,
        name: "postcode",
        synonyms: &["pc"],
        kind: ColumnType::Text,
        required: Required::No,
        allowed: &[],
        unit: "",
        description: "Postcode, bijvoorbeeld 1234 AB.",
        example: Example::Text("1234 AB"),
    },
    Column {
        field: Field::City,
        name: "plaats",
        synonyms: &["woonplaats", "kern", "plaatsnaam"],
        kind: ColumnType::Text,
        required: Required::No,
        allowed: &[],
        unit: "",
        description: "Woonplaats of kern.",
        example: Example::Text("Voorbeeldstad"),
    },
    Column {
        field: Field::District,
        name: "wijk",
        synonyms: &["buurt", "wijknaam"],
        kind: ColumnType::Text,
        required: Required::No,
        allowed: &[],
        unit: "",
        description: "Wijk of buurt; staat in de lijst voor de gemeente.",
        example: Example::Text("Centrum"),
    },
    Column {
        field: Field::HomeType,
        name: "woningtype",
        synonyms: &["type", "soort", "type_woning", "woningsoort", "soort_woning"],
        kind: ColumnType::HomeType,
        required: Required::Yes,
        allowed: HOME_TYPES,
        unit: "",
        description: "EGW (eengezinswoning, grondgebonden) of MGW (meergezinswoning, appartement, flat, portiek, galerij).",
        example: Example::Text("EGW"),
    },
    Column {
        field: Field::BuildYear,
        name: "bouwjaar",
        synonyms: &["jaar_bouw"],
        kind: ColumnType::Year,
        required: Required::No,
        allowed: &[],
        unit: "jaar",
        description: "Bouwjaar van de woning.",
        example: Example::Number(1965.0),
    },
    Column {
        field: Field::Area,
        name: "gbo_m2",
        synonyms: &[
            "gbo",
            "gebruiksoppervlakte",
            "oppervlakte",
            "gebruiksoppervlak",
            "opp_m2",
            "oppervlakte_m2",
        ],
        kind: ColumnType::Number,
        required: Required::Yes,
        allowed: &[],
        unit: "m²",
        description: "Gebruiksoppervlakte (GBO) in m², groter dan 0; de kosten per m² rekenen hiermee.",
        example: Example::Number(85.5),
    },
    Column {
        field: Field::Label,
        name: "energielabel",
        synonyms: &["label", "huidig_label", "labelklasse"],
        kind: ColumnType::Label,
        required: Required::UnlessEp2,
        allowed: LABELS,
        unit: "",
        description: "Geregistreerd energielabel A++++ t/m G (ook 'Label E' of 'e'). Mag leeg als ep2 is ingevuld: dan volgt het label uit de EP2.",
        example: Example::Text("F"),
    },
    Column {
        field: Field::Ep2,
        name: "ep2",
        synonyms: &["ep2_kwh_m2", "beng2", "ep2_kwh_m2_jr", "primair_fossiel_energiegebruik"],
        kind: ColumnType::Number,
        required: Required::No,
        allowed: &[],
        unit: "kWh/m² per jaar",
        description: "Primair fossiel energiegebruik (EP2, NTA 8800) in kWh/m² per jaar, 0 of meer. Past het niet bij het label, dan volgt een waarschuwing en telt het geregistreerde label.",
        example: Example::Number(360.0),
    },
    Column {
        field: Field::Monument,
        name: "monument",
        synonyms: &["monumentstatus", "monumentaal"],
        kind: ColumnType::Monument,
        required: Required::No,
        allowed: MONUMENTS,
        unit: "",
        description: "nee, ja, rijksmonument of gemeentelijk monument; monumenten worden niet ingepland. Leeg betekent nee.",
        example: Example::Text("nee"),
    },
    Column {
        field: Field::Strategy,
        name: "strategie",
        synonyms: &["complexstrategie", "beleid"],
        kind: ColumnType::Strategy,
        required: Required::No,
        allowed: STRATEGIES,
        unit: "",
        description: "Complexstrategie: doorexploiteren, renoveren, sloop, sloop mogelijk of verkoop. Sloop, sloop mogelijk en verkoop worden niet ingepland.",
        example: Example::Text("doorexploiteren"),
    },
    Column {
        field: Field::DemolitionYear,
        name: "sloopjaar",
        synonyms: &["jaar_sloop"],
        kind: ColumnType::Year,
        required: Required::No,
        allowed: &[],
        unit: "jaar",
        description: "Voorgenomen sloopjaar; een woning met een sloopjaar wordt niet ingepland.",
        example: Example::None,
    },
    Column {
        field: Field::PepperPotted,
        name: "gespikkeld",
        synonyms: &["gestippeld", "gespikkeld_bezit", "gestippeld_bezit"],
        kind: ColumnType::YesNo,
        required: Required::No,
        allowed: YES_NO,
        unit: "",
        description: "ja als de woning tussen particuliere woningen in één blok staat; de aanpak gaat dan begin van het jaar naar de gemeente. Leeg betekent nee.",
        example: Example::Text("nee"),
    },
    Column {
        field: Field::PrivateInBlock,
        name: "particulier_in_blok",
        synonyms: &["particulier", "particuliere_woningen", "particulieren_in_blok"],
        kind: ColumnType::Integer,
        required: Required::No,
        allowed: &[],
        unit: "woningen",
        description: "Aantal particuliere woningen in hetzelfde blok (0 of meer), voor de lijst aan de gemeente.",
        example: Example::Number(0.0),
    },
    Column {
        field: Field::Species,
        name: "ff_soorten",
        synonyms: &["flora_fauna", "flora_en_fauna", "soorten", "beschermde_soorten"],
        kind: ColumnType::SpeciesList,
        required: Required::No,
        allowed: &[],
        unit: "",
        description: "Beschermde soorten in of aan de woning, gescheiden door komma's: vleermuis, gierzwaluw, huismus. Leeg als er geen zijn.",
        example: Example::Text("vleermuis"),
    },
    Column {
        field: Field::PermitDate,
        name: "ff_vergunning",
        synonyms: &["ff_gereed", "ff_vergunningsdatum", "ff_datum", "ontheffing"],
        kind: ColumnType::Date,
        required: Required::No,
        allowed: &[],
        unit: "datum",
        description: "Datum waarop de flora- en faunavergunning (naar verwachting) verleend is; het werk start niet eerder.",
        example: Example::Date(2024, 9, 1),
    },
    Column {
        field: Field::Status,
        name: "status",
        synonyms: &["uitvoeringsstatus", "status_uitvoering"],
        kind: ColumnType::Status,
        required: Required::No,
        allowed: STATUSES,
        unit: "",
        description: "uitgevoerd, in uitvoering of opname voldoende (bij opname voldoende geïsoleerd bevonden); zulke woningen worden niet ingepland. Leeg als nog niets gebeurd is.",
        example: Example::None,
    },
    Column {
        field: Field::MaintenanceYear,
        name: "onderhoudsjaar",
        synonyms: &["onderhoud_jaar", "jaar_onderhoud", "planmatig_onderhoud"],
        kind: ColumnType::Year,
        required: Required::No,
        allowed: &[],
        unit: "jaar",
        description: "Jaar van het geplande groot onderhoud.",
        example: Example::Number(2027.0),
    },
];

/// The columns of the optional `Budget` sheet.
pub const BUDGET_COLUMNS: &[Column] = &[
    Column {
        field: Field::Year,
        name: "jaar",
        synonyms: &["kalenderjaar", "begrotingsjaar"],
        kind: ColumnType::Year,
        required: Required::Yes,
        allowed: &[],
        unit: "jaar",
        description: "Kalenderjaar.",
        example: Example::None,
    },
    Column {
        field: Field::BudgetEur,
        name: "budget_eur",
        synonyms: &["budget", "bedrag", "budget_euro"],
        kind: ColumnType::Number,
        required: Required::Yes,
        allowed: &[],
        unit: "euro",
        description: "Budget voor de verduurzaming in dat jaar in euro (0 of meer); vervangt het budget van het scenario.",
        example: Example::None,
    },
    Column {
        field: Field::Corporation,
        name: "corporatie",
        synonyms: &["woningcorporatie", "corporation", "organisatie"],
        kind: ColumnType::Text,
        required: Required::No,
        allowed: &[],
        unit: "",
        description: "Corporatie waarvoor het budget geldt; alleen bij een bestand met meer corporaties.",
        example: Example::None,
    },
];

/// The columns of the optional `Capaciteit` sheet.
pub const CAPACITY_COLUMNS: &[Column] = &[
    Column {
        field: Field::Year,
        name: "jaar",
        synonyms: &["kalenderjaar"],
        kind: ColumnType::Year,
        required: Required::Yes,
        allowed: &[],
        unit: "jaar",
        description: "Kalenderjaar.",
        example: Example::None,
    },
    Column {
        field: Field::HomesPerMonth,
        name: "woningen_per_maand",
        synonyms: &["capaciteit", "woningen_maand", "capaciteit_per_maand"],
        kind: ColumnType::Number,
        required: Required::Yes,
        allowed: &[],
        unit: "woningen per maand",
        description: "Hoeveel woningen per maand tegelijk onder handen kunnen zijn (0 of meer); vervangt de capaciteit van het scenario.",
        example: Example::None,
    },
    Column {
        field: Field::Corporation,
        name: "corporatie",
        synonyms: &["woningcorporatie", "corporation", "organisatie"],
        kind: ColumnType::Text,
        required: Required::No,
        allowed: &[],
        unit: "",
        description: "Corporatie waarvoor de capaciteit geldt; alleen bij een bestand met meer corporaties.",
        example: Example::None,
    },
];

/// Folds one character for matching: lower case without accents; `²` reads as `2`.
fn fold_char(c: char, out: &mut String) {
    let folded = match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        '²' => '2',
        '³' => '3',
        'ĳ' => {
            out.push_str("ij");
            return;
        }
        other => other,
    };
    out.push(folded);
}

/// Lower case, accents folded, only letters and digits kept: `VHE-nummer`, `vhe_nummer` and
/// `Vhe Nummer` all become `vhenummer`.
pub fn normalize_header(text: &str) -> String {
    if text.is_ascii() {
        // Fast path: every cell of a large stock passes through here.
        return text
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        fold_char(c, &mut out);
    }
    out.retain(|c| c.is_ascii_alphanumeric());
    out
}

/// Folds a value the same way but keeps spaces between words (for `sloop mogelijk`, species).
pub fn fold_value(text: &str) -> String {
    if text.is_ascii() {
        let lower = text.to_ascii_lowercase();
        return lower.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        fold_char(c, &mut out);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes parenthesised parts, so `Gebruiksoppervlakte (m²)` also matches `gebruiksoppervlakte`.
pub fn strip_parentheses(text: &str) -> String {
    let mut depth = 0u32;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The column of `table` a header means, if any.
pub fn find_column(table: &'static [Column], header: &str) -> Option<&'static Column> {
    let exact = normalize_header(header);
    if exact.is_empty() {
        return None;
    }
    let lookup = |key: &str| {
        table.iter().find(|col| {
            normalize_header(col.name) == key
                || col.synonyms.iter().any(|s| normalize_header(s) == key)
        })
    };
    lookup(&exact).or_else(|| {
        let stripped = normalize_header(&strip_parentheses(header));
        if stripped.is_empty() || stripped == exact {
            None
        } else {
            lookup(&stripped)
        }
    })
}

/// Words of the warning about a header that looks like a known column which is missing; `check`
/// and `plan` show such warnings first (see [`missing_lookalike_warnings`]).
pub const LOOKALIKE_OF_MISSING: &str = "die ontbreekt: deze kop wordt niet gelezen";

/// The template's example row has this vhe; the importer refuses it, so that an untouched
/// template is never planned.
pub const EXAMPLE_VHE: &str = "VOORBEELD";

/// Levenshtein distance between two short ASCII strings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate `word` most likely misspells (`target_labl` -> `target_label`): the nearest
/// by edit distance, within the typos tolerated for its length; `None` when none is that close.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let w = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&w, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d > 0 && *d <= tolerated_typos(c.chars().count().min(w.chars().count())))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Typos tolerated in a key of `len` letters: none below 4, then one per four or five letters.
fn tolerated_typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        6..=10 => 2,
        _ => 3,
    }
}

fn words(text: &str) -> Vec<String> {
    fold_value(&strip_parentheses(text))
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 2)
        .map(str::to_string)
        .collect()
}

/// The known column an unknown header most likely means (`FF ontheffing datum` ->
/// `ff_vergunning`), by edit distance to the name or a synonym (a typo), one containing the
/// other (`Oppervlakte GBO`), or shared words (`datum ff` ~ `ff_datum`). `None` when nothing is
/// close, so that unrelated columns (`Opmerking`) get no suggestion.
pub fn suggest_column(table: &'static [Column], header: &str) -> Option<&'static Column> {
    let h = normalize_header(&strip_parentheses(header));
    if h.len() < 2 {
        return None;
    }
    let h_words = words(header);
    let mut best: Option<(f64, &'static Column)> = None;
    for col in table {
        for key in std::iter::once(&col.name).chain(col.synonyms) {
            let k = normalize_header(key);
            let mut score: f64 = 0.0;
            let d = edit_distance(&h, &k);
            if d <= tolerated_typos(k.len().min(h.len())) {
                score = score.max(3.0 - 0.1 * d as f64);
            }
            let (short, long) = if h.len() <= k.len() {
                (&h, &k)
            } else {
                (&k, &h)
            };
            // One containing the other counts when it is most of it (55 %): `FF ontheffing
            // datum` ~ `ontheffing`, but not `Status label` ~ `status` or `Labeldatum` ~ `label`.
            let share = short.len() as f64 / long.len() as f64;
            if short.len() >= 5 && share >= 0.55 && long.contains(short.as_str()) {
                score = score.max(2.0 + share);
            }
            let k_words: Vec<String> = key
                .split(['_', ' '])
                .filter(|w| w.len() >= 2)
                .map(str::to_string)
                .collect();
            let shared = h_words
                .iter()
                .filter(|w| {
                    k_words
                        .iter()
                        .any(|kw| kw == *w || (w.len() >= 5 && edit_distance(kw, w) <= 1))
                })
                .count();
            let union = h_words.len() + k_words.len() - shared;
            if shared > 0 && union > 0 {
                let overlap = shared as f64 / union as f64;
                // More than half the words shared: `datum ff` ~ `ff_datum`, not `Status label`.
                if overlap > 0.5 {
                    score = score.max(1.0 + overlap);
                }
            }
            if score > 0.0 && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, col));
            }
        }
    }
    best.map(|(_, col)| col)
}

/// The warnings about look-alike headers of missing columns, as `cell: message` lines; `check`
/// and `plan` print them first.
pub fn missing_lookalike_warnings(warnings: &[super::Problem]) -> Vec<String> {
    warnings
        .iter()
        .filter(|p| is_missing_lookalike(p))
        .map(|p| format!("{}: {}", p.location, p.message))
        .collect()
}

/// Whether `p` is the warning of a header not read that looks like a missing column.
pub fn is_missing_lookalike(p: &super::Problem) -> bool {
    !p.is_error() && p.message.contains(LOOKALIKE_OF_MISSING)
}

/// The columns of sheet `Woningen` as a Markdown table, for the README (a test keeps the two
/// the same): name, required, type and unit, what it holds, other headers read as it.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| column | required | type | holds | also read as |\n|---|---|---|---|---|\n",
    );
    for c in HOME_COLUMNS {
        let required = match c.required {
            Required::Yes => "yes",
            Required::No => "no",
            Required::UnlessEp2 => "unless `ep2`",
        };
        let mut kind = c.kind.describe().to_string();
        if !c.allowed.is_empty() {
            kind = c.allowed.join(", ");
        }
        if !c.unit.is_empty() {
            kind.push_str(&format!(" ({})", c.unit));
        }
        let synonyms: Vec<String> = c.synonyms.iter().map(|s| format!("`{s}`")).collect();
        out.push_str(&format!(
            "| `{}` | {required} | {kind} | {} | {} |\n",
            c.name,
            c.description.replace('|', "/"),
            synonyms.join(", ")
        ));
    }
    out
}

/// The column of `table` that fills `field`.
pub fn column_for(table: &'static [Column], field: Field) -> Option<&'static Column> {
    table.iter().find(|c| c.field == field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The README's column table is the one of this file (`markdown_table`): a column added
    /// or described otherwise here fails this test until the README says it too.
    #[test]
    fn the_readme_lists_every_column_as_this_table_does() {
        let readme = include_str!("../../README.md");
        let table = markdown_table();
        assert!(
            readme.contains(&table),
            "README.md must hold this table (section Input columns):\n{table}"
        );
    }

    #[test]
    fn header_matching() {
        let table = [
            ("vhe", Some("vhe")),
            ("VHE-nummer", Some("vhe")),
            ("Vhe Nummer", Some("vhe")),
            ("vhe_nummer", Some("vhe")),
            ("Verhuureenheid", Some("vhe")),
            ("Complexnummer", Some("complex")),
            ("complex_nr", Some("complex")),
            ("Gebruiksoppervlakte", Some("gbo_m2")),
            ("Gebruiksoppervlakte (m²)", Some("gbo_m2")),
            ("GBO m²", Some("gbo_m2")),
            ("gbo-m2", Some("gbo_m2")),
            ("Label", Some("energielabel")),
            ("ENERGIELABEL", Some("energielabel")),
            ("Type", Some("woningtype")),
            ("Soort", Some("woningtype")),
            ("EP2 (kWh/m²)", Some("ep2")),
            ("ep2_kwh_m2", Some("ep2")),
            ("BENG 2", Some("ep2")),
            ("Gestippeld", Some("gespikkeld")),
            ("Woonplaats", Some("plaats")),
            ("Kern", Some("plaats")),
            ("Buurt", Some("wijk")),
            ("FF-gereed", Some("ff_vergunning")),
            ("Flora & fauna", Some("ff_soorten")),
            ("Complexstrategie", Some("strategie")),
            ("Particulier in blok", Some("particulier_in_blok")),
            ("Corporatie", Some("corporatie")),
            ("Opmerking", None),
            ("", None),
            ("  ", None),
        ];
        for (header, expected) in table {
            assert_eq!(
                find_column(HOME_COLUMNS, header).map(|c| c.name),
                expected,
                "{header:?}"
            );
        }
    }

    #[test]
    fn near_miss_headers_get_a_suggestion() {
        let table = [
            ("FF ontheffing datum", Some("ff_vergunning")),
            ("ff vergunnig", Some("ff_vergunning")),
            ("datum ff", Some("ff_vergunning")),
            ("Energilabel", Some("energielabel")),
            ("Energielabel 2026", Some("energielabel")),
            ("Gebruiksopp", Some("gbo_m2")),
            ("Oppervlakte GBO", Some("gbo_m2")),
            ("complexnr", Some("complex")),
            ("Woning type", Some("woningtype")),
            ("Monumentstatus rijk", Some("monument")),
            ("Status label", None),
            ("Blok naam", None),
            ("Labeldatum", None),
            ("Type dak", None),
            ("Bouwjaar renovatie", None),
            ("Energiegebruik", None),
            ("Opmerking", None),
            ("Huurprijs", None),
            ("Adres", None),
            ("Eigenaar", None),
            ("x", None),
        ];
        for (header, expected) in table {
            assert_eq!(
                suggest_column(HOME_COLUMNS, header).map(|c| c.name),
                expected,
                "{header:?}"
            );
        }
        assert_eq!(edit_distance("vergunning", "vergunnig"), 1);
    }

    #[test]
    fn accents_fold() {
        assert_eq!(
            normalize_header("Één Gebruiksoppervlaktë"),
            "eengebruiksoppervlakte"
        );
        assert_eq!(normalize_header("Naïef_café-ĳs"), "naiefcafeijs");
        assert_eq!(fold_value("  Sloop   Mogelijk "), "sloop mogelijk");
    }

    #[test]
    fn every_header_is_listed_once() {
        for table in [HOME_COLUMNS, BUDGET_COLUMNS, CAPACITY_COLUMNS] {
            let mut seen: HashMap<String, &str> = HashMap::new();
            for col in table {
                for key in std::iter::once(&col.name).chain(col.synonyms) {
                    let norm = normalize_header(key);
                    if let Some(other) = seen.insert(norm.clone(), col.name) {
                        panic!("{norm} is listed twice ({other}, {})", col.name);
                    }
                }
            }
        }
    }

    #[test]
    fn descriptions_fit_excel_input_message() {
        for col in HOME_COLUMNS
            .iter()
            .chain(BUDGET_COLUMNS)
            .chain(CAPACITY_COLUMNS)
        {
            assert!(
                col.description.encode_utf16().count() <= 255,
                "{} description too long",
                col.name
            );
            assert!(col.allowed.join(",").len() <= 255, "{}", col.name);
        }
    }
}
