//! The pure rules of test management: a run's result from its steps, the defect status flow,
//! the cycle's exit rule, and the steps a case form sends. No I/O; unit-tested below.

/// What a tester may record for one step.
pub const STEP_STATUSES: [&str; 4] = ["pass", "remarks", "fail", "blocked"];

/// A run's result: "not_run" until a step is recorded, "in_progress" while steps remain,
/// then "passed", "passed_remarks", "failed" or "blocked".
pub const RESULTS: [&str; 6] = ["not_run", "in_progress", "passed", "passed_remarks", "failed", "blocked"];

pub const SEVERITIES: [&str; 4] = ["critical", "high", "medium", "low"];

pub const DEFECT_STATUSES: [&str; 6] = ["new", "in_progress", "fixed", "retest", "closed", "rejected"];

/// A defect still open: neither closed nor rejected.
pub fn is_open(status: &str) -> bool {
    !matches!(status, "closed" | "rejected")
}

/// A result that counts as executed.
pub fn is_executed(result: &str) -> bool {
    matches!(result, "passed" | "passed_remarks" | "failed" | "blocked")
}

pub fn is_passed(result: &str) -> bool {
    matches!(result, "passed" | "passed_remarks")
}

/// Severity rank: critical 0 … low 3 (unknown ranks last).
pub fn severity_rank(s: &str) -> usize {
    SEVERITIES.iter().position(|x| *x == s).unwrap_or(SEVERITIES.len())
}

/// The run's result from the statuses recorded so far and the number of steps of the case:
/// any fail → failed; else any blocked → blocked; all steps pass (some with remarks) → passed
/// (with remarks); else in progress, or not run when nothing is recorded.
pub fn run_result(recorded: &[&str], steps: usize) -> &'static str {
    if recorded.contains(&"fail") {
        "failed"
    } else if recorded.contains(&"blocked") {
        "blocked"
    } else if recorded.is_empty() {
        "not_run"
    } else if recorded.len() >= steps {
        if recorded.contains(&"remarks") { "passed_remarks" } else { "passed" }
    } else {
        "in_progress"
    }
}

/// The statuses a defect may move to from `from`: new → in progress → fixed → retest → closed,
/// a failed retest back to in progress, and rejected from new or in progress.
pub fn next_statuses(from: &str) -> &'static [&'static str] {
    match from {
        "new" => &["in_progress", "rejected"],
        "in_progress" => &["fixed", "rejected"],
        "fixed" => &["retest"],
        "retest" => &["closed", "in_progress"],
        _ => &[],
    }
}

pub fn may_move(from: &str, to: &str) -> bool {
    next_statuses(from).contains(&to)
}

/// What the exit rule looks at, counted in SQL.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExitFacts {
    pub must_cases: u64,
    pub must_executed: u64,
    /// Open defects of the cycle at or above the rule's severity.
    pub blocking_defects: u64,
}

/// Why the exit rule is not met (empty: met).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExitGap {
    MustNotExecuted(u64),
    OpenDefects(u64),
}

pub fn exit_gaps(all_must: bool, f: ExitFacts) -> Vec<ExitGap> {
    let mut gaps = Vec::new();
    if all_must && f.must_executed < f.must_cases {
        gaps.push(ExitGap::MustNotExecuted(f.must_cases - f.must_executed));
    }
    if f.blocking_defects > 0 {
        gaps.push(ExitGap::OpenDefects(f.blocking_defects));
    }
    gaps
}

/// The severities at or above `threshold` ("critical" or "high").
pub fn at_or_above(threshold: &str) -> Vec<&'static str> {
    SEVERITIES.iter().copied().filter(|s| severity_rank(s) <= severity_rank(threshold)).collect()
}

/// One step as typed: "action | expected result", one per line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepText {
    pub action: String,
    pub expected: String,
}

/// Parses the steps box; `Err(line number)` for the first line without an action and an expected
/// result. Blank lines are skipped.
pub fn parse_steps(text: &str) -> Result<Vec<StepText>, usize> {
    let mut steps = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let line = line.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches(['.', ')']).trim();
        match line.split_once('|') {
            Some((a, e)) if !a.trim().is_empty() && !e.trim().is_empty() => {
                steps.push(StepText { action: a.trim().to_string(), expected: e.trim().to_string() })
            }
            _ => return Err(i + 1),
        }
    }
    Ok(steps)
}

/// The steps back as text for the edit form.
pub fn steps_text(steps: &[(String, String)]) -> String {
    steps.iter().map(|(a, e)| format!("{a} | {e}")).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_follows_its_steps() {
        assert_eq!(run_result(&[], 3), "not_run");
        assert_eq!(run_result(&["pass"], 3), "in_progress");
        assert_eq!(run_result(&["pass", "pass", "pass"], 3), "passed");
        assert_eq!(run_result(&["pass", "remarks", "pass"], 3), "passed_remarks");
        assert_eq!(run_result(&["pass", "blocked"], 3), "blocked");
        assert_eq!(run_result(&["blocked", "fail"], 3), "failed");
    }

    #[test]
    fn defects_move_only_along_the_flow() {
        assert!(may_move("new", "in_progress"));
        assert!(may_move("retest", "closed"));
        assert!(may_move("retest", "in_progress"));
        assert!(!may_move("new", "closed"));
        assert!(!may_move("closed", "new"));
        assert!(!may_move("rejected", "in_progress"));
        assert!(is_open("retest") && !is_open("closed") && !is_open("rejected"));
    }

    #[test]
    fn the_exit_rule_says_what_is_missing() {
        let f = ExitFacts { must_cases: 5, must_executed: 3, blocking_defects: 1 };
        assert_eq!(exit_gaps(true, f), vec![ExitGap::MustNotExecuted(2), ExitGap::OpenDefects(1)]);
        assert_eq!(exit_gaps(false, f), vec![ExitGap::OpenDefects(1)]);
        assert!(exit_gaps(true, ExitFacts { must_cases: 2, must_executed: 2, blocking_defects: 0 }).is_empty());
        assert_eq!(at_or_above("high"), vec!["critical", "high"]);
        assert_eq!(at_or_above("critical"), vec!["critical"]);
    }

    #[test]
    fn steps_are_one_per_line_with_a_bar() {
        let s = parse_steps("1. Open the invoice | It shows\n\n2) Post it | Status Posted").unwrap_or_default();
        assert_eq!(s.len(), 2);
        assert_eq!(s[1], StepText { action: "Post it".into(), expected: "Status Posted".into() });
        assert_eq!(parse_steps("Open | ok\nno bar here"), Err(2));
        assert_eq!(parse_steps("Open |  "), Err(1));
        assert_eq!(steps_text(&[("a".into(), "b".into())]), "a | b");
    }
}
