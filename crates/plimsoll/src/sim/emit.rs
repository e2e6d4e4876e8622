//! Transmission and reception: every vessel's reports on its ITU-R M.1371 schedule,
//! heard (or not) by each receiver, written as tagged NMEA lines in time order.

use std::collections::HashMap;
use std::io::Write;

use rayon::prelude::*;

use ais::encode::{encode_sentences, EncodeOptions};
use ais::msg::{
    ClassBFix, ClassBPosition, Eta, Message, PartA, PartB, PartBTail, PositionReport, StaticDataPart,
    StaticDataReport, StaticVoyage,
};

use serde_json::{json, Map};

use super::error::Error;
use super::motion::{State, MPS_PER_KNOT};
use super::plan::{Plan, Receiver, Vessel};
use super::reporting::{position_interval_ms, AisClass, STATIC_INTERVAL_MS};
use super::rng::Rng;
use crate::detect::ais_gap::AisGapConfig;
use crate::event::{Event, EventKind};
use crate::geo::geodesy::destination;

/// What was written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Messages the vessels sent (each heard by zero or more receivers).
    pub messages_sent: u64,
    /// Messages no receiver heard.
    pub messages_unheard: u64,
    /// Position reports sent (types 1 and 18).
    pub positions_sent: u64,
    /// Position reports heard by at least one receiver: the positions a store keeps
    /// once duplicates from several receivers are dropped.
    pub positions_heard: u64,
    /// NMEA lines written, a message heard by several receivers once per receiver.
    pub lines: u64,
    /// Lines written with a payload character flipped (their checksum fails).
    pub corrupt_lines: u64,
    /// Silences of 6 hours or more (the gap detector's default) between two position
    /// reports heard from a vessel whose transponder was on: `ais_gap` truth with
    /// `details.cause` `receiver_outage` (a receiver was out meanwhile) or `coverage`.
    pub reception_gaps: Vec<Event>,
}

impl Summary {
    fn add(&mut self, other: &Summary) {
        self.messages_sent += other.messages_sent;
        self.messages_unheard += other.messages_unheard;
        self.positions_sent += other.positions_sent;
        self.positions_heard += other.positions_heard;
        self.lines += other.lines;
        self.corrupt_lines += other.corrupt_lines;
        self.reception_gaps.extend(other.reception_gaps.iter().cloned());
    }
}

/// The 64 characters of the AIS payload armour.
const ARMOUR: &[u8; 64] = b"0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw";

/// Output is generated in windows of this much simulated time: every vessel's messages
/// of one window in parallel, then sorted by time and written while the next window is
/// generated. Memory holds about two windows of lines.
const WINDOW_MS: i64 = 5 * 60_000;

/// A vessel's transmitter: when its next reports are due, and its own random streams
/// (sensor noise; the radio channel), so that vessels can be generated in any order
/// and a change in reception never moves a ship.
struct Transmitter {
    next_position_ms: i64,
    next_static_ms: i64,
    rng: Rng,
    channel_rng: Rng,
    /// When and where a position report of it was last heard.
    last_heard: Option<(i64, f64, f64)>,
    /// Until when no shore station can hear it (it is out of their reach and cannot
    /// get there sooner at its top speed): only satellites are asked, and its position
    /// is worked out only for the messages they hear.
    far_until_ms: i64,
    max_speed_knots: f64,
}

/// Shore stations by 1° cell of the positions they can hear, and the satellites.
struct Receivers<'p> {
    all: &'p [Receiver],
    by_cell: HashMap<(i32, i32), Vec<usize>>,
    satellites: Vec<usize>,
}

