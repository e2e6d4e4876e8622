//! Where a vessel is at any time: a track of great-circle legs at constant speed and
//! holds at waypoints, a pure function of time.

use std::f64::consts::TAU;

use super::scenario::HoldStatus;
use crate::geo::geodesy::{destination, haversine_distance_m, initial_bearing_deg};

/// Metres per second in one knot.
pub const MPS_PER_KNOT: f64 = 1852.0 / 3600.0;

/// A point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    pub lat_deg: f64,
    pub lon_deg: f64,
}

/// A vessel's kinematic state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct State {
    pub lat_deg: f64,
    pub lon_deg: f64,
    /// True speed over ground, before any reporting noise.
    pub sog_knots: f64,
    pub cog_deg: f64,
    /// ITU-R M.1371 navigational status.
    pub nav_status: u8,
}

/// One piece of a track.
#[derive(Debug, Clone, PartialEq)]
pub enum Leg {
    /// Along the great circle from `from` to `to` at constant speed.
    Move { start_ms: i64, end_ms: i64, from: LatLon, to: LatLon, distance_m: f64 },
    /// At `at`: still (anchored, moored), or wandering round it on a Lissajous figure
    /// of `radius_m` (drifting, fishing), so that the speed stays low and the vessel
    /// never strays. The wandering grows from `at` and shrinks back to it ([`ease`]),
    /// so the hold starts where the leg before ended and ends where the next starts.
    Hold { start_ms: i64, end_ms: i64, at: LatLon, status: HoldStatus, radius_m: f64, phase_rad: f64 },
    /// Keeping station `distance_m` to starboard of another vessel's track, closing in
    /// from `approach_m` (east, north) further off at the start over `closing_ms`
    /// ([`closing_ms`]).
    Follow {
        start_ms: i64,
        end_ms: i64,
        leader: Box<Track>,
        distance_m: f64,
        approach_m: (f64, f64),
        closing_ms: i64,
    },
}

impl Leg {
    /// When the leg ends.
    pub fn end_ms(&self) -> i64 {
        match self {
            Leg::Move { end_ms, .. } | Leg::Hold { end_ms, .. } | Leg::Follow { end_ms, .. } => *end_ms,
        }
    }

    /// The leg cut short at `at_ms` (between its start and end): a move keeps its
    /// speed, a hold its figure.
    fn cut(&self, at_ms: i64) -> Leg {
        match self {
            Leg::Move { start_ms, end_ms, from, distance_m, .. } => {
                let state = self.state_at(at_ms);
                let fraction = (at_ms - start_ms) as f64 / (end_ms - start_ms).max(1) as f64;
                Leg::Move {
                    start_ms: *start_ms,
                    end_ms: at_ms,
                    from: *from,
                    to: LatLon { lat_deg: state.lat_deg, lon_deg: state.lon_deg },
                    distance_m: distance_m * fraction,
                }
            }
            Leg::Hold { start_ms, at, status, radius_m, phase_rad, .. } => Leg::Hold {
                start_ms: *start_ms,
                end_ms: at_ms,
                at: *at,
                status: *status,
                radius_m: *radius_m,
                phase_rad: *phase_rad,
            },
            Leg::Follow { start_ms, leader, distance_m, approach_m, closing_ms, .. } => Leg::Follow {
                start_ms: *start_ms,
                end_ms: at_ms,
                leader: leader.clone(),
                distance_m: *distance_m,
                approach_m: *approach_m,
                closing_ms: *closing_ms,
            },
        }
    }

