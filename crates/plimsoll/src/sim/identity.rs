//! Vessel identities: MMSIs under a flag's MID, IMO numbers with their check digit,
//! call signs with the flag's ITU prefix.

use super::rng::Rng;

pub use crate::geo::{imo_check_digit, is_valid_imo};

/// A random IMO number with a valid check digit.
pub fn random_imo(rng: &mut Rng) -> u32 {
    // Numbers from 9,000,000 are the ones issued to ships built since the 1990s; older
    // ones start lower. Either way six digits and a check digit.
    let serial = 700_000 + u32::try_from(rng.below(300_000)).unwrap_or(0);
    serial * 10 + imo_check_digit(serial)
}

/// A random ship MMSI under `mid`: `MIDXXXXXX`, the form ITU-R M.585 gives ships.
pub fn random_mmsi(mid: u16, rng: &mut Rng) -> u32 {
    // Real ship MMSIs rarely end in zeros (those suffixes are for group calls in older
    // equipment), so the last digit is never 0.
    let serial =
        u32::try_from(rng.below(100_000)).unwrap_or(0) * 10 + 1 + u32::try_from(rng.below(9)).unwrap_or(0);
    u32::from(mid) * 1_000_000 + serial
}

/// A random call sign: the flag's ITU prefix (for the flags the scenarios use) and
/// letters or digits up to seven characters, the AIS field's width.
pub fn random_callsign(iso_alpha2: &str, rng: &mut Rng) -> String {
    let prefix = match iso_alpha2 {
        "CN" => "BV",
        "KP" => "HM",
        "KR" => "DS",
        "JP" => "JD",
        "PA" => "3E",
        "LR" => "A8",
        "HK" => "VR",
        "SG" => "9V",
        "TG" => "5V",
        "SL" => "9L",
        "MN" => "JV",
        "BZ" => "V3",
        _ => "XX",
    };
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut callsign = String::from(prefix);
    while callsign.len() < 6 {
        let index = usize::try_from(rng.below(36)).unwrap_or(0);
        callsign.push(char::from(ALNUM[index]));
    }
    callsign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_of_real_ships() {
        // From the OFAC list: YU JONG 2, RYE SONG GANG 1, SAM JONG 2, KOTI.
        for imo in [8_604_917, 7_389_704, 7_408_873, 9_417_115] {
            assert!(is_valid_imo(imo), "{imo}");
        }
        assert!(!is_valid_imo(8_604_918));
        assert!(!is_valid_imo(604_917));
    }

    #[test]
    fn random_identities_are_well_formed() {
        let mut rng = Rng::new(3);
        for _ in 0..1_000 {
            assert!(is_valid_imo(random_imo(&mut rng)));
            let mmsi = random_mmsi(445, &mut rng);
            assert_eq!(mmsi / 1_000_000, 445);
            assert_ne!(mmsi % 10, 0);
            let callsign = random_callsign("KP", &mut rng);
            assert!(callsign.starts_with("HM") && callsign.len() == 6);
        }
    }
}
