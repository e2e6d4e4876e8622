//! Round trips for every message type: generated messages are encoded to an
//! armoured payload and decoded back, and encoded to sentences (split into several
//! fragments too) and fed through the [`Decoder`], and must come back equal.
//!
//! Generated values stay within what the wire format can say: texts in the six-bit
//! alphabet without `@` or trailing spaces, coordinates on the grid of their field,
//! and each binary application payload under the DAC/FID that selects it.

use ais::encode::{encode_sentences, EncodeOptions};
use ais::msg::*;
use ais::{Decoder, Fed, Message};
use proptest::prelude::*;
use proptest::sample::select;

const SIXBIT: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";

/// Text of up to `max` six-bit characters, as decoding returns it.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(select(SIXBIT.chars().collect::<Vec<_>>()), 0..=max)
        .prop_map(|c| c.into_iter().collect::<String>().trim_end_matches(' ').to_owned())
}

fn mmsi() -> std::ops::Range<u32> {
    0u32..(1 << 30)
}

/// A longitude on the grid of `per_degree`, or not available.
fn lon(per_degree: f64) -> impl Strategy<Value = Option<f64>> {
    let max = (180.0 * per_degree) as i64;
    prop::option::of((-max..=max).prop_map(move |r| r as f64 / per_degree))
}

fn lat(per_degree: f64) -> impl Strategy<Value = Option<f64>> {
    let max = (90.0 * per_degree) as i64;
    prop::option::of((-max..=max).prop_map(move |r| r as f64 / per_degree))
}

/// Tenths 0..`max_raw` as a float, or `None`.
fn tenths(max_raw: u16) -> impl Strategy<Value = Option<f64>> {
    prop::option::of((0..max_raw).prop_map(|r| f64::from(r) / 10.0))
}

fn heading() -> impl Strategy<Value = Option<u16>> {
    prop::option::of(0u16..360)
}

/// Raw bits of any length up to `max_bits`, unused low bits of the last byte zero.
fn data(max_bits: usize) -> impl Strategy<Value = BinaryData> {
    (0..=max_bits).prop_flat_map(|len| {
        prop::collection::vec(any::<u8>(), len.div_ceil(8)).prop_map(move |mut bytes| {
            if let Some(last) = bytes.last_mut() {
                let pad = (8 - len % 8) % 8;
                *last &= 0xffu8 << pad;
            }
            BinaryData { len_bits: len, bytes }
        })
    })
}

fn dims() -> impl Strategy<Value = Dimensions> {
    (0u16..512, 0u16..512, 0u8..64, 0u8..64).prop_map(|(a, b, c, d)| Dimensions {
        to_bow_m: a,
        to_stern_m: b,
        to_port_m: c,
        to_starboard_m: d,
    })
}

fn eta() -> impl Strategy<Value = Eta> {
    (0u8..16, 0u8..32, 0u8..32, 0u8..64).prop_map(|(month, day, hour, minute)| Eta {
        month,
        day,
        hour,
        minute,
    })
}

fn position_report() -> impl Strategy<Value = Message> {
    (
        (1u8..=3, 0u8..4, mmsi(), 0u8..16, prop::option::of(-127i8..=127), tenths(1023)),
        (any::<bool>(), lon(600_000.0), lat(600_000.0), tenths(3600), heading(), 0u8..64),
        (0u8..3, 0u8..8, any::<bool>(), 0u32..(1 << 19)),
    )
        .prop_map(
            |(
                (msg_type, repeat, mmsi, nav_status, turn, sog),
                (accuracy, lon, lat, cog, hdg, second),
                (maneuver, spare, raim, radio),
            )| {
                Message::Position(PositionReport {
                    msg_type,
                    repeat,
                    mmsi,
                    nav_status,
                    turn,
                    sog_knots: sog,
                    accuracy,
                    lon_deg: lon,
                    lat_deg: lat,
                    cog_deg: cog,
                    heading_deg: hdg,
                    second,
                    maneuver,
                    spare,
                    raim,
                    radio,
                })
            },
        )
}

fn base_station() -> impl Strategy<Value = Message> {
    (
        (select(vec![4u8, 11]), 0u8..4, mmsi(), 0u16..(1 << 14), 0u8..16, 0u8..32),
        (0u8..32, 0u8..64, 0u8..64, any::<bool>(), lon(600_000.0), lat(600_000.0)),
        (0u8..16, 0u16..1024, any::<bool>(), 0u32..(1 << 19)),
    )
        .prop_map(
            |(
                (msg_type, repeat, mmsi, year, month, day),
                (hour, minute, second, accuracy, lon, lat),
                (epfd, spare, raim, radio),
            )| {
                Message::BaseStation(BaseStationReport {
                    msg_type,
                    repeat,
                    mmsi,
                    year,
                    month,
                    day,
                    hour,
                    minute,
                    second,
                    accuracy,
                    lon_deg: lon,
                    lat_deg: lat,
                    epfd,
                    spare,
                    raim,
                    radio,
                })
            },
        )
}

