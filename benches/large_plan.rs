//! The large-plan benchmark: a generated plan of `IMDSV2_BENCH_INSTANCES` (default 50,000)
//! `aws_instance`s over nested modules (see `examples/gen_plan.rs`), evaluated by the native
//! build. Prints throughput (input MB per second of wall time, best and median of several
//! runs) for evaluation alone and with the JSON report written, and the peak memory of one
//! whole `check` (read the file, evaluate, write the report) measured in a fresh process.
//!
//!     cargo bench --bench large_plan

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../examples/gen_plan.rs"]
#[allow(dead_code)]
mod gen_plan;

use std::time::Instant;

const RUNS: usize = 5;

fn main() {
    if let Ok(path) = std::env::var("IMDSV2_BENCH_CHILD") {
        child(&path);
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and then a small plan checks the generator and the evaluator agree, without timing.
    if !std::env::args().any(|a| a == "--bench") {
        let plan = gen_plan::generate(300);
        let report =
            imdsv2_policy::evaluate(plan.as_bytes(), &imdsv2_policy::Options::default()).unwrap();
        let ec2_8: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.control == "EC2.8")
            .collect();
        assert_eq!(ec2_8.len(), 300);
        assert_eq!(
            ec2_8
                .iter()
                .filter(|f| f.status == imdsv2_policy::Status::Fail)
                .count(),
            30,
            "10% of the generated instances exist with `optional`"
        );
        // The plan's launch templates are judged by EC2.170 too.
        assert!(report.findings.iter().any(|f| f.control == "EC2.170"));
        return;
    }
    let instances: usize = std::env::var("IMDSV2_BENCH_INSTANCES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50_000);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("plan-{instances}.json"));
    if !path.exists() {
        eprintln!("generating {} ...", path.display());
        std::fs::write(&path, gen_plan::generate(instances)).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let mb = bytes.len() as f64 / 1e6;
    let options = imdsv2_policy::Options::default();

    let warm = imdsv2_policy::evaluate(&bytes, &options).unwrap();
    let findings = warm.findings.len();
    let report_mb = imdsv2_policy::to_json(&warm).len() as f64 / 1e6;
    drop(warm);

    let mut evaluate = Vec::new();
    let mut with_json = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let report = imdsv2_policy::evaluate(&bytes, &options).unwrap();
        evaluate.push(t.elapsed().as_secs_f64());
        imdsv2_policy::report::write_json(&report, std::io::sink()).unwrap();
        with_json.push(t.elapsed().as_secs_f64());
    }
    drop(bytes);

    let peaks: Vec<u64> = (0..3).map(|_| peak_of_child(&path)).collect();
    let peak_mb = *peaks.iter().min().unwrap() as f64 / 1e3;

    println!(
        "large plan: {} ({mb:.1} MB, {instances} instances, {findings} findings, report {report_mb:.1} MB)",
        path.display()
    );
    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "native, wall time", "best", "median", "MB/s"
    );
    for (name, times) in [
        ("evaluate (read, resolve, report)", &mut evaluate),
        ("evaluate + JSON report", &mut with_json),
    ] {
        times.sort_by(f64::total_cmp);
        let best = times[0];
        let median = times[times.len() / 2];
        println!(
            "{name:<34} {:>9.3}s {:>9.3}s {:>10.0}",
            best,
            median,
            mb / best
        );
    }
    println!(
        "{:<34} {:>9.1} MB ({:.2}x the input)",
        "peak memory, one whole check",
        peak_mb,
        peak_mb / mb
    );
}

/// Runs one whole check in a fresh process and returns its peak resident memory in kB.
fn peak_of_child(path: &std::path::Path) -> u64 {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env("IMDSV2_BENCH_CHILD", path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "child failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// What the CLI does for `check FILE --format json`, then prints VmHWM (kB).
fn child(path: &str) {
    let bytes = std::fs::read(path).unwrap();
    let report = imdsv2_policy::evaluate_owned(bytes, &imdsv2_policy::Options::default()).unwrap();
    imdsv2_policy::report::write_json(&report, std::io::BufWriter::new(std::io::sink())).unwrap();
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .unwrap();
    println!("{hwm}");
}
