//! MMSI structure (ITU-R M.585) and the Maritime Identification Digits: which flag an
//! MMSI claims, and whether it is a plausible ship identity at all.

use super::csv_fields::Columns;
use super::error::{Dataset, Error, ErrorKind};

/// The ITU MID table with an ISO 3166-1 column added (see `data/README.md`).
static ITU_MID_CSV: &[u8] = include_bytes!("../../data/itu_mid.csv");

/// MIDs are three digits starting with 2 to 7 (the ITU's regions: Europe, the Americas,
/// Asia, Oceania, Africa, South America).
const MID_RANGE: std::ops::RangeInclusive<u16> = 200..=799;

/// The largest value an MMSI of nine digits can have.
const MMSI_MAX: u32 = 999_999_999;

/// The administration (or territory) a MID is allocated to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The Maritime Identification Digits, 201 to 775.
    pub mid: u16,
    /// ISO 3166-1 alpha-2 code of the area: a territory's own code where it has one
    /// ("GI" for Gibraltar, "HK" for Hong Kong), otherwise its state's ("PT" for the
    /// Azores); see `data/README.md` for the few judgement calls.
    pub iso_alpha2: String,
    /// The ITU's name for the allocation ("Democratic People's Republic of Korea").
    pub name: String,
}

/// What an MMSI's digits say it identifies, per ITU-R M.585-9 Annex 1. `M`, `I`, `D` are
/// the MID's digits, `X` free digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MmsiKind {
    /// `MIDXXXXXX`: a ship station.
    Ship { mid: u16 },
    /// `0MIDXXXXX`: a group of ships.
    GroupOfShips { mid: u16 },
    /// `00MIDXXXX`: a coast station.
    CoastStation { mid: u16 },
    /// `111MIDXXX`: a search-and-rescue aircraft.
    SarAircraft { mid: u16 },
    /// `8MIDXXXXX`: a handheld VHF transceiver with DSC and GNSS.
    Handheld { mid: u16 },
    /// `98MIDXXXX`: a craft associated with a parent ship (a tender, a lifeboat).
    CraftOfParentShip { mid: u16 },
    /// `99MIDXXXX`: an AIS aid to navigation.
    AidToNavigation { mid: u16 },
    /// `970XXYYYY`: an AIS search-and-rescue transmitter (AIS-SART).
    SearchAndRescueTransmitter,
    /// `972XXYYYY`: a man-overboard device.
    ManOverboard,
    /// `974XXYYYY`: an EPIRB with an AIS locator.
    Epirb,
    /// Nine digits matching no form above (`1…` other than `111…`, `9…` other than
    /// `970`/`972`/`974`/`98`/`99`, or a MID digit that is not 2–7).
    Unassigned,
    /// More than nine digits (the AIS field has 30 bits, up to 1,073,741,823).
    TooLong,
}

impl MmsiKind {
    /// Reads the form of an MMSI (as a number: leading zeros are the missing digits).
    ///
    /// # Examples
    /// ```
    /// use plimsoll::geo::MmsiKind;
    /// assert_eq!(MmsiKind::of(445_123_456), MmsiKind::Ship { mid: 445 });
    /// assert_eq!(MmsiKind::of(4_451_234), MmsiKind::CoastStation { mid: 445 });
    /// assert_eq!(MmsiKind::of(992_351_234), MmsiKind::AidToNavigation { mid: 235 });
    /// assert_eq!(MmsiKind::of(970_010_001), MmsiKind::SearchAndRescueTransmitter);
    /// ```
    pub fn of(mmsi: u32) -> MmsiKind {
        if mmsi > MMSI_MAX {
            return MmsiKind::TooLong;
        }
        // The nine digits, most significant first (leading zeros included).
        let digit = |place: u32| mmsi / 10_u32.pow(8 - place) % 10;
        // The MID starting at `place`, if its first digit is 2–7.
        let mid_at = |place: u32| {
            let mid = mmsi / 10_u32.pow(6 - place) % 1000;
            // Below 1000: fits in u16.
            u16::try_from(mid).ok().filter(|mid| MID_RANGE.contains(mid))
        };
        let kind = match (digit(0), digit(1), digit(2)) {
            (2..=7, _, _) => mid_at(0).map(|mid| MmsiKind::Ship { mid }),
            (0, 0, _) => mid_at(2).map(|mid| MmsiKind::CoastStation { mid }),
            (0, _, _) => mid_at(1).map(|mid| MmsiKind::GroupOfShips { mid }),
            (1, 1, 1) => mid_at(3).map(|mid| MmsiKind::SarAircraft { mid }),
            (8, _, _) => mid_at(1).map(|mid| MmsiKind::Handheld { mid }),
            (9, 7, 0) => Some(MmsiKind::SearchAndRescueTransmitter),
            (9, 7, 2) => Some(MmsiKind::ManOverboard),
            (9, 7, 4) => Some(MmsiKind::Epirb),
            (9, 8, _) => mid_at(2).map(|mid| MmsiKind::CraftOfParentShip { mid }),
            (9, 9, _) => mid_at(2).map(|mid| MmsiKind::AidToNavigation { mid }),
            _ => None,
        };
        kind.unwrap_or(MmsiKind::Unassigned)
    }

