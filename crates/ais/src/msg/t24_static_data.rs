//! Type 24: Class B static data report (part A: name; part B: type, vendor, call
//! sign, dimensions), and the pairing of parts that gpsd prints.

use super::{code_with_text, non_empty, ship_type_text, write_header, Dimensions, Gpsd, StaticData};
use crate::bits::{sixbit_ascii, BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// Part A: the ship's name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartA {
    pub shipname: String,
    /// 8 spare bits (0 when the sender sent only 160 bits).
    pub spare: u8,
}

/// What the last 30 bits of part B carry, by the sender's MMSI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartBTail {
    /// A ship's dimensions.
    Dimensions(Dimensions),
    /// An auxiliary craft's (MMSI 98xxxxxxx) mother ship.
    Mothership(u32),
}

/// Part B: ship type, equipment vendor, call sign and dimensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartB {
    /// Ship and cargo type 0–255 (0 = not available).
    pub ship_type: u8,
    /// Manufacturer's id, up to 3 characters (`@` padding removed, spaces kept).
    pub vendor_id: String,
    /// Unit model code 0–15.
    pub model: u8,
    /// Unit serial number, 20 bits.
    pub serial: u32,
    pub callsign: String,
    pub tail: PartBTail,
    /// 6 spare bits.
    pub spare: u8,
}

/// Which part a type 24 message is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticDataPart {
    A(PartA),
    B(PartB),
}

/// One part of a Class B static data report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticDataReport {
    pub repeat: u8,
    pub mmsi: u32,
    pub part: StaticDataPart,
}

/// Auxiliary craft have MMSIs 98xxxxxxx (ITU-R M.585) and send their mother
/// ship's MMSI where other ships send dimensions.
pub fn is_auxiliary_mmsi(mmsi: u32) -> bool {
    mmsi / 10_000_000 == 98
}

impl PartA {
    fn write_json(&self, w: &mut JsonWriter<'_>) {
        w.str("shipname", &self.shipname);
    }
}

impl PartB {
    /// The vendor id as gpsd prints it: the 7 characters of ITU-R M.1371-3, that
    /// is the 3-character id followed by the model and serial bits read as text,
    /// stopping at the first `@`, trailing spaces removed.
    pub fn gpsd_vendor_id(&self) -> String {
        let mut s = self.vendor_id.clone();
        if s.len() == 3 {
            let bits = (u32::from(self.model & 0x0f) << 20) | (self.serial & 0x000f_ffff);
            for shift in [18, 12, 6, 0] {
                let v = u8::try_from((bits >> shift) & 0x3f).unwrap_or(0);
                if v == 0 {
                    break;
                }
                s.push(char::from(sixbit_ascii(v)));
            }
        }
        let trimmed = s.trim_end_matches(' ').len();
        s.truncate(trimmed);
        s
    }

    fn write_json(&self, w: &mut JsonWriter<'_>) {
        code_with_text(w, "shiptype", self.ship_type, ship_type_text(self.ship_type));
        w.str("vendorid", &self.gpsd_vendor_id());
        w.uint("model", self.model);
        w.uint("serial", self.serial);
        w.str("callsign", &self.callsign);
        match &self.tail {
            PartBTail::Dimensions(d) => d.write_json(w),
            PartBTail::Mothership(m) => w.uint("mothership_mmsi", *m),
        }
    }

    fn fill_static<'a>(&'a self, s: &mut StaticData<'a>) {
        s.ship_type = (self.ship_type != 0).then_some(self.ship_type);
        s.vendor_id = non_empty(self.vendor_id.trim_end_matches(' '));
        s.callsign = non_empty(&self.callsign);
        match self.tail {
            PartBTail::Dimensions(d) => s.dimensions = Some(d),
            PartBTail::Mothership(m) => s.mothership_mmsi = Some(m),
        }
    }
}

impl StaticDataReport {
    /// Always 24.
    pub fn msg_type(&self) -> u8 {
        24
    }

