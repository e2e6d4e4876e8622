//! Deliveries reported to the sanctions committee: a CSV of notifications.
//!
//! ```csv
//! period_start,period_end,reporter,product,quantity,unit,source
//! 2019-01-01,2019-12-31,China,refined_petroleum,22730,t,"Korea Herald 2020-02-21"
//! ```
//!
//! One row per notification: the days it covers (inclusive), who reported it, the
//! product, the quantity in barrels (`bbl`) or tonnes (`t`, converted by product),
//! and the source. Lines starting with `#` are comments. A zero quantity is a
//! report of nothing delivered, which is evidence; a missing row is not.
//! Every error names its line.

use std::io::Read;

use chrono::NaiveDate;

use super::error::{CsvProblem, Error, ErrorKind};
use super::volume::VolumeConfig;
use super::Estimate;

/// One notification.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedDelivery {
    pub period_start: NaiveDate,
    /// Inclusive.
    pub period_end: NaiveDate,
    pub reporter: String,
    pub product: String,
    /// In barrels: exact when reported in barrels, a range when converted from tonnes.
    pub bbl: Estimate,
    /// The quantity and unit as reported (`"22730 t"`).
    pub as_reported: String,
    pub source: String,
    /// The line in the CSV file.
    pub line: u64,
}

/// The shipped sample: the refined petroleum member states reported to the UN 1718
/// Committee, 2018–2024, as published (`data/reported/dprk_refined_petroleum.csv`;
/// each figure's source is in its row).
pub const DPRK_REFINED_PETROLEUM_CSV: &str = include_str!("../../data/reported/dprk_refined_petroleum.csv");

const COLUMNS: [&str; 7] =
    ["period_start", "period_end", "reporter", "product", "quantity", "unit", "source"];

/// Reads the CSV; tonnes become barrels with `volume`'s conversion for the row's
/// product.
pub fn read_reported(input: impl Read, volume: &VolumeConfig) -> Result<Vec<ReportedDelivery>, Error> {
    let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).trim(csv::Trim::All).from_reader(input);
    let csv_error = |e: csv::Error| {
        let line = e.position().map(|p| p.line()).unwrap_or(0);
        let what = match e.kind() {
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                format!("{len} fields where the header has {expected_len}")
            }
            csv::ErrorKind::Utf8 { .. } => "not UTF-8".to_owned(),
            _ => e.to_string(),
        };
        Error::at(ErrorKind::Csv { what: CsvProblem::Syntax(what) }, line)
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    let mut index = [0usize; COLUMNS.len()];
    for (slot, name) in index.iter_mut().zip(COLUMNS) {
        *slot = headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::at(ErrorKind::Csv { what: CsvProblem::MissingColumn(name) }, 1))?;
    }
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(e)),
        }
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(index[i]).unwrap_or("");
        let bad = |field: &'static str, value: &str, expected: &'static str| {
            Error::at(
                ErrorKind::Csv { what: CsvProblem::Field { field, value: value.to_owned(), expected } },
                line,
            )
        };
        let date = |i: usize, name: &'static str| {
            NaiveDate::parse_from_str(field(i), "%Y-%m-%d")
                .map_err(|_| bad(name, field(i), "not a YYYY-MM-DD date"))
        };
        let period_start = date(0, "period_start")?;
        let period_end = date(1, "period_end")?;
        if period_end < period_start {
            return Err(bad("period_end", field(1), "before period_start"));
        }
        let product = field(3).to_owned();
        if product.is_empty() {
            return Err(bad("product", "", "empty"));
        }
        let quantity: f64 = field(4)
            .replace(',', "")
            .parse()
            .ok()
            .filter(|q: &f64| q.is_finite() && *q >= 0.0)
            .ok_or_else(|| bad("quantity", field(4), "not a number of at least 0"))?;
        let bbl = match field(5) {
            "bbl" => Estimate::exact(quantity),
            "t" => volume.conversion(&product).map_err(|e| Error { line: Some(line), ..e })?.scale(quantity),
            other => return Err(bad("unit", other, "neither bbl nor t")),
        };
        rows.push(ReportedDelivery {
            period_start,
            period_end,
            reporter: field(2).to_owned(),
            product,
            bbl,
            as_reported: format!("{} {}", field(4), field(5)),
            source: field(6).to_owned(),
            line,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "period_start,period_end,reporter,product,quantity,unit,source\n";

    fn read(text: &str) -> Result<Vec<ReportedDelivery>, Error> {
        read_reported(text.as_bytes(), &VolumeConfig::default())
    }

    #[test]
    fn barrels_tonnes_and_comments() {
        let text = format!(
            "# a comment\n{HEADER}2019-01-01,2019-12-31,China,refined_petroleum,22730,t,\"Korea Herald, 2020\"\n2021-01-01,2021-12-31,Russia,refined_petroleum,0,bbl,Korea Herald 2022-03-23\n"
        );
        let rows = read(&text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].bbl.central, 22730.0 * 7.46);
        assert_eq!(rows[0].bbl.low, 22730.0 * 6.35);
        assert_eq!(rows[0].source, "Korea Herald, 2020");
        assert_eq!(rows[0].line, 3);
        assert_eq!(rows[1].bbl, Estimate::exact(0.0));
    }

    #[test]
    fn broken_rows_name_their_line() {
        let broken_quote = format!("{HEADER}2019-01-01,2019-12-31,China,refined_petroleum,1,bbl,ok\n2019-01-01,2019-12-31,\"China,refined_petroleum,1,bbl,x\n");
        let e = read(&broken_quote).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(matches!(e.kind, ErrorKind::Csv { what: CsvProblem::Syntax(_) }), "{e}");

        let bad_unit = format!("{HEADER}2019-01-01,2019-12-31,China,refined_petroleum,1,kl,x\n");
        let e = read(&bad_unit).unwrap_err();
        assert_eq!((e.line, e.to_string().contains("unit")), (Some(2), true), "{e}");

        let bad_date = format!("{HEADER}2019-13-01,2019-12-31,China,refined_petroleum,1,bbl,x\n");
        assert_eq!(read(&bad_date).unwrap_err().line, Some(2));

        let unknown_product = format!("{HEADER}2019-01-01,2019-12-31,China,jet_fuel,1,t,x\n");
        let e = read(&unknown_product).unwrap_err();
        assert!(matches!(e.kind, ErrorKind::UnknownProduct { .. }) && e.line == Some(2), "{e}");

        let e = read("period_start,period_end,reporter\n").unwrap_err();
        assert!(matches!(e.kind, ErrorKind::Csv { what: CsvProblem::MissingColumn("product") }), "{e}");
    }
}
