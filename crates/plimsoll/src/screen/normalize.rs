//! The forms matching compares: names without vessel prefixes, punctuation
//! and spacing; call signs without separators; country names as ISO codes;
//! vessel types as coarse categories.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::geo::MidTable;

/// Text as UTF-8, or, where it is not, as Latin-1 (OFAC's older files are
/// Windows-1252): never an error, never a lost byte.
pub fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// Tokens that only say "ship" in front of a name: `M/V`, `MV`, `MT`, `M/T`,
/// `MS`, `SS`, `FV`, `MY`, `TB` (after punctuation became spaces, `M/V` is `M V`).
const PREFIXES: [&str; 9] = ["MV", "MT", "MS", "SS", "FV", "MY", "TB", "MTS", "MSV"];
const SPLIT_PREFIXES: [[&str; 2]; 4] = [["M", "V"], ["M", "T"], ["M", "S"], ["F", "V"]];

/// The tokens of a name as matching sees it: upper case, letters and digits
/// only, digits split from letters (`NO.2` = `NO 2` = `2`, `JINSHENG8` =
/// `JINSHENG 8`), a leading vessel prefix dropped, `NO` before a number dropped.
///
/// # Examples
/// ```
/// use plimsoll::screen::normalize::name_tokens;
/// assert_eq!(name_tokens("M/V Yu Jong No.2"), ["YU", "JONG", "2"]);
/// assert_eq!(name_tokens("MT. YU-JONG 2"), ["YU", "JONG", "2"]);
/// ```
pub fn name_tokens(name: &str) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut last_digit: Option<bool> = None;
    for c in name.chars().flat_map(char::to_uppercase) {
        if c.is_alphanumeric() {
            let digit = c.is_ascii_digit();
            if last_digit.is_some_and(|d| d != digit) && !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            current.push(fold_accent(c));
            last_digit = Some(digit);
        } else {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            last_digit = None;
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    if tokens.len() > 1 {
        if PREFIXES.contains(&tokens[0].as_str()) {
            tokens.remove(0);
        } else if tokens.len() > 2 && SPLIT_PREFIXES.iter().any(|p| tokens[0] == p[0] && tokens[1] == p[1]) {
            tokens.drain(..2);
        }
    }
    let mut i = 0;
    while i + 1 < tokens.len() {
        if matches!(tokens[i].as_str(), "NO" | "NR" | "NUM")
            && tokens[i + 1].bytes().all(|b| b.is_ascii_digit())
        {
            tokens.remove(i);
        } else {
            i += 1;
        }
    }
    tokens
}

/// The exact-match key of a name: its tokens joined without spaces, so that
/// romanisations spaced differently (`CHON MYONG 1`, `CHONMYONG 1`) agree.
/// Empty when nothing is left.
pub fn name_key(name: &str) -> String {
    name_tokens(name).concat()
}

/// The numbers in a name: sister ships differ only there (`YU JONG 1`, `YU
/// JONG 2`), so a fuzzy match requires them equal.
pub fn name_numbers(name_key_or_name: &str) -> Vec<&str> {
    let mut numbers = Vec::new();
    let bytes = name_key_or_name.as_bytes();
    let mut start = None;
    for (i, b) in bytes.iter().enumerate() {
        match (b.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                numbers.push(&name_key_or_name[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        numbers.push(&name_key_or_name[s..]);
    }
    numbers
}

fn fold_accent(c: char) -> char {
    match c {
        'À'..='Å' => 'A',
        'Ç' => 'C',
        'È'..='Ë' => 'E',
        'Ì'..='Ï' => 'I',
        'Ñ' => 'N',
        'Ò'..='Ö' | 'Ø' => 'O',
        'Ù'..='Ü' => 'U',
        'Ý' => 'Y',
        other => other,
    }
}

/// A call sign without spaces, dashes or AIS padding, upper case; `None` if
/// nothing is left.
pub fn call_sign(text: &str) -> Option<String> {
    let sign: String =
        text.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    (!sign.is_empty()).then_some(sign)
}

/// Country names as the lists write them, resolved to ISO 3166-1 alpha-2
/// through the ITU MID table's names (the allocation's name without its
/// parenthesis, and a territory's own name after ` - `) and the spellings
/// the lists use that the ITU does not.
pub struct Countries {
    by_name: HashMap<String, String>,
}

/// Spellings of OFAC, the UN and OpenSanctions the ITU table does not have.
const ALIASES: [(&str, &str); 22] = [
    ("TOGO", "TG"),
    ("KOREA NORTH", "KP"),
    ("NORTH KOREA", "KP"),
    ("DPRK", "KP"),
    ("KOREA DEMOCRATIC PEOPLE S REPUBLIC OF", "KP"),
    ("KOREA SOUTH", "KR"),
    ("SOUTH KOREA", "KR"),
    ("RUSSIA", "RU"),
    ("IRAN", "IR"),
    ("SYRIA", "SY"),
    ("VIETNAM", "VN"),
    ("LAOS", "LA"),
    ("GABON", "GA"),
    ("UNITED KINGDOM", "GB"),
    ("UNITED STATES", "US"),
    ("TAIWAN", "TW"),
    ("MACAU", "MO"),
    ("BURMA", "MM"),
    ("CONGO DEMOCRATIC REPUBLIC OF THE", "CD"),
    ("TANZANIA", "TZ"),
    ("MICRONESIA", "FM"),
    ("COTE D IVOIRE", "CI"),
];

/// `St.` is `SAINT`, `&` is `AND`, punctuation is space.
fn country_key(name: &str) -> String {
    let upper = name.to_uppercase().replace('&', " AND ");
    let words: Vec<&str> = upper
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "THE")
        .map(|w| if w == "ST" { "SAINT" } else { w })
        .collect();
    words.join(" ")
}

impl Countries {
    pub fn new(mids: &MidTable) -> Countries {
        let mut by_name = HashMap::new();
        for flag in mids.flags() {
            let territory = flag.name.rsplit(" - ").next().unwrap_or(&flag.name);
            for name in [flag.name.as_str(), territory] {
                let bare = name.split(" (").next().unwrap_or(name);
                by_name.entry(country_key(bare)).or_insert_with(|| flag.iso_alpha2.clone());
                by_name.entry(country_key(name)).or_insert_with(|| flag.iso_alpha2.clone());
            }
            by_name.entry(flag.iso_alpha2.clone()).or_insert_with(|| flag.iso_alpha2.clone());
        }
        for (alias, code) in ALIASES {
            by_name.insert(alias.to_owned(), code.to_owned());
        }
        Countries { by_name }
    }

    /// The embedded MID table's countries.
    pub fn embedded() -> Result<Countries, crate::geo::Error> {
        Ok(Countries::new(&MidTable::embedded()?))
    }

    /// The ISO alpha-2 code of a country name or code (`Korea, North`,
    /// `Democratic People's Republic of Korea`, `kp`), if known.
    pub fn iso_alpha2(&self, name: &str) -> Option<&str> {
        self.by_name.get(&country_key(name)).map(String::as_str)
    }

    /// The list's flag as an ISO code where known, otherwise as written;
    /// `None` for the lists' "no flag" words.
    pub fn flag(&self, name: &str) -> Option<String> {
        let name = name.trim();
        if name.is_empty()
            || name.eq_ignore_ascii_case("none identified")
            || name.eq_ignore_ascii_case("unknown")
        {
            return None;
        }
        Some(self.iso_alpha2(name).map_or_else(|| name.to_owned(), str::to_owned))
    }
}

/// A coarse vessel category, the level at which list types and AIS ship types
/// can be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VesselCategory {
    Tanker,
    Cargo,
    Passenger,
    Fishing,
    Tug,
}

impl VesselCategory {
    /// From a list's type text (`Crude/Oil Products Tanker`, `General Cargo`,
    /// `Bulk Carrier`, `Tug`).
    pub fn from_text(text: &str) -> Option<VesselCategory> {
        let t = text.to_ascii_lowercase();
        let has = |w: &str| t.contains(w);
        if has("tanker") || has("lpg") || has("lng") || has("oil") || has("chemical") {
            Some(VesselCategory::Tanker)
        } else if has("cargo") || has("bulk") || has("container") || has("carrier") || has("reefer") {
            Some(VesselCategory::Cargo)
        } else if has("passenger") || has("ferry") || has("cruise") {
            Some(VesselCategory::Passenger)
        } else if has("fish") || has("trawler") {
            Some(VesselCategory::Fishing)
        } else if has("tug") || has("towing") {
            Some(VesselCategory::Tug)
        } else {
            None
        }
    }

    /// From an AIS ship and cargo type (ITU-R M.1371 table 53).
    pub fn from_ais(ship_type: u8) -> Option<VesselCategory> {
        match ship_type {
            80..=89 => Some(VesselCategory::Tanker),
            70..=79 => Some(VesselCategory::Cargo),
            60..=69 => Some(VesselCategory::Passenger),
            30 => Some(VesselCategory::Fishing),
            31 | 32 | 52 => Some(VesselCategory::Tug),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        for (a, b) in [
            ("M/V YU JONG NO.2", "YU JONG 2"),
            ("YU JONG NO 2", "yu-jong 2"),
            ("MT Chon Myong 1", "CHONMYONG 1"),
            ("JINSHENG8", "JIN SHENG 8"),
            ("m.v. Ocean Star", "OCEAN STAR"),
        ] {
            assert_eq!(name_key(a), name_key(b), "{a} / {b}");
        }
        assert_ne!(name_key("YU JONG 1"), name_key("YU JONG 2"));
        // A name that is only a prefix-like word stays.
        assert_eq!(name_key("MS"), "MS");
        assert_eq!(name_key(" .. "), "");
        assert_eq!(name_numbers("YUJONG2X10"), ["2", "10"]);
    }

    #[test]
    fn countries_resolve() {
        let c = Countries::embedded().unwrap();
        for (name, code) in [
            ("Korea, North", "KP"),
            ("Democratic People's Republic of Korea", "KP"),
            ("Panama", "PA"),
            ("St. Kitts & Nevis", "KN"),
            ("Saint Kitts and Nevis", "KN"),
            ("St. Vincent and the Grenadines", "VC"),
            ("Hong Kong", "HK"),
            ("Iran", "IR"),
            ("Russia", "RU"),
            ("Sierra Leone", "SL"),
            ("Togo", "TG"),
            ("kp", "KP"),
        ] {
            assert_eq!(c.iso_alpha2(name), Some(code), "{name}");
        }
        assert_eq!(c.flag("None Identified"), None);
        assert_eq!(c.flag("Atlantis").as_deref(), Some("Atlantis"));
    }

    #[test]
    fn categories() {
        assert_eq!(VesselCategory::from_text("Crude/Oil Products Tanker"), Some(VesselCategory::Tanker));
        assert_eq!(VesselCategory::from_text("General Cargo"), Some(VesselCategory::Cargo));
        assert_eq!(VesselCategory::from_ais(84), Some(VesselCategory::Tanker));
        assert_eq!(VesselCategory::from_ais(0), None);
    }

    #[test]
    fn latin1_falls_back() {
        assert_eq!(decode_text(b"Caf\xe9"), "Café");
        assert_eq!(decode_text("Café".as_bytes()), "Café");
    }
}