fn static_voyage() -> impl Strategy<Value = Message> {
    (
        (0u8..4, mmsi(), 0u8..4, prop::option::of(1u32..(1 << 30)), text(7), text(20)),
        (any::<u8>(), dims(), 0u8..16, eta(), prop::option::of(1u8..=255), text(20)),
        (any::<bool>(), 0u8..2),
    )
        .prop_map(
            |(
                (repeat, mmsi, ais_version, imo, callsign, shipname),
                (ship_type, dimensions, epfd, eta, draught, destination),
                (dte, spare),
            )| {
                Message::StaticVoyage(Box::new(StaticVoyage {
                    repeat,
                    mmsi,
                    ais_version,
                    imo,
                    callsign,
                    shipname,
                    ship_type,
                    dimensions,
                    epfd,
                    eta,
                    draught_m: draught.map(|d| f64::from(d) / 10.0),
                    destination,
                    dte,
                    spare,
                }))
            },
        )
}

fn tidal_window() -> impl Strategy<Value = TidalWindow> {
    (select(vec![TidalLayout::Imo236, TidalLayout::Imo289]), 0u8..16, 0u8..32).prop_flat_map(
        |(layout, month, day)| {
            let (per_degree, speed_max) = match layout {
                TidalLayout::Imo236 => (600_000.0, 128u16),
                TidalLayout::Imo289 => (60_000.0, 256u16),
            };
            let tidal = (
                lon(per_degree),
                lat(per_degree),
                0u8..32,
                0u8..64,
                0u8..32,
                0u8..64,
                0u16..512,
                0..speed_max,
            )
                .prop_map(|(lon, lat, from_hour, from_min, to_hour, to_min, cdir, cspeed)| Tidal {
                    lon_deg: lon,
                    lat_deg: lat,
                    from_hour,
                    from_min,
                    to_hour,
                    to_min,
                    cdir_deg: cdir,
                    cspeed_knots: f64::from(cspeed) / 10.0,
                });
            prop::collection::vec(tidal, 0..=3).prop_map(move |tidals| TidalWindow {
                layout,
                month,
                day,
                tidals,
            })
        },
    )
}

fn addressed_app() -> impl Strategy<Value = (u16, u8, AddressedApp)> {
    prop_oneof![
        // DAC/FID pairs no decoder claims carry raw data
        (2u16..200, 0u8..64, data(920)).prop_map(|(dac, fid, d)| (dac, fid, AddressedApp::Data(d))),
        (
            select(vec![235u16, 250]),
            0u16..1024,
            0u16..1024,
            0u16..1024,
            0u8..4,
            0u8..4,
            any::<bool>(),
            any::<u8>(),
            any::<bool>(),
            0u8..16
        )
            .prop_map(
                |(dac, ana_int, ana_ext1, ana_ext2, racon, light, alarm, stat_ext, off_pos, spare)| {
                    (
                        dac,
                        10,
                        AddressedApp::AtonMonitoring(AtonMonitoring {
                            ana_int,
                            ana_ext1,
                            ana_ext2,
                            racon,
                            light,
                            alarm,
                            stat_ext,
                            off_pos,
                            spare,
                        }),
                    )
                }
            ),
        ((text(5), eta(), text(5), eta(), text(20), text(4)), (0u16..8192, 0u16..1024, 0u8..4, 0u8..8))
            .prop_map(
                |((lastport, departure, nextport, eta, dangerous, imdcat), (unid, amount, unit, spare))| {
                    (
                        1,
                        12,
                        AddressedApp::DangerousCargo(DangerousCargo236 {
                            lastport,
                            departure,
                            nextport,
                            eta,
                            dangerous,
                            imdcat,
                            unid,
                            amount,
                            unit,
                            spare,
                        }),
                    )
                }
            ),
        tidal_window().prop_map(|t| {
            let fid = if t.layout == TidalLayout::Imo236 { 14 } else { 32 };
            (1, fid, AddressedApp::TidalWindow(t))
        }),
        (0u16..1024, eta(), text(20), text(5), lon(60_000.0), lat(60_000.0), 0u64..(1 << 43)).prop_map(
            |(linkage, arrival, portname, destination, lon, lat, spare)| {
                (
                    1,
                    18,
                    AddressedApp::ClearanceTime(ClearanceTime {
                        linkage,
                        arrival,
                        portname,
                        destination,
                        lon_deg: lon,
                        lat_deg: lat,
                        spare,
                    }),
                )
            }
        ),
        (0u16..1024, text(150)).prop_map(|(linkage, text)| (
            1,
            30,
            AddressedApp::Text(TextDescription { linkage, text })
        )),
        (
            (0u16..1024, 0u16..512, any::<u8>(), 0u8..8, eta(), any::<bool>()),
            (prop::array::uniform26(0u8..4), text(20), lon(60_000.0), lat(60_000.0))
        )
            .prop_map(
                |(
                    (linkage, berth_length_m, berth_depth, position, arrival, availability),
                    (services, berth_name, lon, lat),
                )| {
                    (
                        1,
                        20,
                        AddressedApp::Berthing(BerthingData {
                            linkage,
                            berth_length_m,
                            berth_depth,
                            position,
                            arrival,
                            availability,
                            services,
                            berth_name,
                            berth_lon_deg: lon,
                            berth_lat_deg: lat,
                        }),
                    )
                }
            ),
        (
            0u8..4,
            0u16..1024,
            prop::collection::vec(
                (0u8..16, 0u16..8192).prop_map(|(code, subtype)| CargoEntry { code, subtype }),
                0..=20
            )
        )
            .prop_map(|(unit, amount, cargos)| (
                1,
                25,
                AddressedApp::DangerousCargo289(DangerousCargo289 { unit, amount, cargos })
            )),
        route().prop_map(|r| (1, 28, AddressedApp::Route(r))),
        (0u16..8192).prop_map(|n| (1, 16, AddressedApp::Persons(n))),
        (inland_location(), eta(), 0u8..8, 0u16..4096, 0u8..32).prop_map(
            |(location, eta, tugs, airdraught_cm, spare)| {
                (200, 21, AddressedApp::InlandEta(InlandEta { location, eta, tugs, airdraught_cm, spare }))
            }
        ),
        (inland_location(), eta(), 0u8..4, 0u8..4).prop_map(|(location, rta, status, spare)| (
            200,
            22,
            AddressedApp::InlandRta(InlandRta { location, rta, status, spare })
        )),
        (any::<u8>(), 0u16..8192, any::<u8>(), 0u64..(1 << 51)).prop_map(
            |(crew, passengers, personnel, spare)| {
                (200, 55, AddressedApp::InlandPersons(InlandPersons { crew, passengers, personnel, spare }))
            }
        ),
    ]
}

