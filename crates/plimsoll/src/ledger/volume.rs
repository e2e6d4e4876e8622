//! Volume estimates: how much cargo a delivery carried, as low, central and high
//! bounds, never a bare number.
//!
//! Three methods, best evidence first:
//!
//! 1. **Draught change** (where draughts were reported before and after): the change
//!    in centimetres times the tonnes per centimetre immersion,
//!    `TPC = c_wp × L × B / 100` (t/cm), where `c_wp` folds sea-water density
//!    (1.025 t/m³), the water-plane coefficient and the ratio of waterline length to
//!    the length AIS reports (length overall). The reported draughts are rounded to
//!    `draught_resolution_m`, so the low bound takes that off the change and the high
//!    bound adds it; neither exceeds the high capacity.
//! 2. **Laden fraction** (no usable draughts): the cargo capacity times a fraction
//!    between `laden_fraction_low` and `laden_fraction_high`. The defaults are the
//!    United States' bounds in its report to the 1718 Committee of 12 July 2018: one
//!    third laden and about 90 % laden (`data/facts/dprk_cases.md`).
//! 3. **Cargo capacity**: a listed deadweight when one is known (a registry or the
//!    regime's designation entry), else `k × L × B × T` with the length overall,
//!    beam and design draught from AIS and a deadweight coefficient `k` per ship
//!    class. The design draught is the deepest reported draught, or the beam divided
//!    by `beam_to_draught` when no report is deeper. As the US report did, the
//!    deadweight is taken as the cargo capacity; it includes bunkers and stores, a
//!    few per cent of a small tanker's deadweight.
//!
//! `k = ρ × C_b × (DWT/Δ)`: sea water 1.025 t/m³; block coefficients on length
//! overall of 0.70–0.82 for tankers and 0.60–0.75 for cargo ships, and deadweight to
//! displacement ratios of 0.72–0.88 (tankers) and 0.60–0.75 (cargo), the ranges in
//! M. Ventura, *Estimation Methods for Basic Ship Design* (IST Lisbon, ship design
//! course notes) and the IHS Fairplay regressions of H. O. Kristensen (DTU, *Regression
//! formulas for main dimensions of tankers and bulk carriers*, 2012). Checked against
//! published ships in the tests: the ULCC *Seawise Giant* (k = 0.726) and a T2 tanker
//! lengthened for the Great Lakes (k = 0.542); the tanker bounds hold both.
//!
//! Tonnes become barrels by product ([`Conversion`]); the defaults are BP's
//! *Statistical Review of World Energy*, "Approximate conversion factors" (July 2021):
//! gasoline 8.35, kerosene 7.88, gas oil/diesel 7.46, residual fuel oil 6.35 barrels
//! per tonne. `refined_petroleum`, a cargo whose product is not known, spans fuel oil
//! (low) to gasoline (high) around diesel (central). The UN Statistics Division's
//! Energy Statistics Yearbook factors differ by up to 3 % (gas/diesel oil 7.23).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::error::{Error, ErrorKind};
use super::Estimate;

/// Deadweight and water-plane coefficients of one ship class, low/central/high.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct HullCoefficients {
    /// Deadweight per cubic metre of `length × beam × design draught`, t/m³.
    pub deadweight_t_per_m3: [f64; 3],
    /// Tonnes per centimetre immersion per square metre of `length × beam`, ×100:
    /// `TPC = c × L × B / 100`.
    pub waterplane_t_per_m3: [f64; 3],
}

/// Barrels per tonne of a product, low/central/high.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    pub bbl_per_t: [f64; 3],
}

