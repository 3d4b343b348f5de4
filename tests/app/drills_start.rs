//! Start-up drills: the real binary given a data folder it cannot use (under a regular file, in
//! /proc, and, where a tmpfs can be mounted, on a read-only filesystem and on a full disk) refuses to
//! start with a message naming the folder and what to do — never a panic.

use crate::helpers::fresh_database;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_erp-rollout");

/// A tmpfs mounted for one drill (needs root), unmounted when dropped.
struct Mount(std::path::PathBuf);

impl Mount {
    fn tmpfs(path: std::path::PathBuf, options: &str) -> Option<Mount> {
        std::fs::create_dir_all(&path).ok()?;
        let mut mount = Command::new("mount");
        mount.args(["-t", "tmpfs", "-o", options, "tmpfs"]).arg(&path).stderr(Stdio::null());
        mount.status().is_ok_and(|s| s.success()).then_some(Mount(path))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        Command::new("umount").arg("-l").arg(&self.0).status().ok();
    }
}

/// Runs the binary with the data folder at `dir` (and the database there too, unless `url`); it must
/// end by itself within 30 s. Returns whether it succeeded, and its standard error.
fn run_with_data_dir(args: &[&str], dir: &std::path::Path, url: Option<&str>) -> (bool, String) {
    let mut c = Command::new(BIN);
    c.args(args).env("ERP_DATA_DIR", dir).env("RUST_LOG", "warn");
    for k in ["ERP_ENCRYPTION_KEYS", "ERP_ENCRYPTION_KEYS_FILE", "DATABASE_URL"] {
        c.env_remove(k);
    }
    if let Some(url) = url {
        c.env("DATABASE_URL", url);
    }
    let mut child = c.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("run erp-rollout");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("{args:?} still running with the data folder {}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).ok();
    (status.success(), stderr)
}

#[tokio::test]
async fn an_unusable_data_folder_stops_the_start_with_a_message_naming_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "not a folder").expect("write");
    let mut cases = vec![("under a regular file", file.join("data")), ("in /proc", "/proc/erp-rollout-drill".into())];
    let read_only = Mount::tmpfs(tmp.path().join("read-only"), "ro,size=1m");
    let full = Mount::tmpfs(tmp.path().join("full"), "size=256k");
    if let (Some(read_only), Some(full)) = (&read_only, &full) {
        use std::io::Write;
        let mut filler = std::fs::File::create(full.0.join("filler")).expect("filler");
        while filler.write_all(&[0; 4096]).is_ok() {}
        cases.extend([("on a read-only filesystem", read_only.0.clone()), ("on a full disk", full.0.clone())]);
    } else {
        eprintln!("cannot mount a tmpfs here (not root?): the read-only and full-disk cases are skipped");
    }
    // On PostgreSQL the database is elsewhere and only the folder is wrong.
    let url = match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => Some(fresh_database(tmp.path()).await),
        _ => None,
    };

    for (what, dir) in &cases {
        let (ok, stderr) = run_with_data_dir(&["serve", "--bind", "127.0.0.1:0"], dir, url.as_deref());

        assert!(!ok, "{what}: the start is refused");
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
        let named = format!("the data folder {} cannot be used", dir.display());
        assert!(stderr.contains(&named) && stderr.contains("ERP_DATA_DIR"), "{what}: {stderr}");
    }
    if url.is_none() {
        let (ok, stderr) = run_with_data_dir(&["migrate"], &file.join("data"), None);
        assert!(!ok && !stderr.contains("panicked"), "{stderr}");
        assert!(
            stderr.contains(&format!("cannot create the database folder {}", file.join("data").display())),
            "{stderr}"
        );
    }
}