fn route() -> impl Strategy<Value = RouteInfo> {
    (
        0u16..1024,
        0u8..8,
        0u8..32,
        eta(),
        0u32..(1 << 18),
        prop::collection::vec((lon(600_000.0), lat(600_000.0)), 0..=8),
    )
        .prop_map(|(linkage, sender, rtype, start, duration_min, waypoints)| RouteInfo {
            linkage,
            sender,
            rtype,
            start,
            duration_min,
            waypoints,
        })
}

fn inland_location() -> impl Strategy<Value = InlandLocation> {
    (text(2), text(3), text(5), text(5), text(5)).prop_map(
        |(country, locode, section, terminal, hectometre)| InlandLocation {
            country,
            locode,
            section,
            terminal,
            hectometre,
        },
    )
}

fn vts_target() -> impl Strategy<Value = VtsTarget> {
    let id = prop_oneof![
        (0u64..(1 << 42)).prop_map(VtsTargetId::Mmsi),
        (0u64..(1 << 42)).prop_map(VtsTargetId::Imo),
        text(7).prop_map(VtsTargetId::Callsign),
        text(7).prop_map(VtsTargetId::Other),
    ];
    (id, 0u8..16, lat(60_000.0), lon(60_000.0), 0u16..512, 0u8..64, 0u16..1024).prop_map(
        |(id, spare, lat, lon, cog_deg, second, sog_knots)| VtsTarget {
            id,
            spare,
            lat_deg: lat,
            lon_deg: lon,
            cog_deg,
            second,
            sog_knots,
        },
    )
}

fn binary_addressed() -> impl Strategy<Value = Message> {
    (0u8..4, mmsi(), 0u8..4, mmsi(), any::<bool>(), 0u8..2, addressed_app()).prop_map(
        |(repeat, mmsi, seqno, dest_mmsi, retransmit, spare, (dac, fid, app))| {
            Message::BinaryAddressed(Box::new(BinaryAddressed {
                repeat,
                mmsi,
                seqno,
                dest_mmsi,
                retransmit,
                spare,
                dac,
                fid,
                app,
            }))
        },
    )
}

fn sea_state() -> impl Strategy<Value = SeaState> {
    (
        (any::<u8>(), 0u16..512, any::<u8>(), 0u16..512, 0u8..32, any::<u8>(), 0u16..512, 0u8..32),
        (any::<u8>(), 0u8..64, 0u16..512, any::<u8>(), 0u8..64, 0u16..512, 0u8..16),
    )
        .prop_map(
            |(
                (cspeed, cdir, cspeed2, cdir2, cdepth2, cspeed3, cdir3, cdepth3),
                (waveheight, waveperiod, wavedir, swellheight, swellperiod, swelldir, seastate),
            )| SeaState {
                cspeed,
                cdir,
                cspeed2,
                cdir2,
                cdepth2,
                cspeed3,
                cdir3,
                cdepth3,
                waveheight,
                waveperiod,
                wavedir,
                swellheight,
                swellperiod,
                swelldir,
                seastate,
            },
        )
}

