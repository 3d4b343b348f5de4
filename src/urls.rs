//! Typed paths: every page's address is built here, once, so a link cannot drift from its route
//! and a feature never needs another feature's module to link to it. Pure, at the bottom.

pub fn project(id: i32) -> String {
    format!("/projects/{id}")
}

pub fn members(project_id: i32) -> String {
    format!("/projects/{project_id}/members")
}

pub fn phase(project_id: i32, key: &str) -> String {
    format!("/projects/{project_id}/phases/{key}")
}

pub fn item(project_id: i32, item_id: i32) -> String {
    format!("/projects/{project_id}/items/{item_id}")
}

pub fn requirements(project_id: i32) -> String {
    format!("/projects/{project_id}/requirements")
}

pub fn requirement(project_id: i32, id: i32) -> String {
    format!("/projects/{project_id}/requirements/{id}")
}

/// Test management (issue 18): the hub with "My tests", cases, cycles, runs, defects, traceability.
pub fn testing(project_id: i32) -> String {
    format!("/projects/{project_id}/testing")
}

pub fn test_cases(project_id: i32) -> String {
    format!("/projects/{project_id}/testing/cases")
}

pub fn test_case(project_id: i32, id: i32) -> String {
    format!("/projects/{project_id}/testing/cases/{id}")
}

pub fn test_cycles(project_id: i32) -> String {
    format!("/projects/{project_id}/testing/cycles")
}

pub fn test_cycle(project_id: i32, id: i32) -> String {
    format!("/projects/{project_id}/testing/cycles/{id}")
}

pub fn test_run(project_id: i32, id: i32) -> String {
    format!("/projects/{project_id}/testing/runs/{id}")
}

pub fn defects(project_id: i32) -> String {
    format!("/projects/{project_id}/testing/defects")
}

pub fn defect(project_id: i32, id: i32) -> String {
    format!("/projects/{project_id}/testing/defects/{id}")
}

pub fn traceability(project_id: i32) -> String {
    format!("/projects/{project_id}/testing/trace")
}

pub fn kpis(project_id: i32) -> String {
    format!("/projects/{project_id}/kpis")
}

pub fn selection(project_id: i32) -> String {
    format!("/projects/{project_id}/selection")
}

pub fn milestones(project_id: i32) -> String {
    format!("/projects/{project_id}/milestones")
}

pub fn milestone(project_id: i32, id: i32) -> String {
    format!("/projects/{project_id}/milestones/{id}")
}

pub fn org(project_id: i32) -> String {
    format!("/projects/{project_id}/org")
}

pub fn customizations(project_id: i32) -> String {
    format!("/projects/{project_id}/customizations")
}

pub fn migration(project_id: i32) -> String {
    format!("/projects/{project_id}/migration")
}

pub fn migration_object(project_id: i32, object_id: i32) -> String {
    format!("/projects/{project_id}/migration/{object_id}")
}

pub fn trial_load(project_id: i32, object_id: i32, load_id: i32) -> String {
    format!("/projects/{project_id}/migration/{object_id}/loads/{load_id}")
}

pub fn training(project_id: i32) -> String {
    format!("/projects/{project_id}/training")
}

pub fn training_session(project_id: i32, id: i32) -> String {
    format!("/projects/{project_id}/training/{id}")
}

pub fn cutover(project_id: i32) -> String {
    format!("/projects/{project_id}/cutover")
}

pub fn cutover_task(project_id: i32, id: i32) -> String {
    format!("/projects/{project_id}/cutover/{id}")
}

pub fn cutover_runs(project_id: i32) -> String {
    format!("/projects/{project_id}/cutover-runs")
}

pub fn cutover_go_no_go(project_id: i32) -> String {
    format!("/projects/{project_id}/cutover-go-no-go")
}

pub fn warnings(project_id: i32) -> String {
    format!("/projects/{project_id}/warnings")
}

pub fn feedback(project_id: i32) -> String {
    format!("/projects/{project_id}/feedback")
}

pub fn surveys(project_id: i32) -> String {
    format!("/projects/{project_id}/surveys")
}

pub fn adoption(project_id: i32) -> String {
    format!("/projects/{project_id}/adoption")
}

pub fn admin_user(id: i32) -> String {
    format!("/admin/users/{id}")
}

/// The only pages a person whose role requires a second factor may open before setting one up.
pub fn allowed_before_enrolment(path: &str) -> bool {
    matches!(path, "/account/2fa" | "/account/2fa/enable" | "/logout")
}

/// The only pages a person whose password an administrator set may open before changing it.
pub fn allowed_before_password_change(path: &str) -> bool {
    matches!(path, "/account/password" | "/logout")
}

pub fn support(project_id: i32) -> String {
    format!("/projects/{project_id}/support")
}

pub fn support_ticket(project_id: i32, id: i32) -> String {
    format!("/projects/{project_id}/support/{id}")
}

pub fn support_articles(project_id: i32) -> String {
    format!("/projects/{project_id}/support/articles")
}
