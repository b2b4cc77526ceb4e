//! Villages, postcodes, districts and street names for the synthetic stock.
//!
//! The villages and their 4-digit postcode areas are real (Gilze en Rijen, Goirle, Oisterwijk,
//! Hilvarenbeek, Tilburg-Udenhout); the postcode letters, districts and streets are made up in
//! the style of those villages, so no generated address points at a real corporation home.

/// A village the corporation owns homes in.
pub(crate) struct Village {
    pub name: &'static str,
    /// The 4-digit postcode areas of the village.
    pub postcodes: &'static [u16],
    /// District (wijk) names, without the village name.
    pub districts: &'static [&'static str],
    /// Relative size of the corporation's stock there (roughly the number of inhabitants, in
    /// thousands).
    pub weight: f64,
}

pub(crate) const VILLAGES: [Village; 10] = [
    Village {
        name: "Rijen",
        postcodes: &[5121, 5122, 5123, 5124],
        districts: &["Centrum", "Noord", "Oost", "Zuid", "West"],
        weight: 16.0,
    },
    Village {
        name: "Gilze",
        postcodes: &[5126],
        districts: &["Centrum", "Noord", "Zuid"],
        weight: 6.0,
    },
    Village {
        name: "Goirle",
        postcodes: &[5051, 5052, 5053],
        districts: &["Centrum", "Noord", "Oost", "Zuid", "West"],
        weight: 15.0,
    },
    Village {
        name: "Oisterwijk",
        postcodes: &[5061, 5062, 5063],
        districts: &["Centrum", "Noord", "Oost", "Zuid", "West"],
        weight: 17.0,
    },
    Village {
        name: "Hilvarenbeek",
        postcodes: &[5081],
        districts: &["Centrum", "Noord", "Zuid"],
        weight: 7.0,
    },
    Village {
        name: "Moergestel",
        postcodes: &[5066],
        districts: &["Centrum", "Noord", "Zuid"],
        weight: 6.0,
    },
    Village {
        name: "Riel",
        postcodes: &[5133],
        districts: &["Kern"],
        weight: 2.5,
    },
    Village {
        name: "Diessen",
        postcodes: &[5087],
        districts: &["Kern"],
        weight: 3.0,
    },
    Village {
        name: "Udenhout",
        postcodes: &[5071],
        districts: &["Centrum", "Noord", "Zuid"],
        weight: 8.0,
    },
    Village {
        name: "Haghorst",
        postcodes: &[5084],
        districts: &["Kern"],
        weight: 0.7,
    },
];

/// Letters used in Dutch postcodes (F, I, O, Q, U and Y are not used).
pub(crate) const POSTCODE_LETTERS: &[u8] = b"ABCEGHJKLMNPRSTVWXZ";

/// Letter pairs PostNL does not issue.
pub(crate) const POSTCODE_PAIRS_NOT_USED: [&str; 3] = ["SA", "SD", "SS"];

/// Street names by building era: the old village streets, the post-war royal and tree streets,
/// the birds, painters and flowers of the seventies and eighties, and the "hof" and "erf" names
/// of the nineties and later. A name is a root plus a suffix ("Beatrix" + "straat").
pub(crate) struct StreetEra {
    pub roots: &'static [&'static str],
    pub suffixes: &'static [&'static str],
}

pub(crate) const ERA_OLD: StreetEra = StreetEra {
    roots: &[
        "Kerk", "Dorps", "Molen", "Nieuw", "Hoog", "Stations", "School", "Klooster", "Raadhuis",
        "Kapel", "Akker", "Veld", "Groen", "Heuvel", "Broek", "Hoeven", "Vaart", "Bosch",
    ],
    suffixes: &["straat", "straat", "weg"],
};

pub(crate) const ERA_POSTWAR: StreetEra = StreetEra {
    roots: &[
        "Juliana",
        "Beatrix",
        "Wilhelmina",
        "Irene",
        "Margriet",
        "Christina",
        "Prins Bernhard",
        "Prins Hendrik",
        "Oranje",
        "Nassau",
        "Emma",
        "Linden",
        "Eiken",
        "Beuken",
        "Populieren",
        "Berken",
        "Kastanje",
        "Wilgen",
        "Esdoorn",
        "Acacia",
        "Sint Jozef",
        "Pastoor Van Beek",
        "Burgemeester Smits",
        "Deken Van Dijk",
    ],
    suffixes: &["straat", "straat", "laan", "plein"],
};

pub(crate) const ERA_SEVENTIES: StreetEra = StreetEra {
    roots: &[
        "Merel",
        "Lijster",
        "Spreeuw",
        "Vinken",
        "Mezen",
        "Kievit",
        "Reiger",
        "Zwaluw",
        "Rembrandt",
        "Vermeer",
        "Frans Hals",
        "Jan Steen",
        "Van Gogh",
        "Vondel",
        "Bilderdijk",
        "Potgieter",
        "Rozen",
        "Tulpen",
        "Narcis",
        "Goudsbloem",
        "Klaproos",
        "Korenbloem",
        "Anjer",
        "Lelie",
    ],
    suffixes: &["straat", "laan", "hof", "pad"],
};

pub(crate) const ERA_RECENT: StreetEra = StreetEra {
    roots: &[
        "Hazelaar",
        "Vlinder",
        "Zonnedauw",
        "Heide",
        "Brem",
        "Vennen",
        "Koolmees",
        "Goudvink",
        "Patrijs",
        "Fazant",
        "Wielewaal",
        "IJsvogel",
        "Roerdomp",
        "Kwartel",
        "Akkerwinde",
        "Smids",
        "Wevers",
        "Bakkers",
        "Kuipers",
        "Molenaars",
    ],
    suffixes: &["hof", "erf", "akker", "veld", "gaarde"],
};