fn observation() -> impl Strategy<Value = Observation> {
    (0u8..32, 0u8..32, 0u8..64, 0u8..128, 0u8..128, 0u16..512, 0u16..512).prop_map(
        |(day, hour, minute, wspeed_knots, wgust_knots, wdir_deg, wgustdir_deg)| Observation {
            day,
            hour,
            minute,
            wspeed_knots,
            wgust_knots,
            wdir_deg,
            wgustdir_deg,
        },
    )
}

fn broadcast_app() -> impl Strategy<Value = (u16, u8, BroadcastApp)> {
    prop_oneof![
        (2u16..200, 0u8..64, data(952)).prop_map(|(dac, fid, d)| (dac, fid, BroadcastApp::Data(d))),
        (
            (
                lat(60_000.0),
                lon(60_000.0),
                observation(),
                0u16..2048,
                0u8..128,
                0u16..1024,
                0u16..512,
                0u8..4
            ),
            (any::<u8>(), 0u16..512, 0u8..4, sea_state(), 0u16..1024, 0u8..8, 0u16..512, 0u8..4, 0u8..64),
        )
            .prop_map(
                |(
                    (lat, lon, obs, airtemp, humidity_pct, dewpoint, pressure, pressuretend),
                    (visibility, waterlevel, leveltrend, sea, watertemp, preciptype, salinity, ice, spare),
                )| {
                    (
                        1,
                        11,
                        BroadcastApp::MetHydro236(MetHydro236 {
                            lat_deg: lat,
                            lon_deg: lon,
                            obs,
                            airtemp,
                            humidity_pct,
                            dewpoint,
                            pressure,
                            pressuretend,
                            visibility,
                            waterlevel,
                            leveltrend,
                            sea,
                            watertemp,
                            preciptype,
                            salinity,
                            ice,
                            spare,
                        }),
                    )
                }
            ),
        (0u16..1024, text(150)).prop_map(|(linkage, text)| (
            1,
            29,
            BroadcastApp::Text(TextDescription { linkage, text })
        )),
        (
            (
                lon(60_000.0),
                lat(60_000.0),
                any::<bool>(),
                observation(),
                -1024i16..1024,
                0u8..128,
                -512i16..512,
                0u16..512,
                0u8..4,
                any::<bool>()
            ),
            (0u8..128, 0u16..4096, 0u8..4, sea_state(), -512i16..512, 0u8..8, 0u16..512, 0u8..4, 0u16..1024),
        )
            .prop_map(
                |(
                    (
                        lon,
                        lat,
                        accuracy,
                        obs,
                        airtemp,
                        humidity_pct,
                        dewpoint,
                        pressure,
                        pressuretend,
                        visgreater,
                    ),
                    (visibility, waterlevel, leveltrend, sea, watertemp, preciptype, salinity, ice, spare),
                )| {
                    (
                        1,
                        31,
                        BroadcastApp::MetHydro289(MetHydro289 {
                            lon_deg: lon,
                            lat_deg: lat,
                            accuracy,
                            obs,
                            airtemp,
                            humidity_pct,
                            dewpoint,
                            pressure,
                            pressuretend,
                            visgreater,
                            visibility,
                            waterlevel,
                            leveltrend,
                            sea,
                            watertemp,
                            preciptype,
                            salinity,
                            ice,
                            spare,
                        }),
                    )
                }
            ),
        (
            (text(8), 0u16..8192, 0u16..1024, 0u16..16384, 0u8..=5, 0u16..2048),
            (0u8..4, any::<bool>(), any::<bool>(), any::<bool>(), any::<u8>())
        )
            .prop_map(
                |(
                    (vin, length_dm, beam_dm, ship_type, hazard, draught_cm),
                    (loaded, speed_q, course_q, heading_q, spare),
                )| {
                    (
                        200,
                        10,
                        BroadcastApp::InlandStatic(InlandStatic {
                            vin,
                            length_dm,
                            beam_dm,
                            ship_type,
                            hazard,
                            draught_cm,
                            loaded,
                            speed_q,
                            course_q,
                            heading_q,
                            spare,
                        }),
                    )
                }
            ),
    ]
}

