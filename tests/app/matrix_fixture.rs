//! The authorization matrix's targets: a project P with a record of every kind, another project Q
//! with its own (for the 404s), a user of each kind, and the path templates made concrete.

use crate::helpers::TestApp;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

pub(super) struct Fixture {
    pub(super) p: i32,
    pub(super) q: i32,
    pub(super) q_item: i32,
    pub(super) q_req: i32,
    pub(super) q_cid: i32,
    pub(super) q_ms: i32,
    pub(super) q_cust: i32,
    pub(super) q_ts: i32,
    pub(super) q_fb: i32,
    pub(super) q_wave: i32,
    pub(super) q_meas: i32,
    pub(super) q_mo: i32,
    pub(super) q_tl: i32,
    pub(super) q_sid: i32,
    pub(super) q_ctask: i32,
    pub(super) q_crun: i32,
    pub(super) q_tk: i32,
    pub(super) q_art: i32,
    pub(super) trainer: i32,
    pub(super) employee: i32,
    pub(super) pm: i32,
    pub(super) users: Vec<Option<String>>,
}

pub(super) async fn fixture(app: &TestApp) -> Fixture {
    let employee = app.create_user("employee").await;
    let trainer = app.create_user("trainer").await;
    let pm_here = app.create_user("pm").await;
    let pm_other = app.create_user("pm").await;
    let admin = app.create_user("admin").await;
    let b = app.another_browser();
    b.login(&pm_here.email).await;
    let p = b.create_project("P").await;
    let b = app.another_browser();
    b.login(&pm_other.email).await;
    let q = b.create_project("Q").await;
    app.add_member(p, employee.id, "employee").await;
    app.add_member(p, trainer.id, "trainer").await;
    let q_item = app.first_item(q, "implementation").await.id;
    let q_req = app.requirement(q, "Q's requirement").await;
    let q_cid = app.candidate(q, "Q's product").await;
    let q_ms = app.milestone(q, "Q's milestone", "2027-01-01", "2027-01-31", None).await;
    let q_cust = app.customization(q).await;
    let q_ts = app.training_session(q, None, 10).await;
    let q_fb = app.feedback_item(q, None).await;
    let q_wave = app.survey_wave(q).await;
    let q_meas = app.kpi_measurement(q).await;
    let q_mo = app.migration_object(q, None).await;
    let q_tl = app.trial_load(q, q_mo).await;
    let q_ctask = app.cutover_task(q).await;
    let q_crun = app.cutover_run(q).await;
    let q_tk = app.support_ticket(q, pm_other.id).await;
    let q_art = app.support_article(q, true).await;
    // A session of someone who is none of the callers.
    let stranger = app.create_user("employee").await;
    let token = erp_rollout::auth::store::create_session(&app.db, stranger.id, chrono::Utc::now(), 12, None, None)
        .await
        .expect("session");
    let q_sid = erp_rollout::entities::session::Entity::find()
        .filter(erp_rollout::entities::session::Column::TokenHash.eq(erp_rollout::web::token_hash(&token)))
        .one(&app.db)
        .await
        .expect("query")
        .expect("session row")
        .id;
    app.make_evaluator(p, employee.id).await;
    let users = vec![
        None,
        Some(employee.email),
        Some(trainer.email),
        Some(pm_here.email),
        Some(pm_other.email),
        Some(admin.email),
    ];
    Fixture {
        p,
        q,
        q_item,
        q_req,
        q_cid,
        q_ms,
        q_cust,
        q_ts,
        q_fb,
        q_wave,
        q_meas,
        q_mo,
        q_tl,
        q_sid,
        q_ctask,
        q_crun,
        q_tk,
        q_art,
        trainer: trainer.id,
        employee: employee.id,
        pm: pm_here.id,
        users,
    }
}