/// The volume model's parameters; see the module documentation for the sources of
/// the defaults.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct VolumeConfig {
    /// AIS types 80–89, or designated as tankers.
    pub tanker: HullCoefficients,
    /// AIS types 70–79.
    pub cargo: HullCoefficients,
    /// The largest plausible beam over design draught: the design draught is at
    /// least `beam / beam_to_draught`. Default 3.0, the top of the 2.2–3.0 usual for
    /// tankers (Kristensen 2012).
    pub beam_to_draught: f64,
    /// Laden fractions without draught evidence: default one third, the midpoint, and
    /// 0.9 (US report of 12 July 2018).
    pub laden_fraction: [f64; 3],
    /// AIS draughts are reported in 0.1 m.
    pub draught_resolution_m: f64,
    /// A smaller change of draught is not evidence of cargo moving. Default 0.5 m,
    /// as the STS detector's `min_draught_change_m`.
    pub min_draught_change_m: f64,
    /// Barrels per tonne by product name.
    pub products: BTreeMap<String, Conversion>,
    /// The product detected deliveries are assumed to carry.
    pub assumed_product: String,
}

/// The product name of a cargo of unknown refined product.
pub const REFINED_PETROLEUM: &str = "refined_petroleum";

impl Default for VolumeConfig {
    fn default() -> Self {
        let products = [
            ("gasoline", [8.35; 3]),
            ("kerosene", [7.88; 3]),
            ("gas_oil_diesel", [7.46; 3]),
            ("residual_fuel_oil", [6.35; 3]),
            (REFINED_PETROLEUM, [6.35, 7.46, 8.35]),
        ]
        .into_iter()
        .map(|(name, bbl_per_t)| (name.to_owned(), Conversion { bbl_per_t }))
        .collect();
        VolumeConfig {
            tanker: HullCoefficients {
                deadweight_t_per_m3: [0.52, 0.62, 0.74],
                waterplane_t_per_m3: [0.83, 0.866, 0.915],
            },
            cargo: HullCoefficients {
                deadweight_t_per_m3: [0.37, 0.47, 0.58],
                waterplane_t_per_m3: [0.73, 0.80, 0.85],
            },
            beam_to_draught: 3.0,
            laden_fraction: [1.0 / 3.0, (1.0 / 3.0 + 0.9) / 2.0, 0.9],
            draught_resolution_m: 0.1,
            min_draught_change_m: 0.5,
            products,
            assumed_product: REFINED_PETROLEUM.to_owned(),
        }
    }
}

impl VolumeConfig {
    /// Checks every triple is positive, finite and ordered, fractions are at most
    /// 1, and the assumed product has a conversion.
    pub fn validate(&self) -> Result<(), Error> {
        let mut triples: Vec<(String, [f64; 3], f64)> = vec![
            ("tanker.deadweight_t_per_m3".into(), self.tanker.deadweight_t_per_m3, f64::INFINITY),
            ("tanker.waterplane_t_per_m3".into(), self.tanker.waterplane_t_per_m3, f64::INFINITY),
            ("cargo.deadweight_t_per_m3".into(), self.cargo.deadweight_t_per_m3, f64::INFINITY),
            ("cargo.waterplane_t_per_m3".into(), self.cargo.waterplane_t_per_m3, f64::INFINITY),
            ("laden_fraction".into(), self.laden_fraction, 1.0),
        ];
        triples.extend(
            self.products.iter().map(|(name, c)| (format!("products.{name}"), c.bbl_per_t, f64::INFINITY)),
        );
        for (field, [low, central, high], max) in triples {
            let ok = low > 0.0 && low <= central && central <= high && high <= max && high.is_finite();
            if !ok {
                return Err(ErrorKind::Config { field, value: format!("[{low}, {central}, {high}]") }.into());
            }
        }
        for (field, value) in [
            ("beam_to_draught", self.beam_to_draught),
            ("draught_resolution_m", self.draught_resolution_m),
            ("min_draught_change_m", self.min_draught_change_m),
        ] {
            if !(value.is_finite() && value > 0.0) {
                return Err(ErrorKind::Config { field: field.into(), value: value.to_string() }.into());
            }
        }
        self.conversion(&self.assumed_product)?;
        Ok(())
    }