    /// The MID in the number, for the forms that carry one.
    pub fn mid(self) -> Option<u16> {
        match self {
            MmsiKind::Ship { mid }
            | MmsiKind::GroupOfShips { mid }
            | MmsiKind::CoastStation { mid }
            | MmsiKind::SarAircraft { mid }
            | MmsiKind::Handheld { mid }
            | MmsiKind::CraftOfParentShip { mid }
            | MmsiKind::AidToNavigation { mid } => Some(mid),
            MmsiKind::SearchAndRescueTransmitter
            | MmsiKind::ManOverboard
            | MmsiKind::Epirb
            | MmsiKind::Unassigned
            | MmsiKind::TooLong => None,
        }
    }
}

/// The verdict on an MMSI that a vessel uses as its own identity (the sender of position
/// and static reports): what the spoofing detector needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MmsiValidity<'a> {
    /// A ship station's MMSI whose MID is allocated.
    Ship { flag: &'a Flag },
    /// A ship station's form, but the MID is allocated to no one.
    UnallocatedMid { mid: u16 },
    /// A number transceivers ship with or operators type when they do not know theirs:
    /// 0, 123456789, 987654321, or nine equal digits (111111111 … 999999999).
    Placeholder,
    /// Fewer than nine digits: formally a coast station or a group call (or nothing),
    /// never a ship's own identity; usually a misconfigured transponder.
    TooShort { digit_count: u8 },
    /// A well-formed MMSI of something other than a ship: an aid to navigation, a SART,
    /// a man-overboard device, an EPIRB, a SAR aircraft, a handheld, or a craft of a
    /// parent ship.
    OtherStation(MmsiKind),
    /// Nine digits of no assigned form, or more than nine.
    Invalid,
}

/// The ITU Maritime Identification Digits.
pub struct MidTable {
    flags: Vec<Flag>,
    /// Index into `flags` by `mid - 200`.
    slots: Vec<Option<u16>>,
}

impl MidTable {
    /// The MID table shipped inside the binary (292 MIDs).
    ///
    /// # Errors
    /// Only if the embedded data is corrupt, which the tests rule out.
    ///
    /// # Examples
    /// ```
    /// let mids = plimsoll::geo::MidTable::embedded()?;
    /// assert_eq!(mids.flag(445).unwrap().iso_alpha2, "KP");
    /// # Ok::<(), plimsoll::geo::Error>(())
    /// ```
    pub fn embedded() -> Result<MidTable, Error> {
        MidTable::from_csv(ITU_MID_CSV)
    }