impl<'p> Receivers<'p> {
    fn new(all: &'p [Receiver]) -> Receivers<'p> {
        let mut by_cell: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
        let mut satellites = Vec::new();
        for (index, receiver) in all.iter().enumerate() {
            match receiver {
                Receiver::Shore { at, range_m, .. } => {
                    let d_lat = range_m / 111_000.0 + 1.0;
                    let d_lon =
                        (range_m / (111_000.0 * at.lat_deg.to_radians().cos().max(0.01)) + 1.0).min(180.0);
                    // Float to integer: cell numbers of bounded coordinates.
                    for row in (at.lat_deg - d_lat).floor() as i32..=(at.lat_deg + d_lat).floor() as i32 {
                        for col in (at.lon_deg - d_lon).floor() as i32..=(at.lon_deg + d_lon).floor() as i32 {
                            let col = (col + 180).rem_euclid(360) - 180;
                            let cell = by_cell.entry((row, col)).or_default();
                            if cell.last() != Some(&index) {
                                cell.push(index);
                            }
                        }
                    }
                }
                Receiver::Satellite { .. } => satellites.push(index),
            }
        }
        Receivers { all, by_cell, satellites }
    }

    /// The receivers that may hear a message sent at `state`: the shore stations in
    /// range of its cell (in receiver order), then the satellites.
    fn candidates(&self, state: &State, out: &mut Vec<usize>) {
        out.clear();
        let cell = (state.lat_deg.floor() as i32, state.lon_deg.floor() as i32);
        out.extend(self.by_cell.get(&cell).into_iter().flatten());
        out.extend(&self.satellites);
    }
}

/// One message heard by one receiver, waiting in a window to be written.
enum Heard {
    /// Lines already encoded, at this range of the chunk's bytes.
    Lines { start: usize, end: usize },
    /// A multi-sentence message: encoded when written, where sequence and group ids
    /// are counted over the whole feed.
    Multi { message: usize, receiver: usize, channel: char },
}

/// A window's output for a run of vessels.
#[derive(Default)]
struct Chunk {
    bytes: Vec<u8>,
    messages: Vec<Message>,
    /// (time, vessel, what), in order of vessel, then time.
    heard: Vec<(i64, usize, Heard)>,
    summary: Summary,
}

/// Writes the plan's AIS as NMEA lines to `out`, in order of time (then vessel).
pub fn write_nmea(plan: &Plan, seed: u64, out: &mut (dyn Write + Send)) -> Result<Summary, Error> {
    let receivers = Receivers::new(&plan.receivers);
    let mut transmitters: Vec<Transmitter> = (0..plan.vessels.len())
        .map(|index| {
            let index = u64::try_from(index).unwrap_or(0);
            let mut rng = Rng::derive(seed, (1 << 32) + index);
            // Whole-second phases, so that vessels do not all report in the same slot.
            let position_phase_ms = i64::try_from(rng.below(10)).unwrap_or(0) * 1000;
            let static_phase_ms = i64::try_from(rng.below(360)).unwrap_or(0) * 1000;
            Transmitter {
                next_position_ms: plan.start_ms + position_phase_ms,
                next_static_ms: plan.start_ms + static_phase_ms,
                rng,
                channel_rng: Rng::derive(seed, (2 << 32) + index),
                last_heard: None,
                far_until_ms: i64::MIN,
                max_speed_knots: plan.vessels[usize::try_from(index).unwrap_or(0)].track.max_speed_knots(),
            }
        })
        .collect();
    // Chunks of vessels: enough for both cores to share the work evenly.
    let chunk_size = plan.vessels.len().div_ceil(64).max(64);
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Chunk>>(1);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_windows(receivers.all, &receiver, out));
        let mut window_start_ms = plan.start_ms;
        while window_start_ms < plan.end_ms {
            let window_end_ms = (window_start_ms + WINDOW_MS).min(plan.end_ms);
            let chunks: Vec<Chunk> = transmitters
                .par_chunks_mut(chunk_size)
                .enumerate()
                .map(|(c, transmitters)| {
                    let first = c * chunk_size;
                    generate(plan, &receivers, first, transmitters, window_end_ms)
                })
                .collect();
            if sender.send(chunks).is_err() {
                // The writer stopped on an error, which joining it returns.
                break;
            }
            window_start_ms = window_end_ms;
        }
        drop(sender);
        writer.join().unwrap_or_else(|_| Err(std::io::Error::other("the NMEA writer panicked").into()))
    })
}