    /// The fields of this part in the form the tracking stages use.
    pub fn static_data(&self) -> StaticData<'_> {
        let mut s = StaticData::empty(24, self.mmsi);
        match &self.part {
            StaticDataPart::A(a) => s.shipname = non_empty(&a.shipname),
            StaticDataPart::B(b) => b.fill_static(&mut s),
        }
        s
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        let mmsi = b.u32(8, 30);
        let part = match b.u8(38, 2) {
            0 => {
                // gpsd takes part A from 160 bits, without its spare byte.
                super::require(b, 24, 160)?;
                StaticDataPart::A(PartA { shipname: b.text(40, 20), spare: b.u8(160, 8) })
            }
            1 => {
                super::require(b, 24, 168)?;
                let tail = if is_auxiliary_mmsi(mmsi) {
                    PartBTail::Mothership(b.u32(132, 30))
                } else {
                    PartBTail::Dimensions(Dimensions::decode(b, 132))
                };
                StaticDataPart::B(PartB {
                    ship_type: b.u8(40, 8),
                    vendor_id: b.text_untrimmed(48, 3),
                    model: b.u8(66, 4),
                    serial: b.u32(70, 20),
                    callsign: b.text(90, 7),
                    tail,
                    spare: b.u8(162, 6),
                })
            }
            part => return Err(ErrorKind::InvalidPartNumber { part }),
        };
        Ok(StaticDataReport { repeat: b.u8(6, 2), mmsi, part })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(24, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        match &self.part {
            StaticDataPart::A(a) => {
                w.put(0, 2);
                w.put_text(&a.shipname, 20);
                w.put(u64::from(a.spare), 8);
            }
            StaticDataPart::B(b) => {
                w.put(1, 2);
                w.put(u64::from(b.ship_type), 8);
                w.put_text(&b.vendor_id, 3);
                w.put(u64::from(b.model), 4);
                w.put(u64::from(b.serial), 20);
                w.put_text(&b.callsign, 7);
                match &b.tail {
                    PartBTail::Dimensions(d) => d.encode(w),
                    PartBTail::Mothership(m) => w.put(u64::from(*m), 30),
                }
                w.put(u64::from(b.spare), 6);
            }
        }
    }

    /// One part alone, as gpsd prints it with `"part":"A"` or `"part":"B"`.
    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, _g: Gpsd) {
        match &self.part {
            StaticDataPart::A(a) => {
                w.str("part", "A");
                a.write_json(w);
            }
            StaticDataPart::B(b) => {
                w.str("part", "B");
                b.write_json(w);
            }
        }
    }
}

/// Parts A and B of one station, joined as gpsd reports them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Type24Pair {
    /// The repeat indicator of part B.
    pub repeat: u8,
    pub mmsi: u32,
    pub a: PartA,
    pub b: PartB,
}

impl Type24Pair {
    /// The joined fields in the form the tracking stages use.
    pub fn static_data(&self) -> StaticData<'_> {
        let mut s = StaticData::empty(24, self.mmsi);
        s.shipname = non_empty(&self.a.shipname);
        self.b.fill_static(&mut s);
        s
    }

    /// Appends gpsd's JSON for the pair: both parts' fields and no `"part"`.
    pub fn write_gpsd_json(&self, out: &mut String, g: Gpsd) {
        let mut w = JsonWriter::begin(out);
        write_header(&mut w, 24, self.repeat, self.mmsi, g);
        self.a.write_json(&mut w);
        self.b.write_json(&mut w);
        w.end();
    }
}

/// Joins type 24 parts the way gpsd's JSON output does: it holds the last part A
/// heard on each radio channel, prints nothing for it, and prints a part B only
/// when it follows a part A from the same MMSI on the same channel, joined with it
/// (the A is then used up). A part B without its A is dropped. Use this only to
/// reproduce gpsd's output; the tracking stages take each part as it comes.
#[derive(Debug, Clone, Default)]
pub struct Type24Pairing {
    /// (channel, MMSI, part A), one per channel, at most [`Type24Pairing::MAX_CHANNELS`].
    held: Vec<(Option<u8>, u32, PartA)>,
}

