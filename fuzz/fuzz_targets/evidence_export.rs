//! Any bytes as an event line (untrusted: event files are shared between analysts),
//! exported in every format: nothing panics, the GeoJSON parses as JSON, and the KML is
//! well-formed XML whatever the ids, names and details hold.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plimsoll::event::Event;
use plimsoll::evidence::export::{export_events, Format};
use plimsoll::evidence::Filter;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(event) = Event::from_json_line(text, 1) else { return };
    let events = [event];
    for (_, format) in Format::ALL {
        let mut out = Vec::new();
        export_events(&events, &Filter::default(), format, &mut out).expect("writing to memory succeeds");
        match format {
            Format::GeoJson => {
                serde_json::from_slice::<serde_json::Value>(&out).expect("GeoJSON is JSON");
            }
            Format::Kml => {
                let mut reader = quick_xml::Reader::from_reader(out.as_slice());
                reader.config_mut().check_end_names = true;
                let mut buf = Vec::new();
                loop {
                    match reader.read_event_into(&mut buf).expect("KML is well-formed") {
                        quick_xml::events::Event::Eof => break,
                        _ => buf.clear(),
                    }
                }
            }
            _ => {}
        }
    }
});