    /// Barrels per tonne of `product`.
    pub fn conversion(&self, product: &str) -> Result<Estimate, Error> {
        self.products
            .get(product)
            .map(|c| Estimate::from(c.bbl_per_t))
            .ok_or_else(|| ErrorKind::UnknownProduct { product: product.to_owned() }.into())
    }

    fn hull(&self, class: HullClass) -> &HullCoefficients {
        match class {
            HullClass::Tanker => &self.tanker,
            HullClass::Cargo => &self.cargo,
        }
    }
}

/// The hull forms the model knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HullClass {
    Tanker,
    Cargo,
}

/// What the model knows of one ship.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hull {
    /// Tanker or cargo; `None` for anything else (no capacity model).
    pub class: Option<HullClass>,
    /// Length overall and beam, metres (AIS dimensions).
    pub length_m: Option<f64>,
    pub beam_m: Option<f64>,
    /// The deepest draught reported, metres.
    pub max_draught_m: Option<f64>,
    /// A published deadweight, tonnes, which overrides the dimensions.
    pub listed_deadweight_t: Option<f64>,
}

/// A volume with how it was reached.
#[derive(Debug, Clone, PartialEq)]
pub struct Volume {
    pub tonnes: Estimate,
    pub bbl: Estimate,
    /// The method and its inputs, in words (`"laden fraction 0.33–0.90 of capacity
    /// 3,003 t (listed deadweight)"`).
    pub method: String,
}

impl Volume {
    pub fn to_json(&self) -> Value {
        json!({
            "volume_t_low": self.tonnes.low, "volume_t_central": self.tonnes.central,
            "volume_t_high": self.tonnes.high,
            "volume_bbl_low": self.bbl.low, "volume_bbl_central": self.bbl.central,
            "volume_bbl_high": self.bbl.high,
            "method": self.method,
        })
    }
}

/// The model: a validated [`VolumeConfig`].
#[derive(Debug, Clone)]
pub struct VolumeModel {
    config: VolumeConfig,
    bbl_per_t: Estimate,
}

impl VolumeModel {
    /// The model, once [`VolumeConfig::validate`] accepts `config`.
    pub fn new(config: VolumeConfig) -> Result<VolumeModel, Error> {
        config.validate()?;
        let bbl_per_t = config.conversion(&config.assumed_product)?;
        Ok(VolumeModel { config, bbl_per_t })
    }

    pub fn config(&self) -> &VolumeConfig {
        &self.config
    }

    /// Cargo capacity in tonnes and how it was found; `None` without a listed
    /// deadweight and without a class, length and beam.
    pub fn capacity_t(&self, hull: &Hull) -> Option<(Estimate, String)> {
        if let Some(dwt) = hull.listed_deadweight_t.filter(|d| d.is_finite() && *d > 0.0) {
            return Some((Estimate::exact(dwt), format!("listed deadweight {dwt:.0} t")));
        }
        let (class, length_m, beam_m) = (hull.class?, positive(hull.length_m)?, positive(hull.beam_m)?);
        let from_beam_m = beam_m / self.config.beam_to_draught;
        let draught_m = positive(hull.max_draught_m).map_or(from_beam_m, |d| d.max(from_beam_m));
        let k = Estimate::from(self.config.hull(class).deadweight_t_per_m3);
        let capacity = k.scale(length_m * beam_m * draught_m);
        Some((
            capacity,
            format!(
                "deadweight {:.0} t (k {:.2}–{:.2} × {length_m:.0} m × {beam_m:.0} m × {draught_m:.1} m)",
                capacity.central, k.low, k.high
            ),
        ))
    }