fn more_broadcast_apps() -> impl Strategy<Value = (u16, u8, BroadcastApp)> {
    prop_oneof![
        ((text(20), text(20), text(20), 0u16..1024, 0u8..4), (eta(), eta(), 0u8..16)).prop_map(
            |((reason, closefrom, closeto, radius, extunit), (from, to, spare))| {
                (
                    1,
                    13,
                    BroadcastApp::FairwayClosed(FairwayClosed {
                        reason,
                        closefrom,
                        closeto,
                        radius,
                        extunit,
                        from,
                        to,
                        spare,
                    }),
                )
            }
        ),
        (0u16..2048).prop_map(|a| (1, 15, BroadcastApp::AirDraught(a))),
        prop::collection::vec(vts_target(), 0..=6).prop_map(|t| (1, 17, BroadcastApp::VtsTargets(t))),
        (
            (0u16..1024, text(20), lon(60_000.0), lat(60_000.0), 0u8..4, 0u8..32),
            (0u8..32, 0u8..64, 0u8..32, 0u128..(1 << 102))
        )
            .prop_map(
                |((linkage, station, lon, lat, status, signal), (hour, minute, nextsignal, spare))| {
                    (
                        1,
                        19,
                        BroadcastApp::TrafficSignal(MarineTrafficSignal {
                            linkage,
                            station,
                            lon_deg: lon,
                            lat_deg: lat,
                            status,
                            signal,
                            hour,
                            minute,
                            nextsignal,
                            spare,
                        }),
                    )
                }
            ),
        route().prop_map(|r| (1, 27, BroadcastApp::Route(r))),
        (
            (
                any::<u8>(),
                0u8..16,
                0u8..32,
                any::<u8>(),
                0u8..16,
                0u8..32,
                0u8..32,
                0u8..64,
                0u8..32,
                0u8..64
            ),
            (
                lon(600_000.0),
                lat(600_000.0),
                lon(600_000.0),
                lat(600_000.0),
                0u8..16,
                -256i16..256,
                -256i16..256,
                0u8..4,
                0u8..16,
                0u8..64
            ),
        )
            .prop_map(
                |(
                    (
                        start_year,
                        start_month,
                        start_day,
                        end_year,
                        end_month,
                        end_day,
                        start_hour,
                        start_minute,
                        end_hour,
                        end_minute,
                    ),
                    (slon, slat, elon, elat, kind, min, max, intensity, wind, spare),
                )| {
                    (
                        200,
                        23,
                        BroadcastApp::EmmaWarning(EmmaWarning {
                            start_year,
                            start_month,
                            start_day,
                            end_year,
                            end_month,
                            end_day,
                            start_hour,
                            start_minute,
                            end_hour,
                            end_minute,
                            start_lon_deg: slon,
                            start_lat_deg: slat,
                            end_lon_deg: elon,
                            end_lat_deg: elat,
                            kind,
                            min,
                            max,
                            intensity,
                            wind,
                            spare,
                        }),
                    )
                }
            ),
        (
            text(2),
            prop::array::uniform4(
                (0u16..2048, -8192i16..8192).prop_map(|(id, level_cm)| WaterLevelGauge { id, level_cm })
            )
        )
            .prop_map(|(country, gauges)| (
                200,
                24,
                BroadcastApp::WaterLevels(WaterLevels { country, gauges })
            )),
        (lon(600_000.0), lat(600_000.0), 0u8..16, 0u16..512, 0u8..8, 0u32..(1 << 30), 0u16..2048).prop_map(
            |(lon, lat, form, facing_deg, direction, status, spare)| {
                (
                    200,
                    40,
                    BroadcastApp::SignalStatus(SignalStatus {
                        lon_deg: lon,
                        lat_deg: lat,
                        form,
                        facing_deg,
                        direction,
                        status,
                        spare,
                    }),
                )
            }
        ),
    ]
}

fn binary_broadcast() -> impl Strategy<Value = Message> {
    (0u8..4, mmsi(), 0u8..4, prop_oneof![broadcast_app(), more_broadcast_apps()]).prop_map(
        |(repeat, mmsi, spare, (dac, fid, app))| {
            Message::BinaryBroadcast(Box::new(BinaryBroadcast { repeat, mmsi, spare, dac, fid, app }))
        },
    )
}

fn binary_ack() -> impl Strategy<Value = Message> {
    let ack = (mmsi(), 0u8..4).prop_map(|(mmsi, seqno)| Ack { mmsi, seqno });
    (select(vec![7u8, 13]), 0u8..4, mmsi(), 0u8..4, prop::collection::vec(ack, 1..=4)).prop_map(
        |(msg_type, repeat, mmsi, spare, acks)| {
            Message::BinaryAck(BinaryAck { msg_type, repeat, mmsi, spare, acks })
        },
    )
}

fn sar_aircraft() -> impl Strategy<Value = Message> {
    (
        (
            0u8..4,
            mmsi(),
            prop::option::of(0u16..4095),
            prop::option::of(0u16..1023),
            any::<bool>(),
            lon(600_000.0),
            lat(600_000.0),
        ),
        (
            tenths(3600),
            0u8..64,
            any::<u8>(),
            any::<bool>(),
            0u8..8,
            any::<bool>(),
            any::<bool>(),
            0u32..(1 << 20),
        ),
    )
        .prop_map(
            |(
                (repeat, mmsi, altitude_m, sog_knots, accuracy, lon, lat),
                (cog, second, regional, dte, spare, assigned, raim, radio),
            )| {
                Message::SarAircraft(SarAircraft {
                    repeat,
                    mmsi,
                    altitude_m,
                    sog_knots,
                    accuracy,
                    lon_deg: lon,
                    lat_deg: lat,
                    cog_deg: cog,
                    second,
                    regional,
                    dte,
                    spare,
                    assigned,
                    raim,
                    radio,
                })
            },
        )
}

