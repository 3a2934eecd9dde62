//! `terraform fmt -check` on every fixed file (the `.tf` fixtures and the bundled example):
//! a file `terraform fmt` accepts before the fix must still be accepted after it. A fixture
//! that is not formatted to begin with (`odd_formatting`) is reported and passed over.
//!
//! Runs without the test harness so that a missing `terraform` shows as a visible skip in
//! `cargo test` output instead of a silent pass.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use imdsv2_policy::{Options, fix_sources};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn terraform_fmt_check(dir: &Path) -> Result<(), String> {
    let out = Command::new("terraform")
        .args(["fmt", "-check", "-diff", "-no-color", "."])
        .current_dir(dir)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

fn write_all(dir: &Path, files: &BTreeMap<String, String>) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn load(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tf"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

fn main() {
    if Command::new("terraform").arg("version").output().is_err() {
        println!(
            "\nsource_fmt: SKIPPED `terraform fmt -check` on fixed files: `terraform` is not installed\n"
        );
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<(String, PathBuf)> = std::fs::read_dir(root.join("tests/fixtures/source"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                p.join("before"),
            )
        })
        .collect();
    inputs.sort();
    inputs.push((
        "examples/terraform".to_owned(),
        root.join("examples/terraform"),
    ));
    let scratch = std::env::temp_dir().join(format!("imdsv2-policy-fmt-{}", std::process::id()));
    let (mut checked, mut skipped, mut failed) = (0, Vec::new(), Vec::new());
    for (name, dir) in &inputs {
        let before = load(dir);
        let work = scratch.join(name.replace('/', "_"));
        write_all(&work, &before);
        if terraform_fmt_check(&work).is_err() {
            skipped.push(name.clone());
            continue;
        }
        let result = fix_sources(&before, &Options::default()).unwrap();
        let mut after = before.clone();
        for f in &result.files {
            after.insert(f.file.clone(), f.content.clone());
        }
        write_all(&work, &after);
        match terraform_fmt_check(&work) {
            Ok(()) => checked += result.files.len(),
            Err(diff) => failed.push(format!(
                "{name}: the fixed files are not `terraform fmt` clean:\n{diff}"
            )),
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!("\nsource_fmt: {checked} fixed files pass `terraform fmt -check`");
    if !skipped.is_empty() {
        println!(
            "source_fmt: not checked, not `terraform fmt` clean before the fix: {}",
            skipped.join(", ")
        );
    }
    if !failed.is_empty() {
        eprintln!("{}", failed.join("\n"));
        std::process::exit(1);
    }
}