/// The messages of vessels `first..` due before `until_ms`, and who heard them.
fn generate(
    plan: &Plan,
    receivers: &Receivers,
    first: usize,
    transmitters: &mut [Transmitter],
    until_ms: i64,
) -> Chunk {
    let mut chunk = Chunk::default();
    let mut candidates = Vec::new();
    let mut messages = Vec::with_capacity(2);
    let mut hearers = Vec::new();
    for (offset, transmitter) in transmitters.iter_mut().enumerate() {
        let index = first + offset;
        let vessel = &plan.vessels[index];
        loop {
            messages.clear();
            let t_ms = transmitter.next_position_ms.min(transmitter.next_static_ms);
            if t_ms >= until_ms {
                break;
            }
            let far = t_ms < transmitter.far_until_ms;
            let mut state = None;
            let (sog_knots, nav_status) = if far {
                let Some(motion) = vessel.track.motion_at(t_ms) else { break };
                motion
            } else {
                let Some(s) = vessel.state_at(t_ms) else { break };
                state = Some(s);
                (s.sog_knots, s.nav_status)
            };
            // What is due; the schedule follows the true speed (the standard's rates go
            // by speed bands, which sensor noise does not move a ship across).
            let position_due = transmitter.next_position_ms == t_ms;
            let static_due = transmitter.next_static_ms == t_ms;
            if position_due {
                transmitter.next_position_ms += position_interval_ms(vessel.class, sog_knots, nav_status);
            }
            if static_due {
                transmitter.next_static_ms += STATIC_INTERVAL_MS;
            }
            if !vessel.transmitting_at(t_ms) {
                continue;
            }
            match state {
                Some(s) => {
                    receivers.candidates(&s, &mut candidates);
                    if candidates.len() == receivers.satellites.len() {
                        // Out of every station's reach by at least a degree of
                        // longitude: that long at its top speed.
                        let margin_m = 111_000.0 * s.lat_deg.to_radians().cos();
                        let speed_mps = transmitter.max_speed_knots.max(1.0) * MPS_PER_KNOT;
                        transmitter.far_until_ms = t_ms + (margin_m / speed_mps * 1000.0) as i64;
                    }
                }
                None => {
                    candidates.clear();
                    candidates.extend(&receivers.satellites);
                }
            }
            // Who hears each message is drawn first: most messages at sea are heard by
            // no one, and those are never built.
            let slots = usize::from(position_due) + if static_due { static_count(vessel) } else { 0 };
            for slot in 0..slots {
                let position = position_due && slot == 0;
                chunk.summary.messages_sent += 1;
                chunk.summary.positions_sent += u64::from(position);
                let channel_rng = &mut transmitter.channel_rng;
                let channel = if channel_rng.chance(0.5) { 'A' } else { 'B' };
                hearers.clear();
                for &r in &candidates {
                    // Drawn even in an outage, so that an outage changes nothing else.
                    let chance = match (&receivers.all[r], state) {
                        (Receiver::Satellite { fraction, .. }, _) => *fraction,
                        (receiver, Some(s)) => receiver.chance(s.lat_deg, s.lon_deg),
                        (_, None) => 0.0,
                    };
                    let hears = channel_rng.chance(chance);
                    let out =
                        plan.outages_ms.iter().any(|&(o, start, end)| o == r && (start..end).contains(&t_ms));
                    if hears && !out {
                        hearers.push(r);
                    }
                }
                let heard = !hearers.is_empty();
                if heard {
                    let Some(known) = state.or_else(|| vessel.state_at(t_ms)) else { break };
                    state = Some(known);
                    let state = known;
                    if messages.is_empty() {
                        if position_due {
                            let reported = reported(&state, &mut transmitter.rng);
                            messages.push(position_message(vessel, &reported, t_ms));
                        }
                        if static_due {
                            static_messages(vessel, t_ms, &mut messages);
                        }
                    }
                    let message = &messages[slot];
                    let multi = matches!(message, Message::StaticVoyage(_)).then(|| {
                        chunk.messages.push(message.clone());
                        chunk.messages.len() - 1
                    });
                    for &r in &hearers {
                        if let Some(m) = multi {
                            chunk.heard.push((
                                t_ms,
                                index,
                                Heard::Multi { message: m, receiver: r, channel },
                            ));
                            continue;
                        }
                        let options = EncodeOptions {
                            channel: Some(channel),
                            time_ms: Some(t_ms),
                            source: Some(receivers.all[r].name()),
                            ..EncodeOptions::default()
                        };
                        let start = chunk.bytes.len();
                        for mut line in encode_sentences(message, 0, &options) {
                            if channel_rng.chance(plan.corrupt_fraction) {
                                corrupt(&mut line, channel_rng);
                                chunk.summary.corrupt_lines += 1;
                            }
                            chunk.bytes.extend_from_slice(line.as_bytes());
                            chunk.bytes.push(b'\n');
                            chunk.summary.lines += 1;
                        }
                        chunk.heard.push((t_ms, index, Heard::Lines { start, end: chunk.bytes.len() }));
                    }
                }
                if let (true, Some(state)) = (heard && position, state) {
                    chunk.summary.positions_heard += 1;
                    if let Some(gap) = reception_gap(plan, vessel, transmitter.last_heard, (t_ms, &state)) {
                        chunk.summary.reception_gaps.push(gap);
                    }
                    transmitter.last_heard = Some((t_ms, state.lat_deg, state.lon_deg));
                } else if !heard {
                    chunk.summary.messages_unheard += 1;
                }
            }
        }
    }
    chunk
}