fn small_types() -> impl Strategy<Value = Message> {
    let slot =
        (0u8..64, 0u16..4096).prop_map(|(msg_type, slot_offset)| SlotRequest { msg_type, slot_offset });
    let assignment = (mmsi(), 0u16..4096, 0u16..1024).prop_map(|(dest_mmsi, offset, increment)| Assignment {
        dest_mmsi,
        offset,
        increment,
    });
    let reservation =
        (0u16..4096, 0u8..16, 0u8..8, 0u16..2048).prop_map(|(offset, number, timeout, increment)| {
            SlotReservation { offset, number, timeout, increment }
        });
    prop_oneof![
        (0u8..4, mmsi(), 0u8..4, mmsi(), 0u8..4).prop_map(|(repeat, mmsi, spare, dest_mmsi, spare2)| {
            Message::UtcInquiry(UtcInquiry { repeat, mmsi, spare, dest_mmsi, spare2 })
        }),
        (0u8..4, mmsi(), 0u8..4, mmsi(), any::<bool>(), 0u8..2, text(156)).prop_map(
            |(repeat, mmsi, seqno, dest_mmsi, retransmit, spare, text)| {
                Message::SafetyAddressed(SafetyAddressed {
                    repeat,
                    mmsi,
                    seqno,
                    dest_mmsi,
                    retransmit,
                    spare,
                    text,
                })
            }
        ),
        (0u8..4, mmsi(), 0u8..4, text(161)).prop_map(|(repeat, mmsi, spare, text)| Message::SafetyBroadcast(
            SafetyBroadcast { repeat, mmsi, spare, text }
        )),
        // a second station's request implies the first station's second request
        (
            0u8..4,
            mmsi(),
            mmsi(),
            slot.clone(),
            prop::option::of((slot.clone(), prop::option::of((mmsi(), slot))))
        )
            .prop_map(|(repeat, mmsi, mmsi1, request1_1, more)| {
                let (request1_2, station2) = match more {
                    Some((r, s2)) => (Some(r), s2),
                    None => (None, None),
                };
                Message::Interrogation(Interrogation {
                    repeat,
                    mmsi,
                    mmsi1,
                    request1_1,
                    request1_2,
                    station2,
                })
            }),
        (0u8..4, mmsi(), 0u8..4, assignment.clone(), prop::option::of(assignment)).prop_map(
            |(repeat, mmsi, spare, first, second)| {
                Message::AssignedMode(AssignedMode { repeat, mmsi, spare, first, second })
            }
        ),
        (0u8..4, mmsi(), 0u8..4, prop::collection::vec(reservation, 1..=4)).prop_map(
            |(repeat, mmsi, spare, reservations)| {
                Message::DataLink(DataLinkManagement { repeat, mmsi, spare, reservations })
            }
        ),
        (0u8..4, mmsi(), 0u8..4, lon(600.0), lat(600.0), 0u8..32, data(736)).prop_map(
            |(repeat, mmsi, spare, lon, lat, spare2, data)| {
                Message::Dgnss(DgnssBroadcast {
                    repeat,
                    mmsi,
                    spare,
                    lon_deg: lon,
                    lat_deg: lat,
                    spare2,
                    data,
                })
            }
        ),
    ]
}

fn class_b_fix() -> impl Strategy<Value = ClassBFix> {
    (
        any::<u8>(),
        tenths(1023),
        any::<bool>(),
        lon(600_000.0),
        lat(600_000.0),
        tenths(3600),
        heading(),
        0u8..64,
    )
        .prop_map(|(reserved, sog, accuracy, lon, lat, cog, hdg, second)| ClassBFix {
            reserved,
            sog_knots: sog,
            accuracy,
            lon_deg: lon,
            lat_deg: lat,
            cog_deg: cog,
            heading_deg: hdg,
            second,
        })
}

fn class_b() -> impl Strategy<Value = Message> {
    prop_oneof![
        (0u8..4, mmsi(), class_b_fix(), 0u8..4, prop::array::uniform7(any::<bool>()), 0u32..(1 << 20))
            .prop_map(|(repeat, mmsi, fix, regional, f, radio)| {
                Message::ClassB(ClassBPosition {
                    repeat,
                    mmsi,
                    fix,
                    regional,
                    cs: f[0],
                    display: f[1],
                    dsc: f[2],
                    band: f[3],
                    msg22: f[4],
                    assigned: f[5],
                    raim: f[6],
                    radio,
                })
            }),
        (
            (0u8..4, mmsi(), class_b_fix(), 0u8..16, text(20), any::<u8>()),
            (dims(), 0u8..16, any::<bool>(), any::<bool>(), any::<bool>(), 0u8..16)
        )
            .prop_map(
                |(
                    (repeat, mmsi, fix, regional, shipname, ship_type),
                    (dimensions, epfd, raim, dte, assigned, spare),
                )| {
                    Message::ClassBExtended(ClassBExtended {
                        repeat,
                        mmsi,
                        fix,
                        regional,
                        shipname: shipname.as_str().into(),
                        ship_type,
                        dimensions,
                        epfd,
                        raim,
                        dte,
                        assigned,
                        spare,
                    })
                }
            ),
    ]
}

