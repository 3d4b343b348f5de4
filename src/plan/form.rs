//! The milestone form: raw input in, a validated `MilestoneInput` or field errors out.

use super::STATUSES;
use crate::web::forms::parse_date;
use crate::web::{FormErrors, Lang};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Deserialize, Default, Clone, Debug)]
pub struct MilestoneForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub phase_key: String,
    #[serde(default)]
    pub workstream: String,
    #[serde(default)]
    pub owner_id: String,
    #[serde(default)]
    pub start_date: String,
    #[serde(default)]
    pub due_date: String,
    /// "1" when ticked: a zero-length checkpoint on the start date.
    #[serde(default)]
    pub checkpoint: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub percent: String,
    #[serde(default)]
    pub deliverables: String,
    #[serde(default)]
    pub version: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MilestoneInput {
    pub title: String,
    pub phase_key: String,
    pub workstream: Option<String>,
    pub owner_id: Option<i32>,
    pub start_date: NaiveDate,
    /// The last day of the activity, inclusive; the start itself for a checkpoint.
    pub due_date: NaiveDate,
    pub checkpoint: bool,
    pub status: String,
    pub percent: i32,
    pub deliverables: Option<String>,
}

impl MilestoneForm {
    pub fn is_checkpoint(&self) -> bool {
        matches!(self.checkpoint.as_str(), "1" | "on" | "true")
    }

    /// The length the dates give, in days (0 for a checkpoint); `None` until they make sense.
    pub fn length(&self) -> Option<i64> {
        let start = parse_date(&self.start_date)?;
        if self.is_checkpoint() {
            return Some(0);
        }
        let due = parse_date(&self.due_date)?;
        (due >= start).then(|| super::projection::length(start, due, false))
    }

    /// `members` are the ids an owner may be chosen from.
    pub fn validate(&self, l: Lang, members: &[i32]) -> Result<MilestoneInput, FormErrors> {
        let mut e = FormErrors::new();
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 300 {
            e.add(
                "title",
                l.t(
                    "Name the milestone (300 characters at most).",
                    "Ponga nombre al hito (300 caracteres como máximo).",
                ),
            );
        }
        if !crate::phases::KEYS.contains(&self.phase_key.as_str()) {
            e.add("phase_key", l.t("Choose a phase.", "Elija una fase."));
        }
        let workstream = self.workstream.trim();
        if workstream.chars().count() > 80 {
            e.add(
                "workstream",
                l.t(
                    "Keep the workstream under 80 characters.",
                    "El frente de trabajo debe tener menos de 80 caracteres.",
                ),
            );
        }
        let owner_id = crate::web::forms::owner_choice(&self.owner_id, members, &mut e, l);
        let checkpoint = self.is_checkpoint();
        let start = parse_date(&self.start_date);
        // A checkpoint has one date: the due date may be left empty.
        let due = if checkpoint && self.due_date.trim().is_empty() { start } else { parse_date(&self.due_date) };
        if start.is_none() {
            e.add("start_date", l.t("Enter a valid start date.", "Introduzca una fecha de inicio válida."));
        }
        if due.is_none() {
            e.add("due_date", l.t("Enter a valid due date.", "Introduzca una fecha de vencimiento válida."));
        }
        if let (Some(s), Some(d)) = (start, due)
            && d < s
        {
            e.add(
                "due_date",
                l.t("The milestone cannot end before it starts.", "El hito no puede terminar antes de empezar."),
            );
        } else if let (Some(s), Some(d), true) = (start, due, checkpoint)
            && d != s
        {
            e.add(
                "due_date",
                l.t(
                    "A checkpoint is zero-length: give it the start date as due date, or untick “checkpoint”.",
                    "Un punto de control no tiene duración: póngale como vencimiento la fecha de inicio, o desmarque «punto de control».",
                ),
            );
        }
        let status = if self.status.is_empty() { "planned" } else { self.status.as_str() };
        if !STATUSES.contains(&status) {
            e.add("status", l.t("Choose a status.", "Elija un estado."));
        }
        let percent = match self.percent.trim() {
            "" => Some(if status == "done" { 100 } else { 0 }),
            p => p.trim_end_matches('%').trim().parse::<i32>().ok().filter(|p| (0..=100).contains(p)),
        };
        if percent.is_none() {
            e.add("percent", l.t("Percent complete goes from 0 to 100.", "El porcentaje completado va de 0 a 100."));
        }
        if self.deliverables.chars().count() > 4000 {
            e.add(
                "deliverables",
                l.t(
                    "Keep the deliverables under 4000 characters.",
                    "Los entregables deben tener menos de 4000 caracteres.",
                ),
            );
        }
        match (e.is_empty(), start, due, percent) {
            (true, Some(start_date), Some(due_date), Some(percent)) => Ok(MilestoneInput {
                title: title.to_string(),
                phase_key: self.phase_key.clone(),
                workstream: (!workstream.is_empty()).then(|| workstream.to_string()),
                owner_id,
                start_date,
                due_date,
                checkpoint,
                status: status.to_string(),
                percent,
                deliverables: Some(self.deliverables.trim().to_string()).filter(|d| !d.is_empty()),
            }),
            _ => Err(e),
        }
    }
}

