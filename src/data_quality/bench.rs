//! `erp-rollout bench-profile`: generates a customer export of N rows × 12 columns with planted
//! errors and duplicates (the `sample` module), then profiles it from disk as a job would, and
//! prints rows per second and the process's peak memory. One mode per process, so the peak is
//! the mode's own: `exact` (field checks, exact duplicates, unique values), `likely` (plus the
//! likely-duplicate finder), `job` (all of it, reading the export encrypted at rest and writing the
//! error, cleaned and rejected files encrypted — what a trial load does), `match` (a realistic
//! export of one market with planted near-duplicates, `profile::market`: the likely-duplicate
//! finder's precision and recall besides its speed).

use super::outputs::Outputs;
use super::profile::sample::{GeneratedCsv, Plan, customer_spec};
use super::profile::{Spec, profile_reader, profile_reader_to};
use crate::crypto::KeyRing;
use crate::web::Lang;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::time::Instant;

const PLAN: Plan = Plan {
    bad_emails: u64::MAX,
    bad_dates: u64::MAX,
    missing_tax_ids: u64::MAX,
    exact_dups: u64::MAX,
    likely_pairs: u64::MAX,
    repeated_codes: u64::MAX,
};

/// Writes the sample file (if it is not there yet) and returns its size.
pub fn generate(rows: u64, path: &Path) -> anyhow::Result<u64> {
    if let Ok(m) = std::fs::metadata(path) {
        return Ok(m.len());
    }
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    std::io::copy(&mut GeneratedCsv::new(rows, PLAN), &mut out)?;
    out.flush()?;
    Ok(std::fs::metadata(path)?.len())
}

/// Peak resident memory of this process in KiB (Linux), if known.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `match` mode: profiles a market export, compares the pairs found with the planted truth.
fn run_match(rows: u64, dir: &Path) -> anyhow::Result<String> {
    use super::profile::market;
    let path = dir.join(format!("market-{rows}.csv"));
    let (bytes, truth) = market::export(rows, 1);
    std::fs::write(&path, &bytes)?;
    drop(bytes);
    let before = peak_rss_kib().unwrap_or(0);
    let started = Instant::now();
    let reader = BufReader::with_capacity(256 * 1024, std::fs::File::open(&path)?);
    let report = profile_reader(market::spec(), reader, |_| {})?;
    let secs = started.elapsed().as_secs_f64();
    let peak = peak_rss_kib().unwrap_or(0);
    let planted: std::collections::HashSet<(u64, u64)> = truth.pairs.iter().map(|p| (p.0, p.1)).collect();
    let listed = report.likely_duplicates.iter().filter(|p| planted.contains(&(p.line_a, p.line_b))).count();
    Ok(format!(
        "rows={} mode=match seconds={secs:.3} rows_per_s={:.0} peak_rss_mib={:.1} rss_before_mib={:.1} planted={} \
         pairs={} clusters={} planted_among_listed={listed} listed={} exact_dups={} retired={} dropped={} compared={}",
        report.rows_read,
        report.rows_read as f64 / secs,
        peak as f64 / 1024.0,
        before as f64 / 1024.0,
        planted.len(),
        report.likely_duplicates_total,
        report.likely.clusters_total,
        report.likely_duplicates.len(),
        report.exact_duplicates,
        report.likely.rows_retired,
        report.likely.candidates_dropped,
        report.likely.pairs_compared,
    ))
}

pub fn run(rows: u64, mode: &str, dir: &Path) -> anyhow::Result<String> {
    std::fs::create_dir_all(dir)?;
    if mode == "match" {
        return run_match(rows, dir);
    }
    let path = dir.join(format!("customers-{rows}.csv"));
    let bytes = generate(rows, &path)?;
    let before = peak_rss_kib().unwrap_or(0);
    let mut spec: Spec = customer_spec();
    if mode == "exact" {
        spec.similar_fields.clear();
    }
    // The job reads an upload encrypted at rest and writes its outputs encrypted, as the app does.
    let keys = KeyRing::parse(&KeyRing::generate_entry(1).map_err(|e| anyhow::anyhow!("{e}"))?)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let encrypted = dir.join(format!("customers-{rows}.enc"));
    if mode == "job" {
        let mut w = keys.encrypt_writer(BufWriter::new(std::fs::File::create(&encrypted)?))?;
        std::io::copy(&mut std::fs::File::open(&path)?, &mut w)?;
        w.finish()?.flush()?;
    }
    let started = Instant::now();
    let (report, outputs) = match mode {
        "exact" | "likely" => {
            let reader = BufReader::with_capacity(256 * 1024, std::fs::File::open(&path)?);
            (profile_reader(spec, reader, |_| {})?, None)
        }
        "job" => {
            let reader = keys.decrypt_reader(BufReader::with_capacity(256 * 1024, std::fs::File::open(&encrypted)?))?;
            let mut out = Outputs::create(&encrypted, Lang::Es, &keys, &[])?;
            let report = profile_reader_to(spec, reader, |_| {}, &mut out)?;
            (report, Some(out.finish()?))
        }
        other => anyhow::bail!("unknown mode {other}: exact, likely or job"),
    };
    let secs = started.elapsed().as_secs_f64();
    let peak = peak_rss_kib().unwrap_or(0);
    Ok(format!(
        "rows={} mode={mode} bytes={bytes} seconds={secs:.3} rows_per_s={:.0} peak_rss_mib={:.1} rss_before_mib={:.1} \
         valid={} exact_dups={} likely={} errors={} clean={}",
        report.rows_read,
        report.rows_read as f64 / secs,
        peak as f64 / 1024.0,
        before as f64 / 1024.0,
        report.rows_valid,
        report.exact_duplicates,
        report.likely_duplicates_total,
        report.field_errors.iter().map(|f| f.total).sum::<u64>(),
        outputs.map_or(0, |o| o.clean),
    ))
}
