//! The gate rule, pure: a phase closes when every mandatory item is done, or by an explicit
//! override with a written reason.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GateDecision {
    /// Every mandatory item is done.
    Open,
    /// Mandatory items are open, but the PM overrides with this reason.
    Override(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GateRefusal {
    /// These mandatory items (ids) are still open.
    OpenMandatory(Vec<i32>),
    /// An override was asked for without a usable reason.
    ReasonTooShort,
}

pub const MIN_REASON_CHARS: usize = 10;

/// `items` are (id, mandatory, done).
pub fn decide(items: &[(i32, bool, bool)], override_reason: Option<&str>) -> Result<GateDecision, GateRefusal> {
    let open: Vec<i32> = items.iter().filter(|(_, m, d)| *m && !*d).map(|(id, _, _)| *id).collect();
    if open.is_empty() {
        return Ok(GateDecision::Open);
    }
    match override_reason.map(str::trim) {
        None => Err(GateRefusal::OpenMandatory(open)),
        Some(r) if r.chars().count() < MIN_REASON_CHARS => Err(GateRefusal::ReasonTooShort),
        Some(r) => Ok(GateDecision::Override(r.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_mandatory_done_opens_the_gate_even_with_optional_items_open() {
        assert_eq!(decide(&[(1, true, true), (2, false, false)], None), Ok(GateDecision::Open));
    }

    #[test]
    fn an_open_mandatory_item_keeps_the_gate_shut() {
        assert_eq!(decide(&[(1, true, false), (2, true, true)], None), Err(GateRefusal::OpenMandatory(vec![1])));
    }

    #[test]
    fn an_override_needs_a_real_reason() {
        assert_eq!(decide(&[(1, true, false)], Some("  ok  ")), Err(GateRefusal::ReasonTooShort));
        assert_eq!(
            decide(&[(1, true, false)], Some("Steering committee accepted the risk")),
            Ok(GateDecision::Override("Steering committee accepted the risk".into()))
        );
    }

    #[test]
    fn an_empty_checklist_opens_the_gate() {
        assert_eq!(decide(&[], None), Ok(GateDecision::Open));
    }
}
