//! Any bytes as a CSV row under each known layout (DMA aisdk, MarineCadastre and a
//! generic column map): the splitter and row parser never panic, and a row they
//! accept holds a valid position.
#![no_main]
use libfuzzer_sys::fuzz_target;
use plimsoll::ingest::{parse_row, ColumnSpec, CsvLayout, FieldSplitter, TimeFormat};

const HEADERS: [&[u8]; 3] = [
    b"# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,Destination,ETA,Data source type",
    b"MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass",
    b"ID,ais_pos_timestamp,longitude,latitude,speed,name",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, row)) = data.split_first() else { return };
    let which = usize::from(selector % 3);
    let spec: Option<ColumnSpec> = (which == 2)
        .then(|| "mmsi=ID,time=ais_pos_timestamp,lon=longitude,lat=latitude,sog=speed,name=name".parse().ok())
        .flatten();
    let time_format = if selector & 0x80 != 0 { TimeFormat::Iso } else { "%d/%m/%Y %H:%M:%S".parse().unwrap_or(TimeFormat::Iso) };
    let mut header = FieldSplitter::default();
    header.split(HEADERS[which]).expect("known header splits");
    let layout = CsvLayout::recognise(&header.fields(), spec.as_ref(), &time_format, None)
        .expect("known header is recognised")
        .expect("known header is a CSV layout");
    let mut fields = FieldSplitter::default();
    if fields.split(row).is_err() {
        return;
    }
    if let Ok(parsed) = parse_row(&fields.fields(), &layout, 1) {
        if let Some(p) = parsed.position {
            assert!((-90.0..=90.0).contains(&p.lat_deg) && (-180.0..=180.0).contains(&p.lon_deg), "{p:?}");
            assert!(p.lat_deg.is_finite() && p.lon_deg.is_finite());
        }
    }
});
