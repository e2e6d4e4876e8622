//! Transmission and reception: every vessel's reports on its ITU-R M.1371 schedule,
//! heard (or not) by each receiver, written as tagged NMEA lines in time order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::Write;

use ais::encode::{encode_sentences, EncodeOptions};
use ais::msg::{
    ClassBFix, ClassBPosition, Eta, Message, PartA, PartB, PartBTail, PositionReport, StaticDataPart,
    StaticDataReport, StaticVoyage,
};

use super::error::Error;
use super::motion::State;
use super::plan::{Plan, Vessel};
use super::reporting::{position_interval_ms, AisClass, STATIC_INTERVAL_MS};
use super::rng::Rng;
use crate::geo::geodesy::destination;

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Messages the vessels sent (each heard by zero or more receivers).
    pub messages_sent: u64,
    /// Messages no receiver heard.
    pub messages_unheard: u64,
    /// NMEA lines written.
    pub lines: u64,
    /// Lines written with a payload character flipped (their checksum fails).
    pub corrupt_lines: u64,
}

/// The 64 characters of the AIS payload armour.
const ARMOUR: &[u8; 64] = b"0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw";

/// A vessel's transmitter: when its next reports are due.
struct Transmitter {
    next_position_ms: i64,
    next_static_ms: i64,
    rng: Rng,
}

/// Writes the plan's AIS as NMEA lines to `out`, in order of time (then vessel).
pub fn write_nmea(plan: &Plan, seed: u64, out: &mut dyn Write) -> Result<Summary, Error> {
    let mut summary = Summary::default();
    // The channel's own stream, apart from the vessels': reception never shifts motion.
    let mut channel_rng = Rng::derive(seed, u64::MAX);
    let mut transmitters: Vec<Transmitter> = plan
        .vessels
        .iter()
        .enumerate()
        .map(|(index, _)| {
            let mut rng = Rng::derive(seed, (1 << 32) + u64::try_from(index).unwrap_or(0));
            // Whole-second phases, so that vessels do not all report in the same slot.
            let position_phase_ms = i64::try_from(rng.below(10)).unwrap_or(0) * 1000;
            let static_phase_ms = i64::try_from(rng.below(360)).unwrap_or(0) * 1000;
            Transmitter {
                next_position_ms: plan.start_ms + position_phase_ms,
                next_static_ms: plan.start_ms + static_phase_ms,
                rng,
            }
        })
        .collect();
    let mut due: BinaryHeap<Reverse<(i64, usize)>> = transmitters
        .iter()
        .enumerate()
        .map(|(index, t)| Reverse((t.next_position_ms.min(t.next_static_ms), index)))
        .collect();
    // One sequence for all receivers, as one multiplexed feed numbers its multi-part
    // messages, and a tag-block group id on every fragment of each (counting up), so
    // that fragments from different stations never mix.
    let mut sequence_id = 0_u8;
    let mut group_id = 0_u32;
    let mut messages = Vec::with_capacity(2);
    while let Some(Reverse((t_ms, index))) = due.pop() {
        if t_ms >= plan.end_ms {
            continue;
        }
        let vessel = &plan.vessels[index];
        let transmitter = &mut transmitters[index];
        let Some(state) = vessel.state_at(t_ms) else { continue };
        let reported = reported(&state, &mut transmitter.rng);
        messages.clear();
        if transmitter.next_position_ms == t_ms {
            messages.push(position_message(vessel, &reported, t_ms));
            transmitter.next_position_ms +=
                position_interval_ms(vessel.class, reported.sog_knots, state.nav_status);
        }
        if transmitter.next_static_ms == t_ms {
            static_messages(vessel, t_ms, &mut messages);
            transmitter.next_static_ms += STATIC_INTERVAL_MS;
        }
        due.push(Reverse((transmitter.next_position_ms.min(transmitter.next_static_ms), index)));
        if !vessel.transmitting_at(t_ms) {
            continue;
        }
        for message in &messages {
            summary.messages_sent += 1;
            let channel = if channel_rng.chance(0.5) { 'A' } else { 'B' };
            let mut heard = false;
            for receiver in &plan.receivers {
                if !channel_rng.chance(receiver.chance(state.lat_deg, state.lon_deg)) {
                    continue;
                }
                heard = true;
                let options = EncodeOptions {
                    channel: Some(channel),
                    time_ms: Some(t_ms),
                    source: Some(receiver.name()),
                    group_id: Some(group_id),
                    ..EncodeOptions::default()
                };
                let mut lines = encode_sentences(message, sequence_id, &options);
                if lines.len() > 1 {
                    sequence_id = (sequence_id + 1) % 10;
                    // Group ids of IEC 61162-450 are up to 99999 and may wrap.
                    group_id = (group_id + 1) % 100_000;
                } else if channel_rng.chance(plan.corrupt_fraction) {
                    // Only single-sentence messages are corrupted, so that every intact
                    // line still decodes (a bad fragment would strand its siblings).
                    corrupt(&mut lines[0], &mut channel_rng);
                    summary.corrupt_lines += 1;
                }
                for line in &lines {
                    out.write_all(line.as_bytes())?;
                    out.write_all(b"\n")?;
                    summary.lines += 1;
                }
            }
            if !heard {
                summary.messages_unheard += 1;
            }
        }
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
