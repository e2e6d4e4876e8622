//! `eval::evaluate` on hand-made truth and detections with exact expected scores.

use plimsoll::eval::{evaluate, Score, TimingError};
use plimsoll::event::{Event, EventKind};
use serde_json::Map;

const HOUR_MS: i64 = 3_600_000;

fn event(kind: EventKind, vessels: &[u32], start_h: f64, end_h: f64) -> Event {
    // Hours to ms for readability; every value used is a whole number of seconds.
    let ms = |h: f64| (h * 3_600_000.0).round() as i64;
    Event::new(kind, vessels.to_vec(), ms(start_h), ms(end_h), (29.5, 124.8), 1.0, Map::new())
}

fn sts(vessels: &[u32], start_h: f64, end_h: f64) -> Event {
    event(EventKind::StsTransfer, vessels, start_h, end_h)
}

fn only(truth: &[Event], detected: &[Event]) -> Score {
    let evaluation = evaluate(truth, detected);
    assert_eq!(evaluation.kinds.len(), 1, "{evaluation:?}");
    assert_eq!(evaluation.kinds[0].1, evaluation.total);
    evaluation.total
}

#[test]
fn perfect_match() {
    let truth = [sts(&[1, 2], 0.0, 4.0), sts(&[3, 4], 10.0, 12.0)];
    let score = only(&truth, &truth);
    assert_eq!((score.true_positives, score.false_positives, score.false_negatives), (2, 0, 0));
    assert_eq!((score.precision(), score.recall(), score.f1()), (Some(1.0), Some(1.0), Some(1.0)));
    assert_eq!(
        score.timing,
        Some(TimingError { start_median_ms: 0, start_max_ms: 0, end_median_ms: 0, end_max_ms: 0 })
    );
}

