//! The runbook's forms: a task (typed in the runbook's time zone, stored in UTC), the runbook's
//! settings (time zone and window), a run and a go/no-go decision. Raw input in, validated input
//! or translated field errors out.

use crate::training::form::{LocalTime, parse_local, to_utc};
use crate::web::forms::owner_choice;
use crate::web::{FormErrors, Lang};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use std::collections::HashMap;

/// The most tasks a runbook holds (one page with its timeline; real runbooks have tens).
pub const MAX_TASKS: usize = 300;

/// The longest task: a week, in minutes.
pub const MAX_MINUTES: i64 = 7 * 24 * 60;

#[derive(Default, Clone, Debug)]
pub struct TaskForm {
    pub title: String,
    pub planned_start: String,
    pub duration_minutes: String,
    pub owner_id: String,
    pub point_of_no_return: bool,
    pub rollback_steps: String,
    /// Ticked predecessors (checkboxes `pred_<id>`).
    pub predecessors: Vec<i32>,
    pub version: String,
}

impl TaskForm {
    pub fn from_map(m: &HashMap<String, String>) -> TaskForm {
        let get = |k: &str| m.get(k).cloned().unwrap_or_default();
        let mut predecessors: Vec<i32> =
            m.keys().filter_map(|k| k.strip_prefix("pred_").and_then(|id| id.parse().ok())).collect();
        predecessors.sort_unstable();
        predecessors.dedup(); // `pred_5` and `pred_05` are one task
        TaskForm {
            title: get("title"),
            planned_start: get("planned_start"),
            duration_minutes: get("duration_minutes"),
            owner_id: get("owner_id"),
            point_of_no_return: m.get("point_of_no_return").is_some_and(|v| v == "1"),
            rollback_steps: get("rollback_steps"),
            predecessors,
            version: get("version"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TaskInput {
    pub title: String,
    pub planned_start: DateTime<Utc>,
    pub duration_minutes: i32,
    pub owner_id: Option<i32>,
    pub point_of_no_return: bool,
    pub rollback_steps: Option<String>,
    pub predecessors: Vec<i32>,
}

/// What a task is checked against.
pub struct Allowed<'a> {
    pub tz: chrono_tz::Tz,
    pub window: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    pub members: &'a [i32],
    /// The runbook's other tasks (not the one being edited).
    pub tasks: &'a [i32],
    /// The title of another task that already is the point of no return.
    pub other_point_of_no_return: Option<&'a str>,
}

/// A local time typed in `tz`, as an instant, or the message that says why not.
pub fn instant(l: Lang, tz: chrono_tz::Tz, raw: &str) -> Result<DateTime<Utc>, &'static str> {
    match parse_local(raw).map(|t| to_utc(tz, t)) {
        // Durations are added to it: a year chrono can hold but no cutover needs would overflow.
        Some(LocalTime::Ok(t)) if !(2000..=2100).contains(&chrono::Datelike::year(&t)) => {
            Err(l.t("Enter a date between the years 2000 and 2100.", "Indique una fecha entre los años 2000 y 2100."))
        }
        Some(LocalTime::Ok(t)) => Ok(t),
        Some(LocalTime::Skipped) => Err(l.t(
            "That time does not exist in this time zone (the clocks skip it). Choose another.",
            "Esa hora no existe en esta zona horaria (los relojes se la saltan). Elija otra.",
        )),
        None => {
            Err(l.t("Enter a date and time, e.g. 2027-03-06 08:00.", "Indique fecha y hora, p. ej. 06/03/2027 08:00."))
        }
    }
}

impl TaskForm {
    pub fn validate(&self, l: Lang, a: &Allowed<'_>) -> Result<TaskInput, FormErrors> {
        let mut e = FormErrors::new();
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 300 {
            e.add(
                "title",
                l.t("Name the task (300 characters at most).", "Ponga nombre a la tarea (300 caracteres como máximo)."),
            );
        }
        let start = instant(l, a.tz, &self.planned_start).map_err(|m| e.add("planned_start", m)).ok();
        let minutes = self.duration_minutes.trim().parse::<i64>().ok().filter(|m| (1..=MAX_MINUTES).contains(m));
        if minutes.is_none() {
            e.add(
                "duration_minutes",
                l.t(
                    "The duration is a whole number of minutes, from 1 to 10080 (a week).",
                    "La duración es un número entero de minutos, de 1 a 10080 (una semana).",
                ),
            );
        }
        if let (Some(s), Some(m)) = (start, minutes) {
            if let Some(w) = a.window.0.filter(|w| s < *w) {
                e.add(
                    "planned_start",
                    l.f(
                        "The task starts before the cutover window opens ({0} UTC).",
                        "La tarea empieza antes de que se abra la ventana de cutover ({0} UTC).",
                        &[&w.format("%Y-%m-%d %H:%M")],
                    ),
                );
            }
            if let Some(w) = a.window.1.filter(|w| s + Duration::minutes(m) > *w) {
                e.add(
                    "duration_minutes",
                    l.f(
                        "The task ends after the cutover window closes ({0} UTC).",
                        "La tarea termina después de que se cierre la ventana de cutover ({0} UTC).",
                        &[&w.format("%Y-%m-%d %H:%M")],
                    ),
                );
            }
        }
        let owner_id = owner_choice(&self.owner_id, a.members, &mut e, l);
        if self.point_of_no_return
            && let Some(other) = a.other_point_of_no_return
        {
            e.add(
                "point_of_no_return",
                l.f(
                    "“{0}” is already the point of no return, and a runbook has only one. Untick it there first.",
                    "«{0}» ya es el punto de no retorno, y un plan de cutover solo tiene uno. Desmárquelo allí primero.",
                    &[&other],
                ),
            );
        }
        let rollback = self.rollback_steps.trim();
        if rollback.chars().count() > 4000 {
            e.add(
                "rollback_steps",
                l.t("Rollback steps: 4000 characters at most.", "Pasos de marcha atrás: 4000 caracteres como máximo."),
            );
        }
        if self.predecessors.iter().any(|p| !a.tasks.contains(p)) {
            e.add(
                "predecessors",
                l.t(
                    "A predecessor must be another task of this runbook.",
                    "Un predecesor debe ser otra tarea de este plan de cutover.",
                ),
            );
        }
        let input = TaskInput {
            title: title.to_string(),
            planned_start: start.unwrap_or_default(),
            duration_minutes: i32::try_from(minutes.unwrap_or(0)).unwrap_or(0),
            owner_id,
            point_of_no_return: self.point_of_no_return,
            rollback_steps: Some(rollback.to_string()).filter(|r| !r.is_empty()),
            predecessors: self.predecessors.clone(),
        };
        e.into_result(input)
    }
}

/// The runbook's time zone and its optional window.
#[derive(Deserialize, Default, Clone)]
pub struct SettingsForm {
    #[serde(default)]
    pub tz: String,
    #[serde(default)]
    pub window_starts_at: String,
    #[serde(default)]
    pub window_ends_at: String,
}

pub struct Settings {
    pub tz: String,
    pub window: (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
}

impl SettingsForm {
    pub fn validate(&self, l: Lang) -> Result<Settings, FormErrors> {
        let mut e = FormErrors::new();
        let tz = self.tz.trim().parse::<chrono_tz::Tz>().ok();
        if tz.is_none() {
            e.add("tz", l.t("Choose a time zone.", "Elija una zona horaria."));
        }
        let z = tz.unwrap_or(chrono_tz::UTC);
        let mut read = |name: &'static str, raw: &str| match raw.trim() {
            "" => None,
            s => instant(l, z, s).map_err(|m| e.add(name, m)).ok(),
        };
        let from = read("window_starts_at", &self.window_starts_at);
        let to = read("window_ends_at", &self.window_ends_at);
        if let (Some(a), Some(b)) = (from, to)
            && b <= a
        {
            e.add(
                "window_ends_at",
                l.t("The window closes after it opens.", "La ventana se cierra después de abrirse."),
            );
        }
        e.into_result(Settings { tz: self.tz.trim().to_string(), window: (from, to) })
    }
}

pub const RUN_KINDS: [&str; 2] = ["rehearsal", "live"];
pub const VERDICTS: [&str; 3] = ["go", "go_with_conditions", "no_go"];

#[derive(Deserialize, Default)]
pub struct RunForm {
    #[serde(default)]
    pub kind: String,
    /// `1` once the PM has seen what starting the live cutover means.
    #[serde(default)]
    pub confirm: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct GoNoGoForm {
    #[serde(default)]
    pub verdict: String,
    #[serde(default)]
    pub note: String,
}

impl GoNoGoForm {
    pub fn validate(&self, l: Lang) -> Result<(String, Option<String>), FormErrors> {
        let mut e = FormErrors::new();
        if !VERDICTS.contains(&self.verdict.as_str()) {
            e.add(
                "verdict",
                l.t("Choose go, go with conditions or no-go.", "Elija adelante, adelante con condiciones o no seguir."),
            );
        }
        let note = self.note.trim();
        if note.chars().count() > 4000 {
            e.add("note", l.t("The note: 4000 characters at most.", "La nota: 4000 caracteres como máximo."));
        }
        if self.verdict == "go_with_conditions" && note.is_empty() {
            e.add("note", l.t("Write down the conditions.", "Anote las condiciones."));
        }
        e.into_result((self.verdict.clone(), Some(note.to_string()).filter(|n| !n.is_empty())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(start: &str, minutes: &str) -> TaskForm {
        TaskForm {
            title: "Final extract".into(),
            planned_start: start.into(),
            duration_minutes: minutes.into(),
            ..Default::default()
        }
    }

    fn allowed<'a>(tasks: &'a [i32], members: &'a [i32]) -> Allowed<'a> {
        Allowed { tz: chrono_tz::Europe::Madrid, window: (None, None), members, tasks, other_point_of_no_return: None }
    }

    #[test]
    fn a_task_is_typed_in_the_runbooks_zone_and_stored_in_utc() {
        let i = form("2027-03-06T08:00", "90").validate(Lang::En, &allowed(&[], &[])).expect("valid");
        assert_eq!(i.planned_start.to_rfc3339(), "2027-03-06T07:00:00+00:00");
        assert_eq!(i.duration_minutes, 90);
    }

    #[test]
    fn negative_durations_unknown_owners_and_foreign_predecessors_are_refused() {
        let mut f = form("2027-03-06T08:00", "-5");
        f.owner_id = "42".into();
        f.predecessors = vec![7];
        let e = f.validate(Lang::En, &allowed(&[1, 2], &[3])).expect_err("invalid");
        assert!(e.get("duration_minutes").is_some_and(|m| m.contains("1 to 10080")));
        assert!(e.get("owner_id").is_some());
        assert!(e.get("predecessors").is_some());
    }

    #[test]
    fn a_task_outside_the_window_or_a_second_point_of_no_return_is_refused() {
        let opens = Utc::now();
        let mut a = allowed(&[], &[]);
        a.window = (Some(opens), None);
        a.other_point_of_no_return = Some("Switch interfaces");
        let mut f = form("2000-01-01T08:00", "30");
        f.point_of_no_return = true;
        let e = f.validate(Lang::Es, &a).expect_err("invalid");
        assert!(e.get("planned_start").is_some_and(|m| m.contains("antes de que se abra")));
        assert!(e.get("point_of_no_return").is_some_and(|m| m.contains("Switch interfaces")));
    }
}