    /// The cargo moved by a draught change from `before_m` to `after_m` (either
    /// direction); `None` when the change is below `min_draught_change_m` or the
    /// hull has no class, length or beam.
    pub fn by_draught(&self, hull: &Hull, before_m: f64, after_m: f64) -> Option<Volume> {
        let change_m = (after_m - before_m).abs();
        if !change_m.is_finite() || change_m < self.config.min_draught_change_m {
            return None;
        }
        let (class, length_m, beam_m) = (hull.class?, positive(hull.length_m)?, positive(hull.beam_m)?);
        let c = Estimate::from(self.config.hull(class).waterplane_t_per_m3);
        let tpc = c.scale(length_m * beam_m / 100.0);
        let resolution_cm = self.config.draught_resolution_m * 100.0;
        let change_cm = change_m * 100.0;
        let mut tonnes = Estimate {
            low: (change_cm - resolution_cm).max(0.0) * tpc.low,
            central: change_cm * tpc.central,
            high: (change_cm + resolution_cm) * tpc.high,
        };
        if let Some((capacity, _)) = self.capacity_t(hull) {
            tonnes = tonnes.min(capacity.high);
        }
        Some(Volume {
            tonnes,
            bbl: tonnes.times(self.bbl_per_t),
            method: format!(
                "draught {before_m:.1} m to {after_m:.1} m × {:.1} t/cm immersion ({length_m:.0} m × {beam_m:.0} m)",
                tpc.central
            ),
        })
    }

    /// The cargo of a ship laden between the configured fractions of its capacity;
    /// `None` when the capacity is unknown.
    pub fn by_laden_fraction(&self, hull: &Hull) -> Option<Volume> {
        let (capacity, how) = self.capacity_t(hull)?;
        let f = Estimate::from(self.config.laden_fraction);
        let tonnes = Estimate {
            low: capacity.low * f.low,
            central: capacity.central * f.central,
            high: capacity.high * f.high,
        };
        Some(Volume {
            tonnes,
            bbl: tonnes.times(self.bbl_per_t),
            method: format!("laden {:.2}–{:.2} of capacity, {how}", f.low, f.high),
        })
    }
}

