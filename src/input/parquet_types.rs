//! Parquet columns of types this build of polars has no Series for (it is kept lean for
//! compile time): dates, naive timestamps, decimals, int8/int16 and float16, as pandas, pyarrow,
//! DuckDB and SQL exports write them, uint8/uint16, and dictionary-encoded text (a pandas
//! `category`). They are decoded here from the file's arrow arrays, with
//! the same crates polars reads parquet with, into cells: a date or timestamp becomes a date,
//! the numbers become numbers.

use std::io::Cursor;

use chrono::{DateTime, NaiveDate};
use polars::polars_utils::float16::pf16;
use polars_arrow::array::{
    Array, DictionaryArray, DictionaryKey, PrimitiveArray, Utf8Array, Utf8ViewArray,
};
use polars_arrow::datatypes::{ArrowDataType, TimeUnit};
use polars_buffer::Buffer;
use polars_parquet::read::{infer_schema, read_metadata};

use super::raw::Cell;

/// True for the types [`read_column`] decodes.
pub fn decodable(dtype: &ArrowDataType) -> bool {
    use ArrowDataType as A;
    matches!(
        dtype,
        A::Date32
            | A::Date64
            | A::Timestamp(_, None)
            | A::Decimal(..)
            | A::Decimal32(..)
            | A::Decimal64(..)
            | A::Int8
            | A::Int16
            | A::UInt8
            | A::UInt16
            | A::Float16
    ) || matches!(dtype, A::Timestamp(_, Some(zone)) if zone_offset_s(zone).is_some())
        || matches!(dtype, A::Dictionary(_, values, _)
        if matches!(values.as_ref(), A::Utf8 | A::LargeUtf8 | A::Utf8View))
}

/// The cells of column `name`, one per row, in file order.
pub fn read_column(bytes: &[u8], name: &str) -> Result<Vec<Cell>, String> {
    let err = |e: polars::prelude::PolarsError| e.to_string();
    let metadata = read_metadata(&mut Cursor::new(bytes)).map_err(err)?;
    let schema = infer_schema(&metadata).map_err(err)?;
    let field = schema
        .get(name)
        .ok_or_else(|| format!("kolom {name} ontbreekt in het schema"))?;
    let buffer: Buffer<u8> = Buffer::from(bytes.to_vec());
    let mut cells = Vec::with_capacity(metadata.num_rows);
    for group in &metadata.row_groups {
        let Some(chunks) = group.columns_under_root_iter(name) else {
            continue;
        };
        let columns = chunks
            .map(|meta| {
                let range = meta.byte_range();
                let (start, end) = (
                    usize::try_from(range.start).unwrap_or(usize::MAX),
                    usize::try_from(range.end).unwrap_or(usize::MAX),
                );
                if start > end || end > bytes.len() {
                    return Err("een kolomblok ligt buiten het bestand".to_string());
                }
                Ok((meta, buffer.clone().sliced(start..end)))
            })
            .collect::<Result<Vec<_>, String>>()?;
        let (arrays, _) =
            polars::io::parquet::read::_internal::to_deserializer(columns, field.clone(), None)
                .map_err(err)?;
        for array in arrays {
            decode(array.as_ref(), &field.dtype, &mut cells)?;
        }
    }
    Ok(cells)
}

