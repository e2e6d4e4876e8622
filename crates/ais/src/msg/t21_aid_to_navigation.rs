//! Type 21: aid-to-navigation report.

use super::{
    code_with_text, epfd_text, lat_from_raw, lat_to_raw, lon_from_raw, lon_to_raw, Dimensions, Gpsd,
    PositionFix,
};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// A buoy, light, beacon or other aid to navigation, real or virtual.
#[derive(Debug, Clone, PartialEq)]
pub struct AidToNavigation {
    pub repeat: u8,
    pub mmsi: u32,
    /// Type of aid 0–31 (see [`aid_type_text`]).
    pub aid_type: u8,
    /// Name, up to 20 characters plus up to 14 more from the name extension.
    pub name: String,
    pub accuracy: bool,
    /// `None` for 181 (not available).
    pub lon_deg: Option<f64>,
    /// `None` for 91 (not available).
    pub lat_deg: Option<f64>,
    pub dimensions: Dimensions,
    /// Type of position fixing device 0–15.
    pub epfd: u8,
    /// UTC second 0–59; 60 not available, 61–63 positioning-system states.
    pub second: u8,
    /// For floating aids: off its charted position.
    pub off_position: bool,
    /// AtoN status bits (regional), as sent.
    pub regional: u8,
    pub raim: bool,
    /// A virtual aid (no physical object at the position).
    pub virtual_aid: bool,
    pub assigned: bool,
    pub spare: u8,
}

/// Where the name extension starts; the fixed part ends there.
const EXTENSION: usize = 272;
/// The name extension holds up to 14 characters (ITU-R M.1371-5, message 21).
const MAX_EXTENSION_CHARS: usize = 14;

impl AidToNavigation {
    /// Always 21.
    pub fn msg_type(&self) -> u8 {
        21
    }

    /// The aid's charted (or virtual) position, when available.
    pub fn position(&self) -> Option<PositionFix> {
        Some(PositionFix {
            msg_type: 21,
            mmsi: self.mmsi,
            lat_deg: self.lat_deg?,
            lon_deg: self.lon_deg?,
            sog_knots: None,
            cog_deg: None,
            heading_deg: None,
            nav_status: 15,
            utc_second: (self.second < 60).then_some(self.second),
            accuracy: self.accuracy,
        })
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 21, EXTENSION)?;
        // As gpsd: the extension continues the name only when the first 20
        // characters are all used, and trailing spaces go after joining.
        let mut name = b.text_untrimmed(43, 20);
        if name.len() == 20 && b.len_bits() > EXTENSION {
            // At most 14 extension characters (84 bits); anything after is spare.
            let chars = ((b.len_bits() - EXTENSION) / 6).min(MAX_EXTENSION_CHARS);
            name.push_str(&b.text(EXTENSION, chars));
        }
        let trimmed = name.trim_end_matches(' ').len();
        name.truncate(trimmed);
        Ok(AidToNavigation {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            aid_type: b.u8(38, 5),
            name,
            accuracy: b.bool(163),
            lon_deg: lon_from_raw(b.i32(164, 28), 600_000.0),
            lat_deg: lat_from_raw(b.i32(192, 27), 600_000.0),
            dimensions: Dimensions::decode(b, 219),
            epfd: b.u8(249, 4),
            second: b.u8(253, 6),
            off_position: b.bool(259),
            regional: b.u8(260, 8),
            raim: b.bool(268),
            virtual_aid: b.bool(269),
            assigned: b.bool(270),
            spare: b.u8(271, 1),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(21, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.aid_type), 5);
        w.put_text(&self.name, 20);
        w.put_bool(self.accuracy);
        w.put_i(lon_to_raw(self.lon_deg, 600_000.0), 28);
        w.put_i(lat_to_raw(self.lat_deg, 600_000.0), 27);
        self.dimensions.encode(w);
        w.put(u64::from(self.epfd), 4);
        w.put(u64::from(self.second), 6);
        w.put_bool(self.off_position);
        w.put(u64::from(self.regional), 8);
        w.put_bool(self.raim);
        w.put_bool(self.virtual_aid);
        w.put_bool(self.assigned);
        w.put(u64::from(self.spare), 1);
        let extension = self.name.get(20..).unwrap_or("");
        if !extension.is_empty() {
            w.put_text(extension, extension.len().min(MAX_EXTENSION_CHARS));
            // spare bits to the byte boundary; fewer than 6, so never read as text
            let pad = (8 - w.len_bits() % 8) % 8;
            w.put(0, u32::try_from(pad).unwrap_or(0));
        }
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        code_with_text(w, "aid_type", self.aid_type, aid_type_text(self.aid_type));
        w.str("name", &self.name);
        // gpsd puts accuracy after the position scaled, before it unscaled.
        if g.scaled {
            g.lon_lat(w, self.lon_deg, self.lat_deg, 600_000.0, 7);
            w.bool("accuracy", self.accuracy);
        } else {
            w.bool("accuracy", self.accuracy);
            g.lon_lat(w, self.lon_deg, self.lat_deg, 600_000.0, 7);
        }
        self.dimensions.write_json(w);
        code_with_text(w, "epfd", self.epfd, epfd_text(self.epfd));
        w.uint("second", self.second);
        w.uint("regional", self.regional);
        w.bool("off_position", self.off_position);
        w.bool("raim", self.raim);
        w.bool("virtual_aid", self.virtual_aid);
    }
}