#[test]
fn a_miss_and_a_false_alarm_with_timing_errors() {
    let truth = [sts(&[1, 2], 0.0, 4.0), sts(&[3, 4], 10.0, 12.0), sts(&[5, 6], 20.0, 22.0)];
    // Vessel order does not matter; the first is 1 h late to start, 0.5 h early to end;
    // the second 0.5 h early to start, 1 h late to end; [5, 6] is missed; [7, 8] is
    // a false alarm.
    let detected = [sts(&[2, 1], 1.0, 3.5), sts(&[3, 4], 9.5, 13.0), sts(&[7, 8], 0.0, 30.0)];
    let score = only(&truth, &detected);
    assert_eq!((score.truth, score.detected), (3, 3));
    assert_eq!((score.true_positives, score.false_positives, score.false_negatives), (2, 1, 1));
    assert_eq!(score.precision(), Some(2.0 / 3.0));
    assert_eq!(score.recall(), Some(2.0 / 3.0));
    assert!((score.f1().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    // Medians of two values are their mean.
    assert_eq!(
        score.timing,
        Some(TimingError {
            start_median_ms: 3 * HOUR_MS / 4,
            start_max_ms: HOUR_MS,
            end_median_ms: 3 * HOUR_MS / 4,
            end_max_ms: HOUR_MS,
        })
    );
}

#[test]
fn wrong_vessels_and_no_overlap_do_not_match() {
    let truth = [sts(&[1, 2], 0.0, 4.0)];
    for detected in [sts(&[1, 3], 0.0, 4.0), sts(&[1], 0.0, 4.0), sts(&[1, 2], 4.5, 6.0)] {
        let score = only(&truth, &[detected]);
        assert_eq!((score.true_positives, score.false_positives, score.false_negatives), (0, 1, 1));
        assert_eq!((score.precision(), score.recall(), score.f1()), (Some(0.0), Some(0.0), Some(0.0)));
        assert_eq!(score.timing, None);
    }
    // Closed intervals: touching ends overlap, and a zero-length event inside matches.
    for detected in [sts(&[1, 2], 4.0, 6.0), sts(&[2, 1], 2.0, 2.0)] {
        assert_eq!(only(&truth, &[detected]).true_positives, 1);
    }
    // A different kind with the same vessels and times is no match either.
    let evaluation = evaluate(&truth, &[event(EventKind::Encounter, &[1, 2], 0.0, 4.0)]);
    assert_eq!(evaluation.kinds.len(), 2);
    assert_eq!(evaluation.total.true_positives, 0);
}

#[test]
fn two_detections_for_one_truth_are_one_hit_and_one_false_alarm() {
    let truth = [sts(&[1, 2], 0.0, 4.0)];
    // The second overlaps more (3 h against 1 h), so it is the match, whatever the order.
    let detected = [sts(&[1, 2], 3.0, 5.0), sts(&[1, 2], 0.5, 3.5)];
    let score = only(&truth, &detected);
    assert_eq!((score.true_positives, score.false_positives, score.false_negatives), (1, 1, 0));
    assert_eq!((score.precision(), score.recall()), (Some(0.5), Some(1.0)));
    assert_eq!(
        score.timing,
        Some(TimingError {
            start_median_ms: HOUR_MS / 2,
            start_max_ms: HOUR_MS / 2,
            end_median_ms: HOUR_MS / 2,
            end_max_ms: HOUR_MS / 2,
        })
    );
    let reversed = [detected[1].clone(), detected[0].clone()];
    assert_eq!(only(&truth, &reversed), score);
}

#[test]
fn a_kind_with_no_truth_has_no_recall() {
    let truth = [sts(&[1, 2], 0.0, 4.0)];
    let detected = [sts(&[1, 2], 0.0, 4.0), event(EventKind::Spoofing, &[9], 1.0, 2.0)];
    let evaluation = evaluate(&truth, &detected);
    // Report order is EventKind::ALL; kinds absent from both are omitted.
    let kinds: Vec<EventKind> = evaluation.kinds.iter().map(|(k, _)| *k).collect();
    assert_eq!(kinds, [EventKind::StsTransfer, EventKind::Spoofing]);
    let spoofing = &evaluation.kinds[1].1;
    assert_eq!((spoofing.precision(), spoofing.recall(), spoofing.f1()), (Some(0.0), None, None));
    assert_eq!(evaluation.total.true_positives, 1);
    assert_eq!(evaluation.total.precision(), Some(0.5));
    assert_eq!(evaluation.total.recall(), Some(1.0));
    let json = evaluation.to_json();
    assert!(json["kinds"]["spoofing"]["recall"].is_null(), "{json}");
    assert_eq!(json["kinds"]["sts_transfer"]["f1"], 1.0);
    // Nothing at all: no kinds, nothing defined.
    let empty = evaluate(&[], &[]);
    assert!(empty.kinds.is_empty());
    assert_eq!((empty.total.precision(), empty.total.recall()), (None, None));
}

#[test]
fn json_lines_round_trip_scores_the_same() {
    let truth = [sts(&[1, 2], 0.0, 4.0), event(EventKind::AisGap, &[3], 5.0, 17.0)];
    let detected = [sts(&[2, 1], 0.5, 4.0), event(EventKind::Loitering, &[3], 5.0, 6.0)];
    let through_json = |events: &[Event]| -> Vec<Event> {
        let text: String = events.iter().map(|e| format!("{}\n", e.to_json())).collect();
        text.lines().zip(1..).map(|(line, n)| Event::from_json_line(line, n).unwrap()).collect()
    };
    assert_eq!(evaluate(&through_json(&truth), &through_json(&detected)), evaluate(&truth, &detected));
}

#[test]
fn timing_median_of_an_odd_count_is_the_middle_value() {
    let truth = [sts(&[1, 2], 0.0, 4.0), sts(&[3, 4], 0.0, 4.0), sts(&[5, 6], 0.0, 4.0)];
    let detected = [sts(&[1, 2], 0.0, 4.0), sts(&[3, 4], 1.0, 4.0), sts(&[5, 6], 2.0, 4.5)];
    let timing = only(&truth, &detected).timing.unwrap();
    assert_eq!((timing.start_median_ms, timing.start_max_ms), (HOUR_MS, 2 * HOUR_MS));
    assert_eq!((timing.end_median_ms, timing.end_max_ms), (0, HOUR_MS / 2));
}
