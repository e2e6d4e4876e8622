//! `GET /api/v1/ledger?year=Y&regime=NAME[&reported=shipped|none]`: the cap
//! ledger of a year under a shipped regime, from the store's active events and
//! vessel facts, as `plimsoll ledger --format json` gives it (one ledger).

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use plimsoll::ledger::regime::BUILTIN;
use plimsoll::ledger::reported::DPRK_REFINED_PETROLEUM_CSV;
use plimsoll::ledger::{
    build_ledger, events_in_year, find_deliveries, output, read_reported, vessels_from_store, Config, Regime,
    VesselInfo, VolumeModel,
};
use plimsoll::store::events::{read_events, EventFilter};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::{bad, blocking, parse_number};
use crate::app_error::AppError;
use crate::auth::Caller;
use crate::AppState;

/// Earliest and latest year a ledger is asked for (caps began in 2017; the
/// bounds only keep the date arithmetic sane).
pub const YEAR_MIN: i32 = 1990;
pub const YEAR_MAX: i32 = 2100;
/// The product the shipped regimes cap.
const PRODUCT: &str = "refined_petroleum";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerQuery {
    year: Option<String>,
    regime: Option<String>,
    reported: Option<String>,
}

/// The names of the shipped regimes.
fn regime_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(name, _)| *name).collect()
}

/// `GET /api/v1/ledger`: the ledger, and the regimes one may ask for.
pub async fn ledger(
    State(state): State<AppState>,
    _caller: Caller,
    query: Result<Query<LedgerQuery>, QueryRejection>,
) -> Result<Json<Value>, AppError> {
    let Query(query) = query?;
    let year: i32 = query
        .year
        .as_deref()
        .map(|y| parse_number("year", y, YEAR_MIN, YEAR_MAX))
        .transpose()?
        .ok_or_else(|| bad("`year` is required"))?;
    let names = regime_names();
    let name = query.regime.as_deref().unwrap_or("unscr-2397");
    // Only shipped regimes: no parameter names a file.
    if !names.contains(&name) {
        return Err(bad(format!("`regime` must be one of {}", names.join(", "))));
    }
    let with_reported = match query.reported.as_deref() {
        None | Some("shipped") => true,
        Some("none") => false,
        Some(_) => return Err(bad("`reported` must be shipped or none")),
    };
    let regime =
        Regime::builtin(name).ok_or(AppError::NotFound)?.map_err(|e| AppError::Internal(Box::new(e)))?;
    let store = state.store.clone();
    let ledger = blocking(move || {
        let internal = |e: plimsoll::ledger::Error| AppError::Internal(Box::new(e));
        let config = Config::default();
        let reported = if with_reported {
            read_reported(DPRK_REFINED_PETROLEUM_CSV.as_bytes(), &config.volume).map_err(internal)?
        } else {
            Vec::new()
        };
        // Every active event: transfers before the year can lead to calls in it.
        let events: Vec<_> =
            read_events(&store, &EventFilter::default())?.into_iter().map(|s| s.event).collect();
        let vessels: HashMap<u32, VesselInfo> = vessels_from_store(&store).map_err(internal)?;
        let model = VolumeModel::new(config.volume.clone()).map_err(internal)?;
        let deliveries = find_deliveries(&events, &vessels, &regime, &model, &config.ledger);
        let ledger =
            build_ledger(&regime, PRODUCT, year, &deliveries, &reported, events_in_year(&events, year))
                .map_err(internal)?;
        Ok(output::to_json(&ledger))
    })
    .await?;
    Ok(Json(json!({"ledger": ledger, "regimes": names, "regime": name, "reported": with_reported})))
}
