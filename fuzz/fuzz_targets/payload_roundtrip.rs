//! Any armoured payload that decodes re-encodes to a payload that decodes to the
//! same message.
//!
//! One exception, by design: a decoded message whose canonical encoding is longer
//! than the decoder accepts (`MAX_PAYLOAD_CHARS`). That happens only for binary
//! messages near the bound whose last, partial entry gpsd (and so this decoder)
//! counts as a whole one; re-encoded, the entry is whole and the payload grows.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&fill, payload)) = data.split_first() else { return };
    if let Ok(msg) = ais::Message::from_payload(payload, fill % 6) {
        let (again, fill_again) = msg.encode_payload();
        if again.len() > ais::MAX_PAYLOAD_CHARS {
            return;
        }
        let decoded = ais::Message::from_payload(again.as_bytes(), fill_again)
            .unwrap_or_else(|e| panic!("re-encoded {msg:?} does not decode: {e}"));
        assert_eq!(decoded, msg);
    }
});