/// The silence since `last` heard, if long enough to be a gap and not the vessel's own
/// doing (a transponder gap in the scenario, which has its own truth).
fn reception_gap(
    plan: &Plan,
    vessel: &Vessel,
    last: Option<(i64, f64, f64)>,
    (t_ms, state): (i64, &State),
) -> Option<Event> {
    let (last_ms, lat_deg, lon_deg) = last?;
    if t_ms - last_ms < AisGapConfig::default().min_gap_ms
        || vessel.gaps_ms.iter().any(|&(start, end)| start < t_ms && end > last_ms)
    {
        return None;
    }
    let outage = plan.outages_ms.iter().any(|&(_, start, end)| start < t_ms && end > last_ms);
    let cause = if outage { "receiver_outage" } else { "coverage" };
    let mut details = Map::new();
    details.insert("cause".into(), json!(cause));
    details.insert("confounder".into(), json!(cause));
    details.insert("duration_hours".into(), json!((t_ms - last_ms) as f64 / 3_600_000.0));
    details.insert("end_lat".into(), json!(state.lat_deg));
    details.insert("end_lon".into(), json!(state.lon_deg));
    Some(Event::new(EventKind::AisGap, vec![vessel.mmsi], last_ms, t_ms, (lat_deg, lon_deg), 1.0, details))
}