/// Fresh targets for one request, so destructive routes never run out of things to act on.
pub(super) async fn concrete_path(app: &TestApp, f: &Fixture, template: &str) -> String {
    let mut path = template
        .replace("{p}", &f.p.to_string())
        .replace("{q_item}", &f.q_item.to_string())
        .replace("{q_req}", &f.q_req.to_string())
        .replace("{q_cid}", &f.q_cid.to_string())
        .replace("{q_ms}", &f.q_ms.to_string())
        .replace("{q_cust}", &f.q_cust.to_string())
        .replace("{q_ts}", &f.q_ts.to_string())
        .replace("{q_fb}", &f.q_fb.to_string())
        .replace("{q_wave}", &f.q_wave.to_string())
        .replace("{q_meas}", &f.q_meas.to_string())
        .replace("{q_sid}", &f.q_sid.to_string())
        .replace("{q_mo}", &f.q_mo.to_string())
        .replace("{q_tl}", &f.q_tl.to_string())
        .replace("{q_ctask}", &f.q_ctask.to_string())
        .replace("{q_crun}", &f.q_crun.to_string())
        .replace("{q_tk}", &f.q_tk.to_string())
        .replace("{q_art}", &f.q_art.to_string());
    if path.contains("{ctask}") {
        path = path.replace("{ctask}", &app.cutover_task(f.p).await.to_string());
    }
    if path.contains("{crun}") {
        path = path.replace("{crun}", &app.cutover_run(f.p).await.to_string());
    }
    if path.contains("{tk_file}") {
        let t = app.support_ticket(f.p, f.employee).await;
        let a = app.support_attachment(t).await;
        path = path.replace("{tk_file}", &format!("{t}/attachments/{a}"));
    }
    if path.contains("{tk}") {
        path = path.replace("{tk}", &app.support_ticket(f.p, f.employee).await.to_string());
    }
    if path.contains("{tk_pm}") {
        path = path.replace("{tk_pm}", &app.support_ticket(f.p, f.pm).await.to_string());
    }
    if path.contains("{art}") {
        path = path.replace("{art}", &app.support_article(f.p, true).await.to_string());
    }
    if path.contains("{draft}") {
        path = path.replace("{draft}", &app.support_article(f.p, false).await.to_string());
    }
    if path.contains("{mo}") {
        let o = app.migration_object(f.p, None).await;
        path = path.replace("{mo}", &o.to_string());
        if path.contains("{tl}") {
            path = path.replace("{tl}", &app.trial_load(f.p, o).await.to_string());
        }
    }
    path = testing_targets(app, f, path).await;
    if path.contains("{fb}") {
        path = path.replace("{fb}", &app.feedback_item(f.p, None).await.to_string());
    }
    if path.contains("{wave}") {
        path = path.replace("{wave}", &app.survey_wave(f.p).await.to_string());
    }
    if path.contains("{meas}") {
        path = path.replace("{meas}", &app.kpi_measurement(f.p).await.to_string());
    }
    if path.contains("{ts}") {
        path = path.replace("{ts}", &app.training_session(f.p, Some(f.trainer), 10).await.to_string());
    }
    if path.contains("{tres}") {
        path = path.replace("{tres}", &app.training_resource(f.p).await.to_string());
    }
    if path.contains("{org}") {
        path = path.replace("{org}", &app.org_unit(f.p, &format!("Dept {}", uuid::Uuid::new_v4())).await.to_string());
    }
    if path.contains("{cust}") {
        path = path.replace("{cust}", &app.customization(f.p).await.to_string());
    }
    if path.contains("{ms}") {
        path = path.replace("{ms}", &app.milestone(f.p, "target", "2027-01-01", "2027-01-31", None).await.to_string());
    }
    if path.contains("{dep}") {
        let a = app.milestone(f.p, "a", "2027-01-01", "2027-01-31", None).await;
        let b = app.milestone(f.p, "b", "2027-02-01", "2027-02-28", None).await;
        path = path.replace("{dep}", &app.dependency(f.p, a, b).await.to_string());
    }
    if path.contains("{rid}") {
        path = path.replace("{rid}", &app.requirement(f.p, "target").await.to_string());
    }
    if path.contains("{kid}") {
        path = path.replace("{kid}", &app.kpi(f.p).await.to_string());
    }
    if path.contains("{cid}") {
        path =
            path.replace("{cid}", &app.candidate(f.p, &format!("target {}", uuid::Uuid::new_v4())).await.to_string());
    }
    if path.contains("{crid}") {
        path = path.replace("{crid}", &app.criterion(f.p).await.to_string());
    }
    if path.contains("{ev}") {
        let u = app.create_user("employee").await;
        app.add_member(f.p, u.id, "employee").await;
        app.make_evaluator(f.p, u.id).await;
        path = path.replace("{ev}", &u.id.to_string());
    }
    if path == "CSS" {
        path = erp_rollout::web::assets::CSS_PATH.to_string();
    }
    if path.contains("{item}") {
        let phase = erp_rollout::phases::store::phase(&app.db, f.p, "implementation").await.unwrap().unwrap();
        let item =
            erp_rollout::phases::store::add_item(&app.db, &phase, "target", false, chrono::Utc::now()).await.unwrap();
        path = path.replace("{item}", &item.id.to_string());
    }
    if path.contains("{mid}") {
        let u = app.create_user("employee").await;
        app.add_member(f.p, u.id, "employee").await;
        let m = erp_rollout::projects::store::members(&app.db, f.p)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.user_id == u.id)
            .unwrap();
        path = path.replace("{mid}", &m.id.to_string());
    }
    if path.contains("{uid}") {
        path = path.replace("{uid}", &app.create_user("employee").await.id.to_string());
    }
    path
}

/// Test management targets (issue 18): fresh in P, or of project Q.
async fn testing_targets(app: &TestApp, f: &Fixture, mut path: String) -> String {
    for (key, project) in [("{q_", f.q), ("{", f.p)] {
        let tag = |name: &str| format!("{key}{name}}}");
        if path.contains(&tag("tc"))
            || path.contains(&tag("cy"))
            || path.contains(&tag("run"))
            || path.contains(&tag("runstep"))
            || path.contains(&tag("df"))
        {
            let (case, cycle, run) = app.test_fixture(project, None).await;
            let step = app.steps_of(case).await[0];
            let df = app.defect(project, case).await;
            path = path
                .replace(&tag("tc"), &case.to_string())
                .replace(&tag("cy"), &cycle.to_string())
                .replace(&tag("runstep"), &format!("{run}/steps/{step}"))
                .replace(&tag("run"), &run.to_string())
                .replace(&tag("df"), &df.to_string());
        }
    }
    path
}
