use super::*;

fn form() -> SessionForm {
    SessionForm {
        title: "Facturación de ventas".into(),
        module: "sales_crm".into(),
        kind: "regular".into(),
        mode: "online".into(),
        starts_at: "2027-03-03T09:00".into(),
        ends_at: "03/03/2027 12:30".into(),
        tz: "Europe/Madrid".into(),
        meeting_url: "https://meet.example.com/abc".into(),
        capacity: "12".into(),
        ..Default::default()
    }
}

fn allowed() -> Allowed<'static> {
    Allowed { departments: &[4], trainers: &[7] }
}

#[test]
fn local_times_become_utc_with_the_zone_rules() {
    let s = form().validate(Lang::En, &allowed()).unwrap();
    // Madrid is UTC+1 in March before the last Sunday.
    assert_eq!(s.starts_at.to_rfc3339(), "2027-03-03T08:00:00+00:00");
    assert_eq!(s.ends_at.to_rfc3339(), "2027-03-03T11:30:00+00:00");
    assert_eq!(s.cancel_cutoff_hours, 24);
    let mut summer = form();
    summer.starts_at = "2027-07-01T09:00".into();
    summer.ends_at = "2027-07-01T10:00".into();
    assert_eq!(summer.validate(Lang::En, &allowed()).unwrap().starts_at.to_rfc3339(), "2027-07-01T07:00:00+00:00");
}

#[test]
fn a_time_the_clocks_skip_is_refused() {
    let mut f = form();
    // Madrid jumps from 02:00 to 03:00 on 28 March 2027.
    f.starts_at = "2027-03-28T02:30".into();
    f.ends_at = "2027-03-28T04:00".into();
    let e = f.validate(Lang::Es, &allowed()).unwrap_err();
    assert!(e.get("starts_at").unwrap().contains("no existe"));
}

#[test]
fn bad_links_end_before_start_and_outsiders_are_refused() {
    let mut f = form();
    f.ends_at = "2027-03-03T08:00".into();
    f.meeting_url = "javascript:alert(1)".into();
    f.capacity = "0".into();
    f.trainer_id = "8".into();
    f.departments = vec![5];
    let e = f.validate(Lang::En, &allowed()).unwrap_err();
    for k in ["ends_at", "meeting_url", "capacity", "trainer_id", "departments"] {
        assert!(e.get(k).is_some(), "{k}");
    }
    for bad in ["ftp://x.example/a", "file:///etc/passwd", "mailto:a@b.c", "https://", "meet.example.com"] {
        assert_eq!(http_url(bad), None, "{bad}");
    }
    assert_eq!(http_url(" https://meet.example.com/x?y=1 ").as_deref(), Some("https://meet.example.com/x?y=1"));
}

#[test]
fn security_module_sessions_are_security_awareness() {
    let mut f = form();
    f.module = "security".into();
    assert_eq!(f.validate(Lang::En, &allowed()).unwrap().kind, "security");
}
