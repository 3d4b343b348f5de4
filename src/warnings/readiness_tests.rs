//! The readiness scorecard's rules, on facts made by hand.

use super::*;
use crate::warnings::evaluate::Finding;
use crate::warnings::state::Shown as S;

fn w(rule: &str, state: S) -> Shown {
    let r = crate::warnings::catalog::rule(rule).unwrap();
    Shown { finding: Finding { rule: "x", count: 1, a: 0.0, b: 0.0 }, rule: r, state, decision: None }
}

/// Facts with evidence in every workstream.
fn facts(days: i64, decided: bool, closed: &[&str]) -> Facts {
    Facts {
        days_to_go_live: days,
        decided,
        gates: crate::phases::KEYS.iter().map(|k| (k.to_string(), closed.contains(k))).collect(),
        migration_objects: 3,
        milestones: 12,
        sessions: 4,
        security_sessions: 1,
        adoption_measures: 2,
        test_cases: 15,
        test_runs: 20,
        cutover_tasks: 12,
        rehearsals: 1,
    }
}

fn empty(days: i64) -> Facts {
    Facts {
        migration_objects: 0,
        milestones: 0,
        sessions: 0,
        security_sessions: 0,
        adoption_measures: 0,
        test_cases: 0,
        test_runs: 0,
        cutover_tasks: 0,
        rehearsals: 0,
        ..facts(days, false, &[])
    }
}

fn light(streams: &[Stream], key: &str) -> Light {
    streams.iter().find(|s| s.key == key).map(|s| s.light).unwrap()
}

#[test]
fn a_clean_project_with_evidence_everywhere_is_a_go() {
    let closed = ["needs_assessment", "selection", "implementation"];
    let (s, v) = score(&[], &facts(60, true, &closed));
    assert_eq!(v, Verdict::Go);
    assert!(s.iter().all(|x| x.light == Light::Green));
}

#[test]
fn a_new_empty_project_is_not_assessed_never_a_conditional_go() {
    // Nothing warns on an empty project far from go-live, yet nothing shows it is ready either.
    let (s, v) = score(&[], &empty(200));
    assert_eq!(v, Verdict::NotAssessed);
    for key in ["plan", "data_migration", "testing", "training", "security", "cutover", "adoption"] {
        assert_eq!(light(&s, key), Light::NotAssessed, "{key}");
        let reasons = &s.iter().find(|x| x.key == key).unwrap().reasons;
        assert_eq!(reasons, &vec![Reason::NotTracked(key)], "the next step is named for {key}");
    }
    assert_eq!(light(&s, "selection"), Light::Amber, "no decision yet");
    // Within 30 days of go-live, no evidence is a NO-GO.
    assert_eq!(score(&[], &empty(EVIDENCE_DAYS)).1, Verdict::NoGo);
    // One workstream without evidence is enough to withhold GO and CONDITIONAL GO.
    let closed = ["needs_assessment", "selection", "implementation"];
    let (_, v) = score(&[], &Facts { security_sessions: 0, ..facts(60, true, &closed) });
    assert_eq!(v, Verdict::NotAssessed);
}

#[test]
fn a_warning_on_an_untracked_workstream_is_worse_than_not_assessed() {
    let (s, v) = score(&[w("no_security_training", S::Open)], &empty(200));
    assert_eq!(light(&s, "security"), Light::Amber);
    assert_eq!(s.iter().find(|x| x.key == "security").unwrap().reasons.len(), 2);
    assert_eq!(v, Verdict::NotAssessed, "other workstreams still have no evidence");
}

#[test]
fn an_open_high_warning_is_a_no_go_and_setting_it_aside_makes_it_amber() {
    let done = ["needs_assessment", "selection", "implementation"];
    let (s, v) = score(&[w("unanswered_feedback", S::Open)], &facts(60, true, &done));
    assert_eq!((light(&s, "adoption"), v), (Light::Red, Verdict::NoGo));
    let (s, v) = score(&[w("unanswered_feedback", S::Acknowledged)], &facts(60, true, &done));
    assert_eq!((light(&s, "adoption"), v), (Light::Amber, Verdict::ConditionalGo));
    let (s, _) = score(&[w("low_sus", S::Open)], &facts(60, true, &done));
    assert_eq!(light(&s, "adoption"), Light::Amber, "a medium warning is amber");
    let (s, _) = score(&[w("no_security_training", S::Open)], &facts(60, true, &done));
    assert_eq!(light(&s, "security"), Light::Amber);
}

#[test]
fn open_gates_and_no_decision_turn_red_close_to_go_live() {
    let (s, v) = score(&[], &facts(100, false, &["needs_assessment"]));
    assert_eq!((light(&s, "selection"), light(&s, "gates"), v), (Light::Amber, Light::Amber, Verdict::ConditionalGo));
    let (s, v) = score(&[], &facts(10, false, &["needs_assessment"]));
    assert_eq!((light(&s, "selection"), light(&s, "gates"), v), (Light::Red, Light::Red, Verdict::NoGo));
}

#[test]
fn untested_configuration_or_an_unplanned_cutover_is_not_assessed_and_their_rules_count_there() {
    let closed = ["needs_assessment", "selection", "implementation"];
    // Everything else in evidence: no test case, or no runbook, still withholds GO.
    for (f, key) in [
        (Facts { test_cases: 0, test_runs: 0, ..facts(60, true, &closed) }, "testing"),
        (Facts { cutover_tasks: 0, rehearsals: 0, ..facts(60, true, &closed) }, "cutover"),
    ] {
        let (s, v) = score(&[], &f);
        assert_eq!((light(&s, key), v), (Light::NotAssessed, Verdict::NotAssessed), "{key}");
        assert_eq!(score(&[], &Facts { days_to_go_live: 20, ..f }).1, Verdict::NoGo, "{key} near go-live");
    }
    // The road-to-go-live rules colour their own workstreams.
    for (rule, key, want) in [
        ("untested_must_haves", "testing", Light::Red),
        ("open_severe_defects", "testing", Light::Red),
        ("uat_exit_not_met", "testing", Light::Amber),
        ("cutover_not_rehearsed", "cutover", Light::Red),
        ("cutover_ends_after_go_live", "cutover", Light::Amber),
        ("support_sla_breaches", "adoption", Light::Red),
    ] {
        let (s, _) = score(&[w(rule, S::Open)], &facts(60, true, &closed));
        assert_eq!(light(&s, key), want, "{rule}");
    }
}