fn decode(array: &dyn Array, dtype: &ArrowDataType, cells: &mut Vec<Cell>) -> Result<(), String> {
    use ArrowDataType as A;
    let wrong = || format!("onverwachte opslag voor type {dtype:?}");
    match dtype {
        A::Date32 => {
            let a = array
                .as_any()
                .downcast_ref::<PrimitiveArray<i32>>()
                .ok_or_else(wrong)?;
            cells.extend(a.iter().map(|v| match v {
                Some(days) => date_from_days(i64::from(*days)),
                None => Cell::Empty,
            }));
        }
        A::Date64 | A::Timestamp(..) => {
            // A zone this build knows only as a fixed offset (UTC, +01:00); a named zone such
            // as Europe/Amsterdam is refused before this (`decodable`), since without its
            // rules the date could be a day off.
            let offset_s = match dtype {
                A::Timestamp(_, Some(zone)) => zone_offset_s(zone).ok_or_else(wrong)?,
                _ => 0,
            };
            let a = array
                .as_any()
                .downcast_ref::<PrimitiveArray<i64>>()
                .ok_or_else(wrong)?;
            let per_second: i64 = match dtype {
                A::Timestamp(TimeUnit::Second, _) => 1,
                A::Timestamp(TimeUnit::Microsecond, _) => 1_000_000,
                A::Timestamp(TimeUnit::Nanosecond, _) => 1_000_000_000,
                _ => 1_000,
            };
            cells.extend(a.iter().map(|v| {
                match v {
                    Some(t) => DateTime::from_timestamp(
                        t.div_euclid(per_second).saturating_add(offset_s),
                        0,
                    )
                    .map(|dt| Cell::Date(dt.date_naive()))
                    .unwrap_or(Cell::Number(*t as f64)),
                    None => Cell::Empty,
                }
            }));
        }
        A::Decimal(_, scale) => numbers::<i128>(array, cells, |v| v as f64, *scale)?,
        A::Decimal32(_, scale) => numbers::<i32>(array, cells, f64::from, *scale)?,
        A::Decimal64(_, scale) => numbers::<i64>(array, cells, |v| v as f64, *scale)?,
        A::Int8 => numbers::<i8>(array, cells, f64::from, 0)?,
        A::Int16 => numbers::<i16>(array, cells, f64::from, 0)?,
        A::UInt8 => numbers::<u8>(array, cells, f64::from, 0)?,
        A::UInt16 => numbers::<u16>(array, cells, f64::from, 0)?,
        A::Float16 => {
            let a = array
                .as_any()
                .downcast_ref::<PrimitiveArray<pf16>>()
                .ok_or_else(wrong)?;
            // pf16 has no conversion this build exposes; its decimal text is exact enough.
            cells.extend(a.iter().map(|v| {
                v.and_then(|x| x.to_string().parse::<f64>().ok())
                    .map_or(Cell::Empty, Cell::Number)
            }));
        }
        A::Dictionary(..) => {
            let done = dictionary::<i8>(array, cells)?
                || dictionary::<i16>(array, cells)?
                || dictionary::<i32>(array, cells)?
                || dictionary::<i64>(array, cells)?
                || dictionary::<u8>(array, cells)?
                || dictionary::<u16>(array, cells)?
                || dictionary::<u32>(array, cells)?
                || dictionary::<u64>(array, cells)?;
            if !done {
                return Err(wrong());
            }
        }
        _ => return Err(wrong()),
    }
    Ok(())
}

/// Seconds east of UTC of a fixed zone: `UTC`, `Etc/UTC`, `Z`, `+01:00`, `-0530`; `None`
/// for a named zone with daylight saving rules.
fn zone_offset_s(zone: &str) -> Option<i64> {
    let z = zone.trim();
    if matches!(z, "UTC" | "Etc/UTC" | "Z" | "GMT" | "+00:00" | "00:00") {
        return Some(0);
    }
    let (sign, rest) = match z.as_bytes().first()? {
        b'+' => (1, &z[1..]),
        b'-' => (-1, &z[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits[2..].parse().ok()?;
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

/// A dictionary-encoded text column (a pandas `category`), when its keys are `K`: false when
/// they are not.
fn dictionary<K: DictionaryKey>(array: &dyn Array, cells: &mut Vec<Cell>) -> Result<bool, String> {
    let Some(d) = array.as_any().downcast_ref::<DictionaryArray<K>>() else {
        return Ok(false);
    };
    let values = d.values();
    let texts: Vec<Option<String>> =
        if let Some(a) = values.as_any().downcast_ref::<Utf8ViewArray>() {
            a.iter().map(|v| v.map(str::to_string)).collect()
        } else if let Some(a) = values.as_any().downcast_ref::<Utf8Array<i32>>() {
            a.iter().map(|v| v.map(str::to_string)).collect()
        } else if let Some(a) = values.as_any().downcast_ref::<Utf8Array<i64>>() {
            a.iter().map(|v| v.map(str::to_string)).collect()
        } else {
            return Err("onverwachte opslag van een categorie".into());
        };
    cells.extend(d.keys_iter().map(|k| {
        k.and_then(|k| texts.get(k).cloned().flatten())
            .map_or(Cell::Empty, |t| Cell::text(&t))
    }));
    Ok(true)
}

/// Numbers stored as `T`, divided by 10^`scale` (a decimal's scale; 0 for integers).
fn numbers<T: polars_arrow::types::NativeType>(
    array: &dyn Array,
    cells: &mut Vec<Cell>,
    to_f64: impl Fn(T) -> f64,
    scale: usize,
) -> Result<(), String> {
    let a = array
        .as_any()
        .downcast_ref::<PrimitiveArray<T>>()
        .ok_or_else(|| "onverwachte opslag van een getal".to_string())?;
    let divisor = 10f64.powi(i32::try_from(scale).unwrap_or(i32::MAX));
    cells.extend(a.iter().map(|v| match v {
        Some(x) => Cell::Number(to_f64(*x) / divisor),
        None => Cell::Empty,
    }));
    Ok(())
}

fn date_from_days(days: i64) -> Cell {
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(days)))
        .map_or(Cell::Number(days as f64), Cell::Date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_zones_only() {
        assert_eq!(zone_offset_s("UTC"), Some(0));
        assert_eq!(zone_offset_s("+01:00"), Some(3600));
        assert_eq!(zone_offset_s("-0530"), Some(-19800));
        assert_eq!(zone_offset_s("Europe/Amsterdam"), None);
        assert_eq!(zone_offset_s("+99:00"), None);
    }
}