/// Writes each window's lines in order of time, then vessel; returns the summary.
fn write_windows(
    receivers: &[Receiver],
    windows: &std::sync::mpsc::Receiver<Vec<Chunk>>,
    out: &mut (dyn Write + Send),
) -> Result<Summary, Error> {
    let mut summary = Summary::default();
    // One sequence for all receivers, as one multiplexed feed numbers its multi-part
    // messages, and a tag-block group id on every fragment of each (counting up), so
    // that fragments from different stations never mix.
    let mut sequence_id = 0_u8;
    let mut group_id = 0_u32;
    let mut order = Vec::new();
    // A window's lines go out in one write: a compressing writer is slow with lines.
    let mut buffer: Vec<u8> = Vec::new();
    for chunks in windows {
        order.clear();
        buffer.clear();
        for (c, chunk) in chunks.iter().enumerate() {
            summary.add(&chunk.summary);
            order.extend(chunk.heard.iter().enumerate().map(|(i, &(t_ms, vessel, _))| (t_ms, vessel, c, i)));
        }
        // Stable: a vessel's messages keep their order within a time.
        order.sort_by_key(|&(t_ms, vessel, _, _)| (t_ms, vessel));
        for &(t_ms, _, c, i) in &order {
            let chunk = &chunks[c];
            match chunk.heard[i].2 {
                Heard::Lines { start, end } => buffer.extend_from_slice(&chunk.bytes[start..end]),
                Heard::Multi { message, receiver, channel } => {
                    let options = EncodeOptions {
                        channel: Some(channel),
                        time_ms: Some(t_ms),
                        source: Some(receivers[receiver].name()),
                        group_id: Some(group_id),
                        ..EncodeOptions::default()
                    };
                    let lines = encode_sentences(&chunk.messages[message], sequence_id, &options);
                    sequence_id = (sequence_id + 1) % 10;
                    // Group ids of IEC 61162-450 are up to 99999 and may wrap.
                    group_id = (group_id + 1) % 100_000;
                    for line in &lines {
                        buffer.extend_from_slice(line.as_bytes());
                        buffer.push(b'\n');
                    }
                    summary.lines += u64::try_from(lines.len()).unwrap_or(0);
                }
            }
        }
        out.write_all(&buffer)?;
    }
    out.flush()?;
    Ok(summary)
}

/// What a transponder reports: the true state with the noise of its sensors, a GNSS
/// position a few metres off (standard deviation 4 m), and speed and course, when
/// moving, off by about 0.1 knot and 1 degree.
fn reported(state: &State, rng: &mut Rng) -> State {
    let (lat_deg, lon_deg) =
        destination(state.lat_deg, state.lon_deg, rng.range_f64(0.0, 360.0), rng.noise(4.0).abs());
    let moving = state.sog_knots > 0.0;
    State {
        lat_deg,
        lon_deg,
        sog_knots: if moving { (state.sog_knots + rng.noise(0.1)).max(0.0) } else { 0.0 },
        cog_deg: if moving { (state.cog_deg + rng.noise(1.0)).rem_euclid(360.0) } else { state.cog_deg },
        nav_status: state.nav_status,
    }
}

/// The UTC second of a time, as position reports carry it.
fn utc_second(t_ms: i64) -> u8 {
    u8::try_from(t_ms.div_euclid(1000).rem_euclid(60)).unwrap_or(60)
}

/// A position report of the reported state.
fn position_message(vessel: &Vessel, state: &State, t_ms: i64) -> Message {
    let cog_deg = (state.cog_deg * 10.0).round() / 10.0 % 360.0;
    let sog_knots = state.sog_knots;
    // A ship at rest reports its heading but no meaningful course.
    let moving = sog_knots > 0.0;
    let heading_deg = u16::try_from((state.cog_deg.round() as i64).rem_euclid(360)).ok();
    match vessel.class {
        AisClass::A => Message::Position(PositionReport {
            msg_type: 1,
            repeat: 0,
            mmsi: vessel.mmsi,
            nav_status: state.nav_status,
            turn: Some(0),
            sog_knots: Some(sog_knots),
            accuracy: false,
            lon_deg: Some(state.lon_deg),
            lat_deg: Some(state.lat_deg),
            cog_deg: moving.then_some(cog_deg),
            heading_deg,
            second: utc_second(t_ms),
            maneuver: 0,
            spare: 0,
            raim: false,
            radio: 0,
        }),
        AisClass::B => Message::ClassB(ClassBPosition {
            repeat: 0,
            mmsi: vessel.mmsi,
            fix: ClassBFix {
                reserved: 0,
                sog_knots: Some(sog_knots),
                accuracy: false,
                lon_deg: Some(state.lon_deg),
                lat_deg: Some(state.lat_deg),
                cog_deg: moving.then_some(cog_deg),
                // Class B sets rarely have a heading sensor.
                heading_deg: None,
                second: utc_second(t_ms),
            },
            regional: 0,
            cs: true,
            display: false,
            dsc: false,
            band: true,
            msg22: true,
            assigned: false,
            raim: false,
            radio: 0,
        }),
    }
}

