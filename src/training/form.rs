//! The session form: raw input in, a validated `SessionInput` or translated field errors out.
//! Times are typed in the session's own time zone and stored in UTC.

use super::{KINDS, MODES, MODULES};
use crate::projects::access::MEMBER_ROLES;
use crate::web::forms::http_url;
use crate::web::{FormErrors, Lang};
use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Default, Clone, Debug)]
pub struct SessionForm {
    pub title: String,
    pub module: String,
    pub kind: String,
    pub mode: String,
    pub roles: Vec<String>,
    pub departments: Vec<i32>,
    pub starts_at: String,
    pub ends_at: String,
    pub tz: String,
    pub place: String,
    pub meeting_url: String,
    pub capacity: String,
    pub cancel_cutoff_hours: String,
    pub materials: String,
    pub prerequisites: String,
    pub trainer_id: String,
    pub version: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SessionInput {
    pub title: String,
    pub module: String,
    pub kind: String,
    pub mode: String,
    /// Comma-separated project roles; empty means every role.
    pub audience_roles: String,
    pub departments: Vec<i32>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub tz: String,
    pub place: Option<String>,
    pub meeting_url: Option<String>,
    pub capacity: i32,
    pub cancel_cutoff_hours: i32,
    pub materials: Option<String>,
    pub prerequisites: Option<String>,
    pub trainer_id: Option<i32>,
}

impl SessionForm {
    /// Reads the posted fields; roles and departments are checkboxes named `role_<key>` and
    /// `dept_<id>`.
    pub fn from_map(m: &HashMap<String, String>) -> SessionForm {
        let get = |k: &str| m.get(k).cloned().unwrap_or_default();
        let mut roles: Vec<String> =
            MEMBER_ROLES.iter().filter(|r| m.contains_key(&format!("role_{r}"))).map(|r| r.to_string()).collect();
        roles.sort();
        let mut departments: Vec<i32> =
            m.keys().filter_map(|k| k.strip_prefix("dept_").and_then(|id| id.parse().ok())).collect();
        departments.sort_unstable();
        SessionForm {
            title: get("title"),
            module: get("module"),
            kind: get("kind"),
            mode: get("mode"),
            roles,
            departments,
            starts_at: get("starts_at"),
            ends_at: get("ends_at"),
            tz: get("tz"),
            place: get("place"),
            meeting_url: get("meeting_url"),
            capacity: get("capacity"),
            cancel_cutoff_hours: get("cancel_cutoff_hours"),
            materials: get("materials"),
            prerequisites: get("prerequisites"),
            trainer_id: get("trainer_id"),
            version: get("version"),
        }
    }
}

/// `2027-03-03T09:00` (what `<input type=datetime-local>` sends), with seconds, or `03/03/2027 09:00`.
pub fn parse_local(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

#[derive(Debug, PartialEq)]
pub enum LocalTime {
    Ok(DateTime<Utc>),
    /// The clock jumps over this time (spring forward).
    Skipped,
}

/// A wall-clock time in `tz` as an instant. When the clocks go back the earlier instant is meant.
pub fn to_utc(tz: chrono_tz::Tz, t: NaiveDateTime) -> LocalTime {
    match tz.from_local_datetime(&t) {
        LocalResult::Single(d) | LocalResult::Ambiguous(d, _) => LocalTime::Ok(d.with_timezone(&Utc)),
        LocalResult::None => LocalTime::Skipped,
    }
}

fn optional(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

pub struct Allowed<'a> {
    pub departments: &'a [i32],
    /// Members who may run a session (trainers and PMs of the project).
    pub trainers: &'a [i32],
}

impl SessionForm {
    pub fn validate(&self, l: Lang, allowed: &Allowed<'_>) -> Result<SessionInput, FormErrors> {
        let mut e = FormErrors::new();
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            e.add(
                "title",
                l.t(
                    "Name the session (200 characters at most).",
                    "Ponga nombre a la sesión (200 caracteres como máximo).",
                ),
            );
        }
        if !MODULES.contains(&self.module.as_str()) {
            e.add("module", l.t("Choose the ERP module it teaches.", "Elija el módulo del ERP que enseña."));
        }
        let kind = if self.module == "security" { "security" } else { self.kind.as_str() };
        if !KINDS.contains(&kind) {
            e.add("kind", l.t("Choose a session type.", "Elija un tipo de sesión."));
        }
        if !MODES.contains(&self.mode.as_str()) {
            e.add("mode", l.t("Choose how it is given.", "Elija la modalidad."));
        }
        if self.departments.iter().any(|d| !allowed.departments.contains(d)) {
            e.add("departments", l.t("Choose departments of this project.", "Elija departamentos de este proyecto."));
        }
        let tz = self.tz.trim().parse::<chrono_tz::Tz>().ok();
        if tz.is_none() {
            e.add("tz", l.t("Choose a time zone.", "Elija una zona horaria."));
        }
        let mut instant = |field: &'static str, raw: &str| -> Option<DateTime<Utc>> {
            let Some(t) = parse_local(raw) else {
                e.add(
                    field,
                    l.t(
                        "Enter a date and time, e.g. 2027-03-03 09:00.",
                        "Introduzca fecha y hora, p. ej. 03/03/2027 09:00.",
                    ),
                );
                return None;
            };
            match to_utc(tz?, t) {
                LocalTime::Ok(d) => Some(d),
                LocalTime::Skipped => {
                    e.add(
                        field,
                        l.t(
                            "That time does not exist in this time zone (the clocks skip it). Choose another.",
                            "Esa hora no existe en esta zona horaria (el reloj se la salta). Elija otra.",
                        ),
                    );
                    None
                }
            }
        };
        let starts = instant("starts_at", &self.starts_at);
        let ends = instant("ends_at", &self.ends_at);
        if let (Some(s), Some(t)) = (starts, ends) {
            if t <= s {
                e.add(
                    "ends_at",
                    l.t("The session must end after it starts.", "La sesión debe terminar después de empezar."),
                );
            } else if t - s > chrono::Duration::days(14) {
                e.add(
                    "ends_at",
                    l.t(
                        "A session lasts two weeks at most; schedule repeats instead.",
                        "Una sesión dura dos semanas como máximo; programe repeticiones.",
                    ),
                );
            }
        }
        let place = optional(&self.place);
        if place.as_ref().is_some_and(|p| p.chars().count() > 300) {
            e.add("place", l.t("Keep the place under 300 characters.", "El lugar debe tener menos de 300 caracteres."));
        }
        let meeting_url = match optional(&self.meeting_url) {
            None => None,
            Some(raw) => {
                match http_url(&raw) {
                    Some(u) if u.len() <= 500 => Some(u),
                    _ => {
                        e.add("meeting_url", l.t("The meeting link must be a web address starting with https:// or http://.",
                                             "El enlace de la reunión debe ser una dirección web que empiece por https:// o http://."));
                        None
                    }
                }
            }
        };
        if self.mode == "in_person" && place.is_none() {
            e.add("place", l.t("Say where the session takes place.", "Indique dónde se celebra la sesión."));
        }
        if self.mode == "online" && meeting_url.is_none() && e.get("meeting_url").is_none() {
            e.add(
                "meeting_url",
                l.t(
                    "An online session needs its meeting link.",
                    "Una sesión en línea necesita el enlace de la reunión.",
                ),
            );
        }
        let capacity = self.capacity.trim().parse::<i32>().ok().filter(|c| (1..=10_000).contains(c));
        if capacity.is_none() {
            e.add(
                "capacity",
                l.t(
                    "Capacity is a whole number of seats from 1 to 10,000.",
                    "La capacidad es un número entero de plazas entre 1 y 10.000.",
                ),
            );
        }
        let cutoff = match self.cancel_cutoff_hours.trim() {
            "" => Some(24),
            s => s.parse::<i32>().ok().filter(|h| (0..=720).contains(h)),
        };
        if cutoff.is_none() {
            e.add(
                "cancel_cutoff_hours",
                l.t(
                    "The cancellation cut-off is 0 to 720 hours before the start.",
                    "El plazo de cancelación es de 0 a 720 horas antes del inicio.",
                ),
            );
        }
        if self.materials.chars().count() > 4000 {
            e.add(
                "materials",
                l.t(
                    "Keep the materials under 4000 characters.",
                    "Los materiales deben tener menos de 4000 caracteres.",
                ),
            );
        }
        if self.prerequisites.chars().count() > 2000 {
            e.add(
                "prerequisites",
                l.t(
                    "Keep the prerequisites under 2000 characters.",
                    "Los requisitos previos deben tener menos de 2000 caracteres.",
                ),
            );
        }
        let trainer_id = match self.trainer_id.trim() {
            "" => None,
            s => match s.parse::<i32>() {
                Ok(id) if allowed.trainers.contains(&id) => Some(id),
                _ => {
                    e.add(
                        "trainer_id",
                        l.t(
                            "The trainer must be a trainer or project manager of this project.",
                            "El formador debe ser formador o jefe de proyecto de este proyecto.",
                        ),
                    );
                    None
                }
            },
        };
        match (e.is_empty(), starts, ends, tz, capacity, cutoff) {
            (true, Some(starts_at), Some(ends_at), Some(tz), Some(capacity), Some(cancel_cutoff_hours)) => {
                Ok(SessionInput {
                    title: title.to_string(),
                    module: self.module.clone(),
                    kind: kind.to_string(),
                    mode: self.mode.clone(),
                    audience_roles: self.roles.join(","),
                    departments: self.departments.clone(),
                    starts_at,
                    ends_at,
                    tz: tz.name().to_string(),
                    place,
                    meeting_url,
                    capacity,
                    cancel_cutoff_hours,
                    materials: optional(&self.materials),
                    prerequisites: optional(&self.prerequisites),
                    trainer_id,
                })
            }
            _ => Err(e),
        }
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct MessageForm {
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub include_waitlist: String,
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub module: String,
    #[serde(default)]
    pub when: String,
    #[serde(default, rename = "for")]
    pub for_me: String,
    pub page: Option<u64>,
}

#[derive(Deserialize, Default)]
pub struct NewParams {
    pub from: Option<i32>,
}

#[derive(Deserialize, Default, Clone)]
pub struct ResourceForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub module: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Deserialize, Default)]
pub struct Params {
    #[serde(default)]
    pub module: String,
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
