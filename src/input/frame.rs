//! Typed homes -> a polars DataFrame with the canonical Dutch column names, for csv/parquet
//! exports. Dates are ISO text (`2024-09-01`) because the lean polars build has no date type.

use polars::prelude::*;

use super::values::{monument_str, strategy_str};
use crate::stock::Home;

fn text_col(name: &str, homes: &[Home], f: impl Fn(&Home) -> Option<String>) -> Column {
    let values: Vec<Option<String>> = homes.iter().map(f).collect();
    Column::new(name.into(), values)
}

fn int_col(name: &str, homes: &[Home], f: impl Fn(&Home) -> Option<i32>) -> Column {
    let values: Vec<Option<i32>> = homes.iter().map(f).collect();
    Column::new(name.into(), values)
}

fn count_col(name: &str, homes: &[Home], f: impl Fn(&Home) -> Option<u32>) -> Column {
    let values: Vec<Option<u32>> = homes.iter().map(f).collect();
    Column::new(name.into(), values)
}

fn float_col(name: &str, homes: &[Home], f: impl Fn(&Home) -> Option<f64>) -> Column {
    let values: Vec<Option<f64>> = homes.iter().map(f).collect();
    Column::new(name.into(), values)
}

/// One row per home, one column per field, named as the input template names them; `bron` gives
/// the row the home was read from (`Woningen!12`).
pub fn homes_frame(homes: &[Home]) -> PolarsResult<DataFrame> {
    let columns = vec![
        text_col("vhe", homes, |h| Some(h.vhe.clone())),
        text_col("corporatie", homes, |h| Some(h.corporation.clone())),
        text_col("complex", homes, |h| Some(h.complex.clone())),
        text_col("blok", homes, |h| h.block.clone()),
        text_col("straat", homes, |h| h.street.clone()),
        count_col("huisnummer", homes, |h| h.house_number),
        text_col("toevoeging", homes, |h| h.addition.clone()),
        text_col("postcode", homes, |h| h.postcode.clone()),
        text_col("plaats", homes, |h| h.city.clone()),
        text_col("wijk", homes, |h| h.district.clone()),
        text_col("woningtype", homes, |h| {
            Some(h.home_type.as_str().to_string())
        }),
        int_col("bouwjaar", homes, |h| h.build_year),
        float_col("gbo_m2", homes, |h| Some(h.area_m2)),
        text_col("energielabel", homes, |h| {
            Some(h.label.as_str().to_string())
        }),
        float_col("ep2", homes, |h| h.ep2_kwh_m2),
        text_col("monument", homes, |h| {
            Some(monument_str(h.monument).to_string())
        }),
        text_col("strategie", homes, |h| {
            h.strategy.map(|s| strategy_str(s).to_string())
        }),
        int_col("sloopjaar", homes, |h| h.demolition_year),
        text_col("gespikkeld", homes, |h| {
            Some(if h.pepper_potted { "ja" } else { "nee" }.to_string())
        }),
        count_col("particulier_in_blok", homes, |h| h.private_in_block),
        text_col("ff_soorten", homes, |h| Some(h.species.join(", "))),
        text_col("ff_vergunning", homes, |h| {
            h.permit_date.map(|d| d.format("%Y-%m-%d").to_string())
        }),
        text_col("status", homes, |h| {
            h.status.map(|s| s.as_str().to_string())
        }),
        int_col("onderhoudsjaar", homes, |h| h.maintenance_year),
        text_col("bron", homes, |h| Some(h.source.to_string())),
    ];
    DataFrame::new(homes.len(), columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::columns::HOME_COLUMNS;

    #[test]
    fn every_template_column_is_in_the_frame() {
        let df = homes_frame(&[]).expect("empty frame");
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        for col in HOME_COLUMNS {
            assert!(names.iter().any(|n| n == col.name), "{}", col.name);
        }
        assert_eq!(df.height(), 0);
    }
}