/// How many static messages a vessel sends at a time: [`static_messages`]'s count.
fn static_count(vessel: &Vessel) -> usize {
    match vessel.class {
        AisClass::A => 1,
        AisClass::B => 2,
    }
}

/// Type 5 for Class A; type 24 parts A and B for Class B.
fn static_messages(vessel: &Vessel, t_ms: i64, out: &mut Vec<Message>) {
    let identity = vessel.identity_at(t_ms);
    match vessel.class {
        AisClass::A => out.push(Message::StaticVoyage(Box::new(StaticVoyage {
            repeat: 0,
            mmsi: vessel.mmsi,
            ais_version: 2,
            imo: Some(vessel.imo),
            callsign: identity.callsign.clone(),
            shipname: identity.name.clone(),
            ship_type: vessel.ship_type,
            dimensions: vessel.dimensions,
            epfd: 1,
            // Not available: month 0, day 0, hour 24, minute 60.
            eta: Eta { month: 0, day: 0, hour: 24, minute: 60 },
            draught_m: Some(vessel.draught_m_at(t_ms)),
            destination: vessel.destination.clone(),
            dte: false,
            spare: 0,
        }))),
        AisClass::B => {
            out.push(Message::StaticDataReport(StaticDataReport {
                repeat: 0,
                mmsi: vessel.mmsi,
                part: StaticDataPart::A(PartA { shipname: identity.name.clone(), spare: 0 }),
            }));
            out.push(Message::StaticDataReport(StaticDataReport {
                repeat: 0,
                mmsi: vessel.mmsi,
                part: StaticDataPart::B(PartB {
                    ship_type: vessel.ship_type,
                    vendor_id: "SIM".to_owned(),
                    model: 1,
                    serial: vessel.mmsi % (1 << 20),
                    callsign: identity.callsign.clone(),
                    tail: PartBTail::Dimensions(vessel.dimensions),
                    spare: 0,
                }),
            }));
        }
    }
}

/// Flips one payload character of a sentence to another armour character, so that its
/// checksum no longer matches.
fn corrupt(line: &mut String, rng: &mut Rng) {
    // The payload is the sixth field after the `!`: `!AIVDM,1,1,,A,<payload>,0*hh`.
    let Some(bang) = line.find('!') else { return };
    let commas: Vec<usize> = line[bang..].match_indices(',').map(|(i, _)| bang + i).take(6).collect();
    let [.., start, end] = commas[..] else { return };
    let payload_len = end - start - 1;
    if payload_len == 0 {
        return;
    }
    let at = start + 1 + usize::try_from(rng.below(u64::try_from(payload_len).unwrap_or(1))).unwrap_or(0);
    let old = line.as_bytes()[at];
    let old_index = ARMOUR.iter().position(|&c| c == old).unwrap_or(0);
    let shift = 1 + usize::try_from(rng.below(63)).unwrap_or(0);
    let new = char::from(ARMOUR[(old_index + shift) % 64]);
    line.replace_range(at..=at, new.encode_utf8(&mut [0; 4]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corruption_breaks_the_checksum_only() {
        let mut rng = Rng::new(1);
        for _ in 0..200 {
            let mut line =
                String::from("\\s:X,c:1518652800*5B\\!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*23");
            let original = line.clone();
            corrupt(&mut line, &mut rng);
            assert_eq!(line.len(), original.len());
            let differing: Vec<usize> = line
                .bytes()
                .zip(original.bytes())
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .map(|(i, _)| i)
                .collect();
            assert_eq!(differing.len(), 1);
            assert!((35..63).contains(&differing[0]), "{line}");
        }
    }
}