    fn from_csv(csv: &[u8]) -> Result<MidTable, Error> {
        let mid_error = |kind| Error::new(Dataset::MidTable, kind);
        let mut reader = csv::Reader::from_reader(csv);
        let columns = Columns::new(
            reader.headers().map_err(|e| mid_error(ErrorKind::Csv(e)))?,
            ["MID", "ISO_3166_1", "Allocated_to"],
        )
        .map_err(mid_error)?;
        let mut table = MidTable { flags: Vec::new(), slots: vec![None; MID_RANGE.len()] };
        for record in reader.records() {
            let record = record.map_err(|e| mid_error(ErrorKind::Csv(e)))?;
            let fields = columns.fields(&record);
            let mid: u16 = fields.parse(0, |mid| MID_RANGE.contains(mid)).map_err(mid_error)?;
            let iso_alpha2 = fields.parse(1, |code: &String| is_iso_alpha2(code)).map_err(mid_error)?;
            let name = fields.required(2).map_err(mid_error)?.to_owned();
            let slot = &mut table.slots[usize::from(mid - MID_RANGE.start())];
            if slot.is_some() {
                return Err(mid_error(ErrorKind::DuplicateMid { line: fields.line(), mid }));
            }
            // At most 600 MIDs: the index fits in u16.
            *slot = u16::try_from(table.flags.len()).ok();
            table.flags.push(Flag { mid, iso_alpha2, name });
        }
        Ok(table)
    }

    /// Every allocated MID, ascending.
    pub fn flags(&self) -> impl Iterator<Item = &Flag> {
        self.slots.iter().flatten().map(|&slot| &self.flags[usize::from(slot)])
    }

    /// The allocation of a MID.
    pub fn flag(&self, mid: u16) -> Option<&Flag> {
        let slot =
            mid.checked_sub(*MID_RANGE.start()).and_then(|offset| self.slots.get(usize::from(offset)))?;
        slot.map(|slot| &self.flags[usize::from(slot)])
    }

    /// The flag an MMSI claims through its MID, in any of the forms that carry one (ship,
    /// group, coast station, SAR aircraft, handheld, craft of a parent ship, aid to
    /// navigation); `None` for the MID-less devices and unallocated MIDs.
    ///
    /// # Examples
    /// ```
    /// let mids = plimsoll::geo::MidTable::embedded()?;
    /// assert_eq!(mids.mid_flag(445_123_456).unwrap().iso_alpha2, "KP"); // a ship
    /// assert_eq!(mids.mid_flag(992_351_234).unwrap().iso_alpha2, "GB"); // an aid to navigation
    /// assert_eq!(mids.mid_flag(970_010_001), None); // an AIS-SART
    /// # Ok::<(), plimsoll::geo::Error>(())
    /// ```
    pub fn mid_flag(&self, mmsi: u32) -> Option<&Flag> {
        MmsiKind::of(mmsi).mid().and_then(|mid| self.flag(mid))
    }

    /// Judges an MMSI used as a vessel's own identity.
    ///
    /// # Examples
    /// ```
    /// use plimsoll::geo::{MidTable, MmsiKind, MmsiValidity};
    /// let mids = MidTable::embedded()?;
    /// assert!(matches!(mids.mmsi_validity(445_123_456), MmsiValidity::Ship { flag } if flag.iso_alpha2 == "KP"));
    /// assert_eq!(mids.mmsi_validity(200_123_456), MmsiValidity::UnallocatedMid { mid: 200 });
    /// assert_eq!(mids.mmsi_validity(123_456_789), MmsiValidity::Placeholder);
    /// assert_eq!(mids.mmsi_validity(4_451_234), MmsiValidity::TooShort { digit_count: 7 });
    /// assert_eq!(mids.mmsi_validity(992_351_234), MmsiValidity::OtherStation(MmsiKind::AidToNavigation { mid: 235 }));
    /// # Ok::<(), plimsoll::geo::Error>(())
    /// ```
    pub fn mmsi_validity(&self, mmsi: u32) -> MmsiValidity<'_> {
        if is_placeholder(mmsi) {
            return MmsiValidity::Placeholder;
        }
        if mmsi < 100_000_000 {
            // mmsi < 10^8, so at most 8 digits.
            let digit_count = mmsi.checked_ilog10().map_or(1, |log| log + 1);
            return MmsiValidity::TooShort { digit_count: u8::try_from(digit_count).unwrap_or(u8::MAX) };
        }
        match MmsiKind::of(mmsi) {
            MmsiKind::Ship { mid } => match self.flag(mid) {
                Some(flag) => MmsiValidity::Ship { flag },
                None => MmsiValidity::UnallocatedMid { mid },
            },
            MmsiKind::Unassigned | MmsiKind::TooLong => MmsiValidity::Invalid,
            other => MmsiValidity::OtherStation(other),
        }
    }
}

