//! Type 19: extended Class B position report.

use super::{
    code_with_text, epfd_text, non_empty, ship_type_text, ClassBFix, Dimensions, Gpsd, SixbitText, StaticData,
};
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// A Class B position report with the ship's name, type and dimensions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassBExtended {
    pub repeat: u8,
    pub mmsi: u32,
    pub fix: ClassBFix,
    /// 4 bits reserved for regional applications.
    pub regional: u8,
    /// Held inline: decoding a type 19 allocates nothing.
    pub shipname: SixbitText<20>,
    /// Ship and cargo type 0–255 (0 = not available).
    pub ship_type: u8,
    pub dimensions: Dimensions,
    /// Type of position fixing device 0–15.
    pub epfd: u8,
    pub raim: bool,
    /// Data terminal equipment ready (false = available).
    pub dte: bool,
    pub assigned: bool,
    pub spare: u8,
}

impl ClassBExtended {
    /// Always 19.
    pub fn msg_type(&self) -> u8 {
        19
    }

    /// The name, type and dimensions in the form the tracking stages use.
    pub fn static_data(&self) -> StaticData<'_> {
        StaticData {
            shipname: non_empty(&self.shipname),
            ship_type: (self.ship_type != 0).then_some(self.ship_type),
            dimensions: Some(self.dimensions),
            ..StaticData::empty(19, self.mmsi)
        }
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        super::require(b, 19, 312)?;
        Ok(ClassBExtended {
            repeat: b.u8(6, 2),
            mmsi: b.u32(8, 30),
            fix: ClassBFix::decode(b),
            regional: b.u8(139, 4),
            shipname: SixbitText::decode(b, 143),
            ship_type: b.u8(263, 8),
            dimensions: Dimensions::decode(b, 271),
            epfd: b.u8(301, 4),
            raim: b.bool(305),
            dte: b.bool(306),
            assigned: b.bool(307),
            spare: b.u8(308, 4),
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(19, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        self.fix.encode(w);
        w.put(u64::from(self.regional), 4);
        w.put_text(&self.shipname, 20);
        w.put(u64::from(self.ship_type), 8);
        self.dimensions.encode(w);
        w.put(u64::from(self.epfd), 4);
        w.put_bool(self.raim);
        w.put_bool(self.dte);
        w.put_bool(self.assigned);
        w.put(u64::from(self.spare), 4);
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, g: Gpsd) {
        self.fix.write_json(w, g);
        w.uint("regional", self.regional);
        w.str("shipname", &self.shipname);
        code_with_text(w, "shiptype", self.ship_type, ship_type_text(self.ship_type));
        self.dimensions.write_json(w);
        code_with_text(w, "epfd", self.epfd, epfd_text(self.epfd));
        w.bool("raim", self.raim);
        w.uint("dte", u8::from(self.dte));
        w.bool("assigned", self.assigned);
    }
}

#[cfg(test)]
mod fuzz_regressions {
    use crate::msg::SixbitText;

    /// Found by the `payload_roundtrip` fuzzer: a name with a trailing space decoded
    /// to "F" but kept the space past its length, so it compared unequal to the same
    /// name without it.
    #[test]
    fn trimmed_text_equals_text_without_the_trailing_space() {
        assert_eq!(SixbitText::<20>::from("F "), SixbitText::<20>::from("F"));
        let mut w = crate::BitWriter::new();
        w.put_text("F  ", 20);
        let (payload, fill) = w.armored();
        let mut b = crate::BitBuf::new();
        b.fill(payload.as_bytes(), fill).unwrap();
        assert_eq!(SixbitText::<20>::decode(&b, 0), SixbitText::<20>::from("F"));
    }
}
