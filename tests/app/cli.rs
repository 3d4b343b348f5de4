use crate::helpers::{PASSWORD, spawn_app};
use std::io::Write;
use std::process::{Command, Stdio};

fn user_add(database_url: &str, email: &str, password: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_erp-rollout"))
        .args(["user", "add", "--email", email, "--name", "Pablo PM", "--role", "pm", "--password-stdin"])
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run erp-rollout");
    child.stdin.take().expect("stdin").write_all(format!("{password}\n").as_bytes()).expect("write password");
    child.wait_with_output().expect("wait")
}

#[tokio::test]
async fn the_cli_adds_a_user_who_can_then_sign_in() {
    let app = spawn_app().await;

    let out = user_add(&app.settings.database_url, "pablo@test.example", PASSWORD);

    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(app.login("pablo@test.example", PASSWORD).await.status().as_u16(), 303);
    let again = user_add(&app.settings.database_url, "pablo@test.example", PASSWORD);
    assert!(!again.status.success(), "a duplicate is refused");
    let short = user_add(&app.settings.database_url, "short@test.example", "short");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));
}