    /// Speed over ground and navigational status at `t_ms`, without the position:
    /// what the reporting schedule needs, at a fraction of [`Leg::state_at`]'s cost.
    fn motion_at(&self, t_ms: i64) -> (f64, u8) {
        match *self {
            Leg::Move { start_ms, end_ms, distance_m, .. } => {
                (distance_m / ((end_ms - start_ms).max(1) as f64 / 1000.0) / MPS_PER_KNOT, 0)
            }
            Leg::Hold { radius_m, status, .. } if radius_m <= 0.0 => (0.0, nav_status(status)),
            Leg::Hold { .. } => {
                let s = self.state_at(t_ms);
                (s.sog_knots, s.nav_status)
            }
            Leg::Follow { .. } => {
                let s = self.state_at(t_ms);
                (s.sog_knots, s.nav_status)
            }
        }
    }

    /// The fastest it goes on this leg (knots).
    fn max_speed_knots(&self) -> f64 {
        match self {
            Leg::Move { start_ms, end_ms, distance_m, .. } => {
                distance_m / ((end_ms - start_ms).max(1) as f64 / 1000.0) / MPS_PER_KNOT
            }
            Leg::Hold { radius_m, status, .. } => {
                // The Lissajous figure's peak speed, plus the growing or shrinking of a
                // figure at most `radius_m` * sqrt 2 off at the ease's steepest (both
                // ends at once on a short hold).
                let period_s = hold_period_s(*status);
                let figure_mps = radius_m * (TAU / period_s) * 1.25;
                let ease_mps = radius_m * std::f64::consts::SQRT_2 * 2.0 * EASE_PEAK_RATE / (period_s / 4.0);
                (figure_mps + ease_mps) / MPS_PER_KNOT
            }
            Leg::Follow { leader, approach_m, closing_ms, .. } => {
                leader.max_speed_knots()
                    + approach_m.0.hypot(approach_m.1) / (*closing_ms as f64 / 1000.0) / MPS_PER_KNOT
            }
        }
    }

    fn state_at(&self, t_ms: i64) -> State {
        match *self {
            Leg::Follow { start_ms, ref leader, distance_m, approach_m, closing_ms, .. } => {
                let Some(lead) = leader.state_at(t_ms) else {
                    return State { lat_deg: 0.0, lon_deg: 0.0, sog_knots: 0.0, cog_deg: 0.0, nav_status: 0 };
                };
                let (east_m, north_m) = station_m(&lead, distance_m);
                let closing = 1.0 - ((t_ms - start_ms) as f64 / closing_ms as f64).clamp(0.0, 1.0);
                let (east_m, north_m) = (east_m + approach_m.0 * closing, north_m + approach_m.1 * closing);
                let offset_m = east_m.hypot(north_m);
                if offset_m <= 0.0 {
                    return lead;
                }
                let (lat_deg, lon_deg) =
                    destination(lead.lat_deg, lead.lon_deg, east_m.atan2(north_m).to_degrees(), offset_m);
                // Closing in adds the approach's speed to the leader's.
                let closing_knots = if closing > 0.0 {
                    approach_m.0.hypot(approach_m.1) / (closing_ms as f64 / 1000.0) / MPS_PER_KNOT
                } else {
                    0.0
                };
                State { lat_deg, lon_deg, sog_knots: lead.sog_knots + closing_knots, ..lead }
            }
            Leg::Move { start_ms, end_ms, from, to, distance_m } => {
                let duration_ms = (end_ms - start_ms).max(1);
                let fraction = ((t_ms - start_ms) as f64 / duration_ms as f64).clamp(0.0, 1.0);
                let bearing_deg = initial_bearing_deg(from.lat_deg, from.lon_deg, to.lat_deg, to.lon_deg);
                let (lat_deg, lon_deg) =
                    destination(from.lat_deg, from.lon_deg, bearing_deg, distance_m * fraction);
                // The course is the bearing of the rest of the great circle, which turns
                // slowly along it; at the very end, the leg's own last bearing.
                let cog_deg = if fraction < 1.0 {
                    initial_bearing_deg(lat_deg, lon_deg, to.lat_deg, to.lon_deg)
                } else {
                    (initial_bearing_deg(to.lat_deg, to.lon_deg, from.lat_deg, from.lon_deg) + 180.0) % 360.0
                };
                let sog_knots = distance_m / (duration_ms as f64 / 1000.0) / MPS_PER_KNOT;
                State { lat_deg, lon_deg, sog_knots, cog_deg, nav_status: 0 }
            }
            Leg::Hold { start_ms, end_ms, at, status, radius_m, phase_rad } => {
                let nav_status = nav_status(status);
                if radius_m <= 0.0 {
                    return State {
                        lat_deg: at.lat_deg,
                        lon_deg: at.lon_deg,
                        sog_knots: 0.0,
                        cog_deg: 0.0,
                        nav_status,
                    };
                }
                let period_s = hold_period_s(status);
                let omega = TAU / period_s;
                let s = (t_ms.clamp(start_ms, end_ms.max(start_ms)) - start_ms) as f64 / 1000.0;
                let (scale, scale_rate) = ease(s, (end_ms - start_ms) as f64 / 1000.0, period_s / 4.0);
                // East and north offsets of the figure, and their rates (the y frequency is
                // 0.7x the x one, so the figure fills a box rather than retracing a line).
                let figure_east_m = radius_m * (omega * s + phase_rad).sin();
                let figure_north_m = radius_m * (0.7 * omega * s + phase_rad).cos();
                let figure_east_mps = radius_m * omega * (omega * s + phase_rad).cos();
                let figure_north_mps = -radius_m * 0.7 * omega * (0.7 * omega * s + phase_rad).sin();
                // Scaled by the ease: the product rule gives the rates.
                let (east_m, north_m) = (figure_east_m * scale, figure_north_m * scale);
                let east_mps = figure_east_mps * scale + figure_east_m * scale_rate;
                let north_mps = figure_north_mps * scale + figure_north_m * scale_rate;
                let offset_m = east_m.hypot(north_m);
                let (lat_deg, lon_deg) =
                    destination(at.lat_deg, at.lon_deg, east_m.atan2(north_m).to_degrees(), offset_m);
                let cog_deg = east_mps.atan2(north_mps).to_degrees().rem_euclid(360.0);
                let sog_knots = east_mps.hypot(north_mps) / MPS_PER_KNOT;
                State { lat_deg, lon_deg, sog_knots, cog_deg, nav_status }
            }
        }
    }
}