fn is_iso_alpha2(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// 0, 123456789, 987654321 and the nine repeated digits.
fn is_placeholder(mmsi: u32) -> bool {
    mmsi == 0
        || mmsi == 123_456_789
        || mmsi == 987_654_321
        || (1..=9).any(|digit| mmsi == digit * 111_111_111)
}

/// The IMO number's check digit: the last digit of the sum of the first six digits
/// weighted 7, 6, 5, 4, 3, 2 (IMO Resolution A.1117(30)).
///
/// `serial` is the six leading digits, `100_000..=999_999`.
pub fn imo_check_digit(serial: u32) -> u32 {
    (0..6).map(|i| (serial / 10_u32.pow(5 - i) % 10) * (7 - i)).sum::<u32>() % 10
}

/// Whether `imo` is a seven-digit IMO ship number with a valid check digit.
pub fn is_valid_imo(imo: u32) -> bool {
    (1_000_000..=9_999_999).contains(&imo) && imo_check_digit(imo / 10) == imo % 10
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;

    static MIDS: LazyLock<MidTable> =
        LazyLock::new(|| MidTable::embedded().expect("the embedded MID table loads"));

    #[test]
    fn the_table_loads() {
        assert_eq!(MIDS.flags().count(), 292);
        assert!(MIDS.flags().map(|flag| flag.mid).is_sorted());
        let code = |mid| MIDS.flag(mid).map(|flag| flag.iso_alpha2.as_str());
        // Sanctions-relevant flags and the flags of convenience.
        for (mid, iso) in [
            (445, "KP"),
            (273, "RU"),
            (422, "IR"),
            (412, "CN"),
            (477, "HK"),
            (416, "TW"),
            (351, "PA"),
            (636, "LR"),
            (538, "MH"),
            (341, "KN"),
            (325, "DM"),
            (312, "BZ"),
            (667, "SL"),
            (620, "KM"),
            (457, "MN"),
            (511, "PW"),
            (236, "GI"),
            (204, "PT"),
            (306, "NL"),
            (501, "TF"),
        ] {
            assert_eq!(code(mid), Some(iso), "MID {mid}");
        }
        assert_eq!(
            MIDS.flag(445).map(|flag| flag.name.as_str()),
            Some("Democratic People's Republic of Korea")
        );
        for unallocated in [0, 200, 217, 260, 300, 400, 500, 600, 700, 776, 799, 800, 999] {
            assert_eq!(MIDS.flag(unallocated), None, "MID {unallocated}");
        }
    }

    #[test]
    fn kinds_of_mmsi() {
        let cases = [
            (445_123_456, MmsiKind::Ship { mid: 445 }),
            (211_000_000, MmsiKind::Ship { mid: 211 }),
            (44_512_345, MmsiKind::GroupOfShips { mid: 445 }),
            (2_320_001, MmsiKind::CoastStation { mid: 232 }),
            (111_232_001, MmsiKind::SarAircraft { mid: 232 }),
            (823_212_345, MmsiKind::Handheld { mid: 232 }),
            (982_321_234, MmsiKind::CraftOfParentShip { mid: 232 }),
            (992_321_234, MmsiKind::AidToNavigation { mid: 232 }),
            (970_011_234, MmsiKind::SearchAndRescueTransmitter),
            (972_011_234, MmsiKind::ManOverboard),
            (974_011_234, MmsiKind::Epirb),
            (0, MmsiKind::Unassigned),
            (1_234_567, MmsiKind::Unassigned),
            (12_345_678, MmsiKind::Unassigned),
            (123_456_789, MmsiKind::Unassigned),
            (111_123_456, MmsiKind::Unassigned),
            (812_345_678, MmsiKind::Unassigned),
            (971_011_234, MmsiKind::Unassigned),
            (950_000_000, MmsiKind::Unassigned),
            (999_999_999, MmsiKind::Unassigned),
            (1_000_000_000, MmsiKind::TooLong),
            (u32::MAX, MmsiKind::TooLong),
        ];
        for (mmsi, kind) in cases {
            assert_eq!(MmsiKind::of(mmsi), kind, "{mmsi:09}");
        }
    }

    #[test]
    fn flags_of_every_form() {
        let iso = |mmsi| MIDS.mid_flag(mmsi).map(|flag| flag.iso_alpha2.as_str());
        assert_eq!(iso(445_123_456), Some("KP"));
        assert_eq!(iso(44_512_345), Some("KP"));
        assert_eq!(iso(4_451_234), Some("KP"));
        assert_eq!(iso(111_445_001), Some("KP"));
        assert_eq!(iso(844_512_345), Some("KP"));
        assert_eq!(iso(984_451_234), Some("KP"));
        assert_eq!(iso(994_451_234), Some("KP"));
        assert_eq!(iso(970_011_234), None);
        assert_eq!(iso(200_123_456), None);
        assert_eq!(iso(1_000_000_000), None);
    }

    #[test]
    fn validity_of_ship_identities() {
        let cases = [
            (0, MmsiValidity::Placeholder),
            (111_111_111, MmsiValidity::Placeholder),
            (123_456_789, MmsiValidity::Placeholder),
            (987_654_321, MmsiValidity::Placeholder),
            (999_999_999, MmsiValidity::Placeholder),
            (200_123_456, MmsiValidity::UnallocatedMid { mid: 200 }),
            (780_000_001, MmsiValidity::UnallocatedMid { mid: 780 }),
            (5, MmsiValidity::TooShort { digit_count: 1 }),
            (4_451_234, MmsiValidity::TooShort { digit_count: 7 }),
            (44_512_345, MmsiValidity::TooShort { digit_count: 8 }),
            (99_999_999, MmsiValidity::TooShort { digit_count: 8 }),
            (992_351_234, MmsiValidity::OtherStation(MmsiKind::AidToNavigation { mid: 235 })),
            (970_011_234, MmsiValidity::OtherStation(MmsiKind::SearchAndRescueTransmitter)),
            (111_232_001, MmsiValidity::OtherStation(MmsiKind::SarAircraft { mid: 232 })),
            (150_000_000, MmsiValidity::Invalid),
            (1_073_741_823, MmsiValidity::Invalid),
        ];
        for (mmsi, validity) in cases {
            assert_eq!(MIDS.mmsi_validity(mmsi), validity, "{mmsi:09}");
        }
        let MmsiValidity::Ship { flag } = MIDS.mmsi_validity(445_123_456) else { panic!("a ship") };
        assert_eq!(flag.mid, 445);
        // Every allocated MID makes valid ship MMSIs.
        for flag in MIDS.flags() {
            let mmsi = u32::from(flag.mid) * 1_000_000 + 12_345;
            assert_eq!(MIDS.mmsi_validity(mmsi), MmsiValidity::Ship { flag });
        }
    }

    #[test]
    fn malformed_tables_are_errors() {
        let cases = [
            ("MID,Allocated_to\n201,Albania\n", "MissingColumn"),
            ("MID,ISO_3166_1,Allocated_to\n201,AL,Albania\n201,AL,Albania\n", "DuplicateMid"),
            ("MID,ISO_3166_1,Allocated_to\n901,AL,Albania\n", "BadField"),
            ("MID,ISO_3166_1,Allocated_to\n201,Al,Albania\n", "BadField"),
            ("MID,ISO_3166_1,Allocated_to\n201,AL, \n", "BadField"),
        ];
        for (csv, kind) in cases {
            let error = MidTable::from_csv(csv.as_bytes()).err().expect("rejected");
            assert_eq!(error.dataset, Dataset::MidTable);
            assert!(format!("{:?}", error.kind).starts_with(kind), "{error:?}");
        }
    }
}