fn aid_to_navigation() -> impl Strategy<Value = Message> {
    // names over 20 characters need all of the first 20 (no trailing space there)
    let name = prop_oneof![
        text(20),
        (text(20), text(14)).prop_map(|(a, b)| format!("{a:X<20}{b}").trim_end_matches(' ').to_owned())
    ];
    (
        (0u8..4, mmsi(), 0u8..32, name, any::<bool>(), lon(600_000.0), lat(600_000.0), dims()),
        (0u8..16, 0u8..64, any::<bool>(), any::<u8>(), any::<bool>(), any::<bool>(), any::<bool>(), 0u8..2),
    )
        .prop_map(
            |(
                (repeat, mmsi, aid_type, name, accuracy, lon, lat, dimensions),
                (epfd, second, off_position, regional, raim, virtual_aid, assigned, spare),
            )| {
                Message::AidToNavigation(AidToNavigation {
                    repeat,
                    mmsi,
                    aid_type,
                    name,
                    accuracy,
                    lon_deg: lon,
                    lat_deg: lat,
                    dimensions,
                    epfd,
                    second,
                    off_position,
                    regional,
                    raim,
                    virtual_aid,
                    assigned,
                    spare,
                })
            },
        )
}

fn area() -> impl Strategy<Value = Area> {
    (lon(600.0), lat(600.0), lon(600.0), lat(600.0)).prop_map(|(a, b, c, d)| Area {
        ne_lon_deg: a.unwrap_or(0.0),
        ne_lat_deg: b.unwrap_or(0.0),
        sw_lon_deg: c.unwrap_or(0.0),
        sw_lat_deg: d.unwrap_or(0.0),
    })
}

fn channel_and_group() -> impl Strategy<Value = Message> {
    let target = prop_oneof![
        area().prop_map(ChannelTarget::Area),
        (mmsi(), mmsi()).prop_map(|(dest1, dest2)| ChannelTarget::Addressed { dest1, dest2 })
    ];
    prop_oneof![
        (
            (0u8..4, mmsi(), 0u8..4, 0u16..4096, 0u16..4096, 0u8..16, any::<bool>()),
            (target, any::<bool>(), any::<bool>(), 0u8..8, 0u32..(1 << 23))
        )
            .prop_map(
                |(
                    (repeat, mmsi, spare, channel_a, channel_b, txrx, power),
                    (target, band_a, band_b, zonesize, spare2),
                )| {
                    Message::ChannelManagement(ChannelManagement {
                        repeat,
                        mmsi,
                        spare,
                        channel_a,
                        channel_b,
                        txrx,
                        power,
                        target,
                        band_a,
                        band_b,
                        zonesize,
                        spare2,
                    })
                }
            ),
        (
            (0u8..4, mmsi(), 0u8..4, area(), 0u8..16, any::<u8>()),
            (0u32..(1 << 22), 0u8..4, 0u8..16, 0u8..16, 0u8..64)
        )
            .prop_map(
                |(
                    (repeat, mmsi, spare, area, station_type, ship_type),
                    (spare2, txrx, interval, quiet, spare3),
                )| {
                    Message::GroupAssignment(GroupAssignment {
                        repeat,
                        mmsi,
                        spare,
                        area,
                        station_type,
                        ship_type,
                        spare2,
                        txrx,
                        interval,
                        quiet,
                        spare3,
                    })
                }
            ),
    ]
}

fn static_data_report() -> impl Strategy<Value = Message> {
    let part_a =
        (text(20), any::<u8>()).prop_map(|(shipname, spare)| StaticDataPart::A(PartA { shipname, spare }));
    let part_b = (any::<u8>(), text(3), 0u8..16, 0u32..(1 << 20), text(7), dims(), mmsi(), 0u8..64).prop_map(
        |(ship_type, vendor_id, model, serial, callsign, d, mothership, spare)| {
            (ship_type, vendor_id, model, serial, callsign, d, mothership, spare)
        },
    );
    // auxiliary craft (MMSI 98xxxxxxx) send their mother ship instead of dimensions
    let b_mmsi = prop_oneof![mmsi(), (0u32..10_000_000).prop_map(|n| 980_000_000 + n)];
    prop_oneof![
        (0u8..4, mmsi(), part_a).prop_map(|(repeat, mmsi, part)| Message::StaticDataReport(
            StaticDataReport { repeat, mmsi, part }
        )),
        (0u8..4, b_mmsi, part_b).prop_map(
            |(repeat, mmsi, (ship_type, vendor_id, model, serial, callsign, d, mothership, spare))| {
                let tail = if is_auxiliary_mmsi(mmsi) {
                    PartBTail::Mothership(mothership)
                } else {
                    PartBTail::Dimensions(d)
                };
                let part =
                    StaticDataPart::B(PartB { ship_type, vendor_id, model, serial, callsign, tail, spare });
                Message::StaticDataReport(StaticDataReport { repeat, mmsi, part })
            }
        ),
    ]
}