#[derive(Deserialize, Default)]
pub struct CompareParams {
    pub a: Option<i32>,
    pub b: Option<i32>,
}

#[derive(Deserialize, Default)]
pub struct BaselineForm {
    #[serde(default)]
    pub name: String,
}

#[derive(Deserialize, Default)]
pub struct DecisionForm {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct UnitForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub parent_id: String,
}

#[derive(Deserialize, Default)]
pub struct ChartParams {
    #[serde(default)]
    pub zoom: String,
    pub baseline: Option<i32>,
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub phase: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub overdue: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub dir: String,
    pub page: Option<u64>,
}

#[derive(Deserialize, Default)]
pub struct DependencyForm {
    #[serde(default)]
    pub predecessor_id: String,
    #[serde(default)]
    pub lag_days: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> MilestoneForm {
        MilestoneForm {
            title: "Chart of accounts configured".into(),
            phase_key: "implementation".into(),
            start_date: "2027-01-04".into(),
            due_date: "29/01/2027".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_milestone_accepts_iso_and_spanish_dates() {
        let m = form().validate(Lang::En, &[]).unwrap();
        assert_eq!(m.due_date, NaiveDate::from_ymd_opt(2027, 1, 29).unwrap());
        assert_eq!((m.status.as_str(), m.percent), ("planned", 0));
    }

    #[test]
    fn ending_before_starting_an_unknown_owner_and_a_bad_percent_are_refused() {
        let mut f = form();
        f.due_date = "2027-01-01".into();
        f.owner_id = "99".into();
        f.percent = "140".into();
        let e = f.validate(Lang::En, &[1, 2]).unwrap_err();
        assert!(e.get("due_date").is_some() && e.get("owner_id").is_some() && e.get("percent").is_some());
    }

    #[test]
    fn start_equal_to_due_is_one_day_unless_ticked_as_a_checkpoint() {
        let mut f = MilestoneForm { due_date: "2027-01-04".into(), ..form() };
        let one_day = f.validate(Lang::En, &[]).unwrap();
        assert_eq!((one_day.checkpoint, f.length()), (false, Some(1)));
        f.checkpoint = "1".into();
        f.due_date = String::new();
        let point = f.validate(Lang::En, &[]).unwrap();
        assert_eq!((point.checkpoint, point.due_date, f.length()), (true, point.start_date, Some(0)));
        assert_eq!(form().length(), Some(26), "4–29 January, both included");
    }

    #[test]
    fn a_checkpoint_with_a_later_due_date_is_refused() {
        let f = MilestoneForm { checkpoint: "1".into(), ..form() };
        assert!(f.validate(Lang::En, &[]).unwrap_err().get("due_date").is_some());
    }
}