/// The steepest slope of [`ease`]'s smoothstep, per ease length: 1.5 at its middle.
const EASE_PEAK_RATE: f64 = 1.5;

/// How much of a hold's wandering is out at `s` seconds into a hold of `duration_s`,
/// and its rate per second: a smoothstep from 0 to 1 over the first `ease_s`, and back
/// over the last, so that the vessel leaves `at` and comes back to it smoothly rather
/// than jumping up to 2 km onto the figure (which the tracker rightly took for a
/// second ship under the same MMSI, and the gap detector for a silence).
fn ease(s: f64, duration_s: f64, ease_s: f64) -> (f64, f64) {
    let step = |x: f64| {
        let x = (x / ease_s).clamp(0.0, 1.0);
        (x * x * (3.0 - 2.0 * x), 6.0 * x * (1.0 - x) / ease_s)
    };
    let ((rise, rise_rate), (fall, fall_rate)) = (step(s), step(duration_s - s));
    (rise * fall, rise_rate * fall - rise * fall_rate)
}

/// The navigational status of a hold.
fn nav_status(status: HoldStatus) -> u8 {
    match status {
        HoldStatus::Anchored => 1,
        HoldStatus::Moored => 5,
        HoldStatus::Drifting => 0,
        HoldStatus::Fishing => 7,
    }
}

/// The period of the wandering while holding: slow for drifting (hours), about an
/// hour and a half for a trawler's circuit.
fn hold_period_s(status: HoldStatus) -> f64 {
    match status {
        HoldStatus::Fishing => 5_400.0,
        HoldStatus::Anchored | HoldStatus::Moored | HoldStatus::Drifting => 10_800.0,
    }
}