/// gpsd's text for a type of aid to navigation (ITU-R M.1371 Table 74).
pub fn aid_type_text(t: u8) -> &'static str {
    const TEXT: [&str; 32] = [
        "Unspecified",
        "Reference point",
        "RACON",
        "Fixed offshore structure",
        "Spare, Reserved for future use.",
        "Light, without sectors",
        "Light, with sectors",
        "Leading Light Front",
        "Leading Light Rear",
        "Beacon, Cardinal N",
        "Beacon, Cardinal E",
        "Beacon, Cardinal S",
        "Beacon, Cardinal W",
        "Beacon, Port hand",
        "Beacon, Starboard hand",
        "Beacon, Preferred Channel port hand",
        "Beacon, Preferred Channel starboard hand",
        "Beacon, Isolated danger",
        "Beacon, Safe water",
        "Beacon, Special mark",
        "Cardinal Mark N",
        "Cardinal Mark E",
        "Cardinal Mark S",
        "Cardinal Mark W",
        "Port hand Mark",
        "Starboard hand Mark",
        "Preferred Channel Port hand",
        "Preferred Channel Starboard hand",
        "Isolated danger",
        "Safe Water",
        "Special Mark",
        "Light Vessel / LANBY / Rigs",
    ];
    TEXT.get(usize::from(t)).copied().unwrap_or("INVALID NAVAID TYPE")
}

#[cfg(test)]
mod tests {
    use crate::Message;

    /// Found by the `payload_roundtrip` fuzzer: a payload with more name-extension
    /// characters than the 14 the standard allows decoded them all, and the encoder
    /// (rightly) wrote only 14, so the round trip changed the name.
    #[test]
    fn name_extension_is_at_most_14_characters() {
        let payload = b"EflsoqHTaWV0b2R@20W3Ra@1:WdUKSV`n55555555555555555555555555U``P40003vP12P";
        let msg = Message::from_payload(payload, 2).unwrap();
        let Message::AidToNavigation(aton) = &msg else { panic!("{msg:?}") };
        assert_eq!(aton.name, "ISOLATED DANGER BUOYTTTTTTTTTTTTTV");
        assert_eq!(aton.name.len(), 20 + 14);
        let (again, fill) = msg.encode_payload();
        assert_eq!(Message::from_payload(again.as_bytes(), fill).unwrap(), msg);
    }
}