fn slot_payload(max_data_bits: usize) -> impl Strategy<Value = SlotPayload> {
    (prop::option::of(mmsi()), prop::option::of(any::<u16>())).prop_flat_map(move |(dest_mmsi, app_id)| {
        let header = if dest_mmsi.is_some() { 30 } else { 0 } + if app_id.is_some() { 16 } else { 0 };
        data(max_data_bits - header).prop_map(move |data| SlotPayload { dest_mmsi, app_id, data })
    })
}

fn slot_binary() -> impl Strategy<Value = Message> {
    prop_oneof![
        (0u8..4, mmsi(), slot_payload(128)).prop_map(|(repeat, mmsi, payload)| Message::SingleSlotBinary(
            SingleSlotBinary { repeat, mmsi, payload }
        )),
        (0u8..4, mmsi(), slot_payload(944), 0u32..(1 << 20)).prop_map(|(repeat, mmsi, payload, radio)| {
            Message::MultiSlotBinary(MultiSlotBinary { repeat, mmsi, payload, radio })
        }),
    ]
}

fn long_range() -> impl Strategy<Value = Message> {
    (
        0u8..4,
        mmsi(),
        any::<bool>(),
        any::<bool>(),
        0u8..16,
        lon(600.0),
        lat(600.0),
        prop::option::of(0u8..63),
        prop::option::of(0u16..360),
        any::<bool>(),
        0u8..2,
    )
        .prop_map(|(repeat, mmsi, accuracy, raim, nav_status, lon, lat, sog, cog, gnss, spare)| {
            Message::LongRange(LongRange {
                repeat,
                mmsi,
                accuracy,
                raim,
                nav_status,
                lon_deg: lon,
                lat_deg: lat,
                sog_knots: sog,
                cog_deg: cog,
                gnss,
                spare,
            })
        })
}

fn any_message() -> impl Strategy<Value = Message> {
    prop_oneof![
        position_report(),
        base_station(),
        static_voyage(),
        binary_addressed(),
        binary_ack(),
        binary_broadcast(),
        sar_aircraft(),
        small_types(),
        class_b(),
        aid_to_navigation(),
        channel_and_group(),
        static_data_report(),
        slot_binary(),
        long_range(),
    ]
}

/// Encodes `m` to sentences of at most `chunk` payload characters and feeds them
/// to a fresh decoder; the last line must give the message back.
fn through_decoder(m: &Message, chunk: usize, seq: u8) -> Message {
    let opts = EncodeOptions { max_payload_chars: chunk, ..EncodeOptions::default() };
    let lines = encode_sentences(m, seq, &opts);
    let mut d = Decoder::default();
    let mut got = None;
    for (i, line) in lines.iter().enumerate() {
        match d.feed(line.as_bytes(), i as u64 + 1) {
            Fed::Message(dm) => {
                assert_eq!(i + 1, lines.len(), "message before its last fragment");
                assert_eq!(dm.lines.as_slice().len(), lines.len());
                got = Some(dm.message);
            }
            Fed::Held => assert!(i + 1 < lines.len(), "last fragment held"),
            other => panic!("line {line}: {other:?}"),
        }
    }
    got.unwrap_or_else(|| panic!("no message from {lines:?}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn payload_round_trip(m in any_message()) {
        let (payload, fill) = m.encode_payload();
        let back = Message::from_payload(payload.as_bytes(), fill);
        prop_assert_eq!(back.as_ref(), Ok(&m), "payload {}", payload);
    }

    #[test]
    fn sentences_round_trip(m in any_message(), chunk in 10usize..=60, seq in 0u8..10) {
        prop_assert_eq!(&through_decoder(&m, 60, seq), &m);
        // several fragments for all but the shortest messages
        prop_assert_eq!(&through_decoder(&m, chunk, seq), &m);
    }

    #[test]
    fn json_is_valid_for_any_message(m in any_message(), scaled in any::<bool>()) {
        let mut s = String::new();
        m.write_gpsd_json(&mut s, ais::Gpsd { scaled });
        let v: serde_json::Value = serde_json::from_str(&s).map_err(|e| TestCaseError::fail(format!("{e}: {s}")))?;
        prop_assert_eq!(v["type"].as_u64(), Some(u64::from(m.msg_type())));
        prop_assert_eq!(v["mmsi"].as_u64(), Some(u64::from(m.mmsi())));
    }

    #[test]
    fn any_payload_decodes_or_errors_without_panic(chars in prop::collection::vec(select(
        "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw".as_bytes().to_vec()), 0..200), fill in 0u8..6) {
        if let Ok(m) = Message::from_payload(&chars, fill) {
            let mut s = String::new();
            m.write_gpsd_json(&mut s, ais::Gpsd { scaled: true });
            m.write_gpsd_json(&mut s, ais::Gpsd { scaled: false });
            let _ = m.position();
            let _ = m.static_data();
        }
    }
}
