//! Type 20: data link management (slot reservations).

use super::Gpsd;
use crate::bits::{BitBuf, BitWriter};
use crate::error::ErrorKind;
use crate::json::JsonWriter;

/// One block of reserved slots.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlotReservation {
    pub offset: u16,
    /// Number of consecutive slots, 1–15 (0: not used).
    pub number: u8,
    /// Time-out in minutes, 0–7.
    pub timeout: u8,
    pub increment: u16,
}

/// A base station's reservation of one to four blocks of slots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataLinkManagement {
    pub repeat: u8,
    pub mmsi: u32,
    pub spare: u8,
    /// One to four reservations, as many as the payload holds.
    pub reservations: Vec<SlotReservation>,
}

/// Reservations are 30 bits each from bit 40.
const FIRST: usize = 40;
const SIZE: usize = 30;

impl DataLinkManagement {
    /// Always 20.
    pub fn msg_type(&self) -> u8 {
        20
    }

    pub(crate) fn decode(b: &BitBuf) -> Result<Self, ErrorKind> {
        // gpsd takes 72 bits and more; a reservation counts when all its bits are there.
        super::require(b, 20, 72)?;
        let reservations = (0..4)
            .map(|i| FIRST + SIZE * i)
            .take_while(|&at| at + SIZE <= b.len_bits())
            .map(|at| SlotReservation {
                offset: b.u16(at, 12),
                number: b.u8(at + 12, 4),
                timeout: b.u8(at + 16, 3),
                increment: b.u16(at + 19, 11),
            })
            .collect();
        Ok(DataLinkManagement { repeat: b.u8(6, 2), mmsi: b.u32(8, 30), spare: b.u8(38, 2), reservations })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) {
        w.put(20, 6);
        w.put(u64::from(self.repeat), 2);
        w.put(u64::from(self.mmsi), 30);
        w.put(u64::from(self.spare), 2);
        for r in self.reservations.iter().take(4) {
            w.put(u64::from(r.offset), 12);
            w.put(u64::from(r.number), 4);
            w.put(u64::from(r.timeout), 3);
            w.put(u64::from(r.increment), 11);
        }
        // Spare bits to the byte boundary the standard gives each length (72, 104,
        // 136, 160).
        let pad = (8 - w.len_bits() % 8) % 8;
        w.put(0, u32::try_from(pad).unwrap_or(0));
    }

    pub(crate) fn write_json(&self, w: &mut JsonWriter<'_>, _g: Gpsd) {
        // gpsd prints all four, zeros for the absent ones.
        const NAMES: [[&str; 4]; 4] = [
            ["offset1", "number1", "timeout1", "increment1"],
            ["offset2", "number2", "timeout2", "increment2"],
            ["offset3", "number3", "timeout3", "increment3"],
            ["offset4", "number4", "timeout4", "increment4"],
        ];
        for (i, [offset, number, timeout, increment]) in NAMES.into_iter().enumerate() {
            let r = self.reservations.get(i).copied().unwrap_or_default();
            w.uint(offset, r.offset);
            w.uint(number, r.number);
            w.uint(timeout, r.timeout);
            w.uint(increment, r.increment);
        }
    }
}
