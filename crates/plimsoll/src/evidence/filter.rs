//! What an export or dossier keeps: an area, a time range and event kinds.

use crate::event::{Event, EventKind};
use crate::store::TimeRange;

use super::error::{Error, ErrorKind};

/// A longitude/latitude box. `west > east` is a box across the antimeridian
/// (`170,-10,-170,10` spans 20° of longitude around 180°).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub west_deg: f64,
    pub south_deg: f64,
    pub east_deg: f64,
    pub north_deg: f64,
}

impl BBox {
    /// Parses `W,S,E,N` in degrees (the order of RFC 7946's `bbox` and of most tools).
    pub fn parse(text: &str) -> Result<BBox, Error> {
        let bad = || Error::from(ErrorKind::BadBBox { text: text.to_owned() });
        let values: Vec<f64> =
            text.split(',').map(|v| v.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| bad())?;
        let &[west_deg, south_deg, east_deg, north_deg] = values.as_slice() else { return Err(bad()) };
        let lon_ok = |v: f64| v.is_finite() && (-180.0..=180.0).contains(&v);
        let lat_ok = |v: f64| v.is_finite() && (-90.0..=90.0).contains(&v);
        if !(lon_ok(west_deg) && lon_ok(east_deg) && lat_ok(south_deg) && lat_ok(north_deg))
            || south_deg > north_deg
        {
            return Err(bad());
        }
        Ok(BBox { west_deg, south_deg, east_deg, north_deg })
    }

    /// Whether the point is inside (edges included); NaN is never inside.
    pub fn contains(&self, lat_deg: f64, lon_deg: f64) -> bool {
        let lat_in = lat_deg >= self.south_deg && lat_deg <= self.north_deg;
        let lon_in = if self.west_deg <= self.east_deg {
            lon_deg >= self.west_deg && lon_deg <= self.east_deg
        } else {
            lon_deg >= self.west_deg || lon_deg <= self.east_deg
        };
        lat_in && lon_in
    }
}

/// What to keep. The default keeps everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Only what lies inside; events without a position are left out when set.
    pub bbox: Option<BBox>,
    /// Positions whose time is in the range; events that overlap it.
    pub time: TimeRange,
    /// Only events of these kinds (empty: all). Positions and tracks have no kind.
    pub kinds: Vec<EventKind>,
}

impl Filter {
    /// Whether a position (or track point) passes the area and time filters.
    pub fn keeps_point(&self, time_ms: i64, lat_deg: f64, lon_deg: f64) -> bool {
        self.time.contains(time_ms) && self.bbox.is_none_or(|b| b.contains(lat_deg, lon_deg))
    }

    /// Whether an event passes: its kind, an overlap of `[start, end]` with the time
    /// range, and its position inside the box (an event without one is not).
    pub fn keeps_event(&self, event: &Event) -> bool {
        let kind_in = self.kinds.is_empty() || self.kinds.contains(&event.kind);
        let time_in = self.time.from_ms.is_none_or(|from_ms| event.end_ms >= from_ms)
            && self.time.to_ms.is_none_or(|to_ms| event.start_ms < to_ms);
        let place_in = self.bbox.is_none_or(|b| b.contains(event.lat_deg, event.lon_deg));
        kind_in && time_in && place_in
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_boxes_and_rejects_bad_ones() {
        let b = BBox::parse("120, 25,130,35").unwrap();
        assert!(b.contains(30.0, 125.0) && !b.contains(30.0, 131.0) && !b.contains(f64::NAN, 125.0));
        for bad in ["", "1,2,3", "1,2,3,4,5", "x,0,1,1", "0,10,1,5", "0,-91,1,0", "-181,0,0,1", "NaN,0,1,1"] {
            assert!(matches!(BBox::parse(bad).unwrap_err().kind, ErrorKind::BadBBox { .. }), "{bad}");
        }
    }

    #[test]
    fn a_box_across_the_antimeridian() {
        let b = BBox::parse("170,-10,-170,10").unwrap();
        assert!(b.contains(0.0, 179.0) && b.contains(0.0, -179.5) && !b.contains(0.0, 0.0));
    }

    #[test]
    fn events_overlapping_the_range_of_the_kinds_asked() {
        let e = Event::new(EventKind::AisGap, vec![1], 1000, 5000, (10.0, 20.0), 0.5, Default::default());
        let mut f =
            Filter { time: TimeRange { from_ms: Some(4000), to_ms: Some(9000) }, ..Filter::default() };
        assert!(f.keeps_event(&e));
        f.time.from_ms = Some(5001);
        assert!(!f.keeps_event(&e));
        let f = Filter { kinds: vec![EventKind::Encounter], ..Filter::default() };
        assert!(!f.keeps_event(&e));
        let unplaced = Event { lat_deg: f64::NAN, lon_deg: f64::NAN, ..e.clone() };
        let f = Filter { bbox: Some(BBox::parse("-180,-90,180,90").unwrap()), ..Filter::default() };
        assert!(f.keeps_event(&e) && !f.keeps_event(&unplaced));
    }
}