/// How far a holding vessel wanders: drifting ships a few tens of metres (an STS pair
/// moored together drifts as one), trawlers over a kilometre and a half.
pub fn hold_radius_m(status: HoldStatus) -> f64 {
    match status {
        HoldStatus::Anchored | HoldStatus::Moored => 0.0,
        HoldStatus::Drifting => 25.0,
        HoldStatus::Fishing => 1_500.0,
    }
}

/// How long a vessel going alongside takes at least to close in from where it was.
pub const CLOSING_MS: i64 = 15 * 60_000;

/// The speed (knots, over the leader's) at which a vessel going alongside closes
/// in from further off than [`CLOSING_MS`] allows: a harbour tug's or a small
/// tanker's service speed. Closing 25 km in 15 minutes took 54 knots, which the
/// tracker rightly cut into a new segment at every report.
pub const CLOSING_SPEED_KNOTS: f64 = 10.0;

/// How long closing in from `approach_m` (east, north) off station takes: at
/// least [`CLOSING_MS`], and at most [`CLOSING_SPEED_KNOTS`] over the leader.
pub fn closing_ms(approach_m: (f64, f64)) -> i64 {
    let at_speed_s = approach_m.0.hypot(approach_m.1) / (CLOSING_SPEED_KNOTS * MPS_PER_KNOT);
    // Bounded by the distances on earth: far inside i64.
    CLOSING_MS.max((at_speed_s * 1000.0).ceil() as i64)
}

/// The east and north offsets of a station `distance_m` to starboard of `lead`.
fn station_m(lead: &State, distance_m: f64) -> (f64, f64) {
    let bearing_rad = (lead.cog_deg + 90.0).to_radians();
    (distance_m * bearing_rad.sin(), distance_m * bearing_rad.cos())
}

/// Legs joined end to end in time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Track {
    legs: Vec<Leg>,
}

impl Track {
    /// A track from legs that follow one another in time.
    pub fn new(legs: Vec<Leg>) -> Track {
        Track { legs }
    }

    /// The legs.
    pub fn legs(&self) -> &[Leg] {
        &self.legs
    }

    /// This track to `start_ms`, then `distance_m` to starboard of `leader` to
    /// `end_ms`, then holding as `after` where it parted until `until_ms` (within a
    /// third of `distance_m` of that spot).
    pub fn alongside(
        &self,
        leader: &Track,
        (start_ms, end_ms, until_ms): (i64, i64, i64),
        distance_m: f64,
        after: HoldStatus,
    ) -> Track {
        let mut legs: Vec<Leg> = Vec::new();
        for leg in &self.legs {
            if leg.end_ms() <= start_ms {
                legs.push(leg.clone());
            } else {
                let leg_start_ms = match leg {
                    Leg::Move { start_ms, .. }
                    | Leg::Hold { start_ms, .. }
                    | Leg::Follow { start_ms, .. } => *start_ms,
                };
                if leg_start_ms < start_ms {
                    legs.push(leg.cut(start_ms));
                }
                break;
            }
        }
        // Where it is against where it should be: closed in on unless one hull (0 m).
        // Where it is as the legs kept leave it: a hold cut short has shrunk back to its point.
        let own = Track { legs: legs.clone() }.state_at(start_ms).or_else(|| self.state_at(start_ms));
        let approach_m = match (own, leader.state_at(start_ms)) {
            (Some(own), Some(lead)) if distance_m > 0.0 => {
                let d_m = haversine_distance_m(lead.lat_deg, lead.lon_deg, own.lat_deg, own.lon_deg);
                let bearing_rad =
                    initial_bearing_deg(lead.lat_deg, lead.lon_deg, own.lat_deg, own.lon_deg).to_radians();
                let station = station_m(&lead, distance_m);
                (d_m * bearing_rad.sin() - station.0, d_m * bearing_rad.cos() - station.1)
            }
            _ => (0.0, 0.0),
        };
        let follow = Leg::Follow {
            start_ms,
            end_ms,
            leader: Box::new(leader.clone()),
            distance_m,
            approach_m,
            closing_ms: closing_ms(approach_m),
        };
        let parted = follow.state_at(end_ms);
        legs.push(follow);
        if until_ms > end_ms {
            legs.push(Leg::Hold {
                start_ms: end_ms,
                end_ms: until_ms,
                at: LatLon { lat_deg: parted.lat_deg, lon_deg: parted.lon_deg },
                status: after,
                // No further than a third of the distance it lay at: a tug drifting
                // 25 m around a spot 30 m off the ship it brought in would swing
                // through that ship's hull, its antenna within metres of the ship's.
                radius_m: hold_radius_m(after).min(distance_m / 3.0),
                phase_rad: 0.0,
            });
        }
        Track { legs }
    }