impl Type24Pairing {
    /// Most channels remembered; channels come from untrusted input, so the oldest is
    /// forgotten past this.
    pub const MAX_CHANNELS: usize = 8;

    /// An empty pairing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes one part received on `channel`; returns the pair when `report` is a part
    /// B that completes a held part A.
    pub fn push(&mut self, channel: Option<u8>, report: &StaticDataReport) -> Option<Type24Pair> {
        let slot = self.held.iter().position(|(c, _, _)| *c == channel);
        match &report.part {
            StaticDataPart::A(a) => {
                if let Some(i) = slot {
                    self.held.remove(i);
                } else if self.held.len() >= Self::MAX_CHANNELS {
                    self.held.remove(0);
                }
                self.held.push((channel, report.mmsi, a.clone()));
                None
            }
            StaticDataPart::B(b) => {
                let i = slot.filter(|&i| self.held.get(i).is_some_and(|(_, m, _)| *m == report.mmsi))?;
                let (_, _, a) = self.held.remove(i);
                Some(Type24Pair { repeat: report.repeat, mmsi: report.mmsi, a, b: b.clone() })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::Message;

    fn report(payload: &str, fill: u8) -> StaticDataReport {
        match Message::from_payload(payload.as_bytes(), fill) {
            Ok(Message::StaticDataReport(r)) => r,
            other => panic!("{other:?}"),
        }
    }

    /// A part B from `mmsi` with the 30-bit tail `tail`.
    fn part_b(mmsi: u32, tail: u64) -> StaticDataReport {
        let mut w = BitWriter::new();
        w.put(24, 6);
        w.put(0, 2);
        w.put(u64::from(mmsi), 30);
        w.put(1, 2);
        w.put(37, 8);
        w.put_text("ABC", 3);
        w.put(12, 4);
        w.put(99, 20);
        w.put_text("CALL", 7);
        w.put(tail, 30);
        w.put(0, 6);
        let (p, f) = w.armored();
        report(&p, f)
    }

    #[test]
    fn parts_a_and_b_from_gpsd_sample() {
        let a = report("H42O55i18tMET00000000000000", 2);
        assert_eq!(a.part, StaticDataPart::A(PartA { shipname: "PROGUY".into(), spare: 0 }));
        assert_eq!(a.static_data().shipname, Some("PROGUY"));
        let b = report("H42O55lti4hhhilD3nink000?050", 0);
        let StaticDataPart::B(pb) = &b.part else { panic!() };
        assert_eq!((pb.ship_type, pb.vendor_id.as_str(), pb.model, pb.serial), (60, "1D0", 12, 199796));
        assert_eq!(pb.gpsd_vendor_id(), "1D00014");
        assert_eq!(pb.callsign, "TC6163");
        let dims = Dimensions { to_bow_m: 0, to_stern_m: 15, to_port_m: 0, to_starboard_m: 5 };
        assert_eq!(pb.tail, PartBTail::Dimensions(dims));
        let s = b.static_data();
        assert_eq!(
            (s.ship_type, s.callsign, s.vendor_id, s.dimensions),
            (Some(60), Some("TC6163"), Some("1D0"), Some(dims))
        );
    }

    #[test]
    fn auxiliary_craft_send_their_mother_ship() {
        // the same 30 bits are dimensions or a mother ship MMSI, by the sender
        let tail = (10 << 21) | (20 << 12) | (3 << 6) | 4;
        let ship = part_b(271_041_815, tail);
        let craft = part_b(982_710_001, tail);
        let StaticDataPart::B(s) = &ship.part else { panic!() };
        let StaticDataPart::B(c) = &craft.part else { panic!() };
        assert_eq!(
            s.tail,
            PartBTail::Dimensions(Dimensions {
                to_bow_m: 10,
                to_stern_m: 20,
                to_port_m: 3,
                to_starboard_m: 4
            })
        );
        assert_eq!(c.tail, PartBTail::Mothership(u32::try_from(tail).unwrap()));
        assert_eq!(craft.static_data().mothership_mmsi, Some(u32::try_from(tail).unwrap()));
        let mut json = String::new();
        Message::StaticDataReport(craft).write_gpsd_json(&mut json, Gpsd { scaled: true });
        assert!(json.ends_with(&format!(r#""callsign":"CALL","mothership_mmsi":{tail}}}"#)), "{json}");
    }

    #[test]
    fn vendor_id_as_gpsd_joins_it() {
        let mut b = PartB {
            ship_type: 0,
            vendor_id: "AB ".into(),
            model: 0,
            serial: 0,
            callsign: String::new(),
            tail: PartBTail::Mothership(0),
            spare: 0,
        };
        // model and serial bits read as text stop at the first '@' (0)
        assert_eq!(b.gpsd_vendor_id(), "AB");
        b.model = 1; // 000100 000... -> 'D' then '@'
        assert_eq!(b.gpsd_vendor_id(), "AB D");
        b.vendor_id = "A".into(); // a short id is not joined
        assert_eq!(b.gpsd_vendor_id(), "A");
    }

    #[test]
    fn part_numbers_2_and_3_are_errors_and_short_parts_are_checked() {
        let mut w = BitWriter::new();
        w.put(24, 6);
        w.put(0, 32);
        w.put(2, 2);
        w.put_text("", 20);
        w.put(0, 8);
        let (p, f) = w.armored();
        assert_eq!(Message::from_payload(p.as_bytes(), f), Err(ErrorKind::InvalidPartNumber { part: 2 }));
        // part A may lack its spare byte (gpsd's sample is 160 bits), no more
        assert!(Message::from_payload(b"H42O55i18tMET00000000000000", 2).is_ok());
        assert!(matches!(
            Message::from_payload(b"H42O55i18tMET00000000000000", 3),
            Err(ErrorKind::TooShort { msg_type: 24, len_bits: 159, min_bits: 160 })
        ));
        // part B may not be shorter than 168 bits
        assert!(matches!(
            Message::from_payload(b"H42O55lti4hhhilD3nink000?05", 0),
            Err(ErrorKind::TooShort { msg_type: 24, len_bits: 162, min_bits: 168 })
        ));
    }

    #[test]
    fn pairing_joins_like_gpsd() {
        let a = report("H42O55i18tMET00000000000000", 2);
        let b = report("H42O55lti4hhhilD3nink000?050", 0);
        let a_other = report("H42O3qiA8U10Tp0000000000000", 2);
        let ch_a = Some(b'A');
        let mut p = Type24Pairing::new();
        // a B without its A, an A alone: nothing
        assert_eq!(p.push(ch_a, &b), None);
        assert_eq!(p.push(ch_a, &a), None);
        // the A on another channel does not pair
        assert_eq!(p.push(Some(b'B'), &b), None);
        let pair = p.push(ch_a, &b).unwrap();
        assert_eq!((pair.mmsi, pair.a.shipname.as_str()), (271041815, "PROGUY"));
        let s = pair.static_data();
        assert_eq!((s.shipname, s.callsign, s.ship_type), (Some("PROGUY"), Some("TC6163"), Some(60)));
        // the A is used up; a repeated B does not pair again
        assert_eq!(p.push(ch_a, &b), None);
        // a later A from another MMSI on the channel replaces the held one
        assert_eq!(p.push(ch_a, &a), None);
        assert_eq!(p.push(ch_a, &a_other), None);
        assert_eq!(p.push(ch_a, &b), None);
        let mut json = String::new();
        pair.write_gpsd_json(&mut json, Gpsd { scaled: true });
        assert!(json.starts_with(r#"{"class":"AIS","type":24,"repeat":0,"mmsi":271041815,"scaled":true,"shipname":"PROGUY","shiptype":60,"#), "{json}");
    }

    #[test]
    fn pairing_holds_a_bounded_number_of_channels() {
        let a = report("H42O55i18tMET00000000000000", 2);
        let mut p = Type24Pairing::new();
        for c in 0..=255u8 {
            p.push(Some(c), &a);
        }
        assert_eq!(p.held.len(), Type24Pairing::MAX_CHANNELS);
    }
}
