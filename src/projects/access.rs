//! Who may do what in a project. Every project route starts here: a person who is neither a member
//! nor an admin gets 404, so the existence of other projects is not revealed.

use crate::entities::{membership, project, user};
use crate::error::{AppError, AppResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Admin,
    Pm,
    Trainer,
    Employee,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Pm => "pm",
            Role::Trainer => "trainer",
            Role::Employee => "employee",
        }
    }

    pub fn parse_member(s: &str) -> Option<Role> {
        match s {
            "pm" => Some(Role::Pm),
            "trainer" => Some(Role::Trainer),
            "employee" => Some(Role::Employee),
            _ => None,
        }
    }
}

pub const MEMBER_ROLES: [&str; 3] = ["pm", "trainer", "employee"];

#[derive(Clone, Debug)]
pub struct Access {
    pub project: project::Model,
    pub role: Role,
    /// A member the PM marked as a key user of this project (never an admin's own flag).
    pub key_user: bool,
}

impl Access {
    /// PMs of the project and admins manage it.
    pub fn can_manage(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Pm)
    }

    pub fn require_manage(&self) -> AppResult<()> {
        if self.can_manage() { Ok(()) } else { Err(AppError::Forbidden) }
    }

    /// Managers and the project's key users: they run test cycles and triage support together.
    pub fn can_coordinate(&self) -> bool {
        self.can_manage() || self.key_user
    }

    pub fn require_coordinate(&self) -> AppResult<()> {
        if self.can_coordinate() { Ok(()) } else { Err(AppError::Forbidden) }
    }
}

pub async fn access(db: &impl ConnectionTrait, user: &user::Model, project_id: i32) -> AppResult<Access> {
    let project = project::Entity::find_by_id(project_id).one(db).await?.ok_or(AppError::NotFound)?;
    if user.role == "admin" {
        return Ok(Access { project, role: Role::Admin, key_user: false });
    }
    let m = membership::Entity::find()
        .filter(membership::Column::ProjectId.eq(project_id))
        .filter(membership::Column::UserId.eq(user.id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let role = Role::parse_member(&m.role).ok_or(AppError::NotFound)?;
    Ok(Access { project, role, key_user: m.key_user })
}

pub fn role_label(l: crate::web::Lang, role: &str) -> &'static str {
    match role {
        "admin" => l.t("Administrator", "Administrador"),
        "pm" => l.t("Project manager", "Jefe de proyecto"),
        "trainer" => l.t("Trainer", "Formador"),
        "employee" => l.t("Employee", "Empleado"),
        _ => l.t("Unknown", "Desconocido"),
    }
}
