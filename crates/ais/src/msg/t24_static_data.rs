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