fn positive(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite() && *v > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> VolumeModel {
        VolumeModel::new(VolumeConfig::default()).unwrap()
    }

    fn tanker(length_m: f64, beam_m: f64, max_draught_m: f64) -> Hull {
        Hull {
            class: Some(HullClass::Tanker),
            length_m: Some(length_m),
            beam_m: Some(beam_m),
            max_draught_m: Some(max_draught_m),
            listed_deadweight_t: None,
        }
    }

    /// Published tankers: (name, LOA m, beam m, summer draught m, deadweight t, source).
    /// The central estimate's error is stated; the bounds must hold the true value.
    #[test]
    fn capacity_against_published_tankers() {
        let ships = [
            // porteconomicsmanagement.org "Tanker Sizes and Classes" (458 m, 69 m,
            // 565,000 dwt); people.hofstra.edu (564,739 dwt, draught 24.6 m).
            ("Seawise Giant", 458.0, 69.0, 24.6, 564_739.0),
            // T2-SE-A1 "James Island" lengthened for the Great Lakes: 632.6 ft overall,
            // 68.0 ft beam, 27 ft 6¼ in summer draught, 17,900 long tons summer
            // deadweight (SNAME Great Lakes Section 1959, via warshipsresearch.blogspot.com).
            ("T2 Great Lakes conversion", 192.82, 20.73, 8.388, 17_900.0 * 1.016_047),
        ];
        let m = model();
        for (name, l, b, t, dwt) in ships {
            let (capacity, _) = m.capacity_t(&tanker(l, b, t)).unwrap();
            let error = (capacity.central - dwt) / dwt;
            assert!(capacity.low <= dwt && dwt <= capacity.high, "{name}: {capacity:?} vs {dwt}");
            // Stated errors of the central estimate: Seawise Giant −14.6 %, T2 +14.4 %.
            assert!(error.abs() < 0.15, "{name}: central error {error:.3}");
        }
    }

    #[test]
    fn listed_deadweight_wins_and_no_model_for_others() {
        let m = model();
        let mut hull = tanker(95.0, 14.0, 5.8);
        hull.listed_deadweight_t = Some(3_003.0);
        assert_eq!(m.capacity_t(&hull).unwrap().0, Estimate::exact(3_003.0));
        let tug = Hull { class: None, length_m: Some(30.0), beam_m: Some(9.0), ..Hull::default() };
        assert!(m.capacity_t(&tug).is_none());
        assert!(m.by_laden_fraction(&tug).is_none());
    }

    #[test]
    fn design_draught_from_beam_when_seen_only_in_ballast() {
        let m = model();
        let light = m.capacity_t(&tanker(95.0, 14.0, 3.6)).unwrap().0;
        let laden = m.capacity_t(&tanker(95.0, 14.0, 5.8)).unwrap().0;
        assert!((light.central - 0.62 * 95.0 * 14.0 * 14.0 / 3.0).abs() < 1e-6);
        assert!((laden.central - 0.62 * 95.0 * 14.0 * 5.8).abs() < 1e-6);
    }

    #[test]
    fn draught_change_by_tonnes_per_centimetre() {
        let m = model();
        let hull = tanker(95.0, 14.0, 5.8);
        let v = m.by_draught(&hull, 3.6, 5.8).unwrap();
        let tpc = 0.866 * 95.0 * 14.0 / 100.0;
        assert!((v.tonnes.central - 220.0 * tpc).abs() < 1e-6, "{v:?}");
        assert!((v.tonnes.low - 210.0 * 0.83 * 95.0 * 14.0 / 100.0).abs() < 1e-6);
        assert!(v.tonnes.low < v.tonnes.central && v.tonnes.central < v.tonnes.high);
        assert!((v.bbl.central - v.tonnes.central * 7.46).abs() < 1e-6);
        assert!((v.bbl.low - v.tonnes.low * 6.35).abs() < 1e-6);
        // Below the threshold: no evidence.
        assert!(m.by_draught(&hull, 3.6, 3.9).is_none());
    }

    #[test]
    fn laden_fraction_bounds() {
        let m = model();
        let mut hull = tanker(95.0, 14.0, 5.8);
        hull.listed_deadweight_t = Some(3_000.0);
        let v = m.by_laden_fraction(&hull).unwrap();
        assert!((v.tonnes.low - 1_000.0).abs() < 1e-9 && (v.tonnes.high - 2_700.0).abs() < 1e-9, "{v:?}");
    }

    proptest::proptest! {
        /// Whatever the ship and draughts, the bounds are ordered, finite and not negative.
        #[test]
        fn bounds_are_ordered(
            length_m in 10.0f64..500.0,
            beam_m in 3.0f64..70.0,
            max_draught_m in proptest::option::of(0.5f64..30.0),
            listed in proptest::option::of(100.0f64..600_000.0),
            before_m in 0.0f64..25.0,
            after_m in 0.0f64..25.0,
            cargo in proptest::bool::ANY,
        ) {
            let m = model();
            let hull = Hull {
                class: Some(if cargo { HullClass::Cargo } else { HullClass::Tanker }),
                length_m: Some(length_m),
                beam_m: Some(beam_m),
                max_draught_m,
                listed_deadweight_t: listed,
            };
            let volumes = [m.by_laden_fraction(&hull), m.by_draught(&hull, before_m, after_m)];
            for v in volumes.into_iter().flatten() {
                for e in [v.tonnes, v.bbl] {
                    proptest::prop_assert!(e.low.is_finite() && e.high.is_finite(), "{v:?}");
                    proptest::prop_assert!(0.0 <= e.low && e.low <= e.central && e.central <= e.high, "{v:?}");
                }
            }
        }
    }

    #[test]
    fn bad_config_is_named() {
        let mut c = VolumeConfig::default();
        c.laden_fraction = [0.9, 0.5, 0.3];
        assert!(
            matches!(c.validate().unwrap_err().kind, ErrorKind::Config { ref field, .. } if field == "laden_fraction")
        );
        let mut c = VolumeConfig::default();
        c.assumed_product = "jet".into();
        assert!(matches!(c.validate().unwrap_err().kind, ErrorKind::UnknownProduct { .. }));
    }
}
