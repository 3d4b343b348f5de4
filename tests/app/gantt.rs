//! The Gantt page: the whole plan fitted to the page, names as links outside any image, an empty state.

use crate::helpers::spawn_app;
use crate::plan::{created, depend, milestone};

#[tokio::test]
async fn the_gantt_fits_the_whole_plan_with_each_name_a_link_outside_any_image() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Long plan").await;
    let first = created(&app, p, &milestone("Configure finance", "2027-01-04", "2027-02-12", "")).await;
    let last = created(&app, p, &milestone("Hypercare", "2029-06-01", "2029-06-29", "")).await;
    assert_eq!(depend(&app, p, last, first).await.status().as_u16(), 303);

    let (status, gantt) = app.get_html(&format!("/projects/{p}/gantt")).await;

    assert_eq!(status, 200);
    assert!(!gantt.contains("gantt-scroll"), "no inner horizontal scroller");
    assert!(!gantt.contains(r#"role="img""#), "no links inside an image");
    assert!(gantt.contains(r#"<svg class="gantt-svg" aria-hidden="true" focusable="false" width="100%""#));
    for (id, title) in [(first, "Configure finance"), (last, "Hypercare")] {
        let link = format!(r#"<a href="/projects/{p}/milestones/{id}/edit" title="{title}">{title}</a>"#);
        assert!(gantt.contains(&link), "{title} is a link in the names column");
    }
    // The end of the plan is on the page, in text for those who cannot see the bars.
    assert!(gantt.contains("2029-06-01 – 2029-06-29, 0% done, on the critical path"), "{gantt}");
    assert!(gantt.contains(" – Jul 2029 · today "), "the caption spans the whole plan");
    // Thirty months cannot all be labelled: every third one is.
    assert!(gantt.matches(r#"class="month-label"#).count() <= 12);
    assert!(gantt.contains(r#"<line class="today""#) && gantt.contains(r#"<line class="arrow""#));
}

#[tokio::test]
async fn an_empty_gantt_says_so_and_offers_the_next_step_to_the_manager() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Nothing yet").await;

    let (status, gantt) = app.get_html(&format!("/projects/{p}/gantt")).await;

    assert_eq!(status, 200);
    assert!(gantt.contains("The Gantt chart is empty: the plan has no milestones yet."));
    assert!(gantt.contains(&format!(r#"href="/projects/{p}/milestones/new">Add a milestone</a>"#)));
    assert!(gantt.contains(&format!(r#"href="/projects/{p}/milestones/import">Import a plan (CSV)</a>"#)));
    assert!(!gantt.contains("<svg"), "no blank grid");
}

#[tokio::test]
async fn the_plan_menu_marks_the_current_page_and_sets_the_exports_apart() {
    let app = spawn_app().await;
    app.login_as("pm").await;
    let p = app.create_project("Menu").await;

    let (_, gantt) = app.get_html(&format!("/projects/{p}/gantt")).await;
    let (_, schedule) = app.get_html(&format!("/projects/{p}/schedule")).await;

    assert!(gantt.contains(&format!(r#"<a href="/projects/{p}/gantt" aria-current="page">"#)));
    assert!(gantt.contains(&format!(r#"<a href="/projects/{p}/schedule">"#)));
    assert!(schedule.contains(&format!(r#"<a href="/projects/{p}/schedule" aria-current="page">"#)));
    let csv = format!(r#"<a class="button secondary small" href="/projects/{p}/milestones.csv" download>"#);
    assert!(gantt.contains(&csv), "an export is a download button, not a page link");
}