    /// Speed over ground and navigational status at `t_ms` (as [`Track::state_at`]
    /// would give them, without the costly position). `None` for an empty track.
    pub fn motion_at(&self, t_ms: i64) -> Option<(f64, u8)> {
        let index = self.legs.partition_point(|leg| leg.end_ms() <= t_ms);
        let leg = self.legs.get(index).or(self.legs.last())?;
        Some(leg.motion_at(t_ms))
    }

    /// The fastest the track goes (knots).
    pub fn max_speed_knots(&self) -> f64 {
        self.legs.iter().map(Leg::max_speed_knots).fold(0.0, f64::max)
    }

    /// The state at `t_ms`: before the first leg as at its start, after the last as at
    /// its end. `None` for an empty track.
    pub fn state_at(&self, t_ms: i64) -> Option<State> {
        // Legs are sorted by end: the first that ends after t holds it (at a boundary
        // the next leg answers: an arriving ship has stopped, a departing one is off).
        let index = self.legs.partition_point(|leg| leg.end_ms() <= t_ms);
        let leg = self.legs.get(index).or(self.legs.last())?;
        Some(leg.state_at(t_ms))
    }
}

/// A move leg from `from` to `to` starting at `start_ms` at `speed_knots` (the duration
/// rounded to whole seconds).
pub fn move_leg(start_ms: i64, from: LatLon, to: LatLon, speed_knots: f64) -> Leg {
    let distance_m = haversine_distance_m(from.lat_deg, from.lon_deg, to.lat_deg, to.lon_deg);
    // Whole seconds, so that every time the plan derives (arrivals, the truth's
    // starts) is one that tag blocks can carry.
    let duration_s = (distance_m / (speed_knots * MPS_PER_KNOT)).round() as i64;
    Leg::Move { start_ms, end_ms: start_ms + duration_s.max(1) * 1000, from, to, distance_m }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_at_its_speed_and_holds_near_its_point() {
        let from = LatLon { lat_deg: 30.0, lon_deg: 124.0 };
        let to = LatLon { lat_deg: 31.0, lon_deg: 125.0 };
        let leg = move_leg(0, from, to, 12.0);
        let end_ms = leg.end_ms();
        let hold = Leg::Hold {
            start_ms: end_ms,
            end_ms: end_ms + 36_000_000,
            at: to,
            status: HoldStatus::Drifting,
            radius_m: 25.0,
            phase_rad: 0.3,
        };
        let track = Track::new(vec![leg, hold]);
        let mid = track.state_at(end_ms / 2).unwrap();
        assert!((mid.sog_knots - 12.0).abs() < 1e-3);
        assert!((30.4..30.6).contains(&mid.lat_deg));
        for t_ms in (end_ms..end_ms + 36_000_000).step_by(60_000) {
            let s = track.state_at(t_ms).unwrap();
            assert!(haversine_distance_m(s.lat_deg, s.lon_deg, to.lat_deg, to.lon_deg) < 36.0);
            assert!(s.sog_knots < 1.0);
        }
    }
}
