//! The streaming reader of DescribeInstances pages, one a line (`imdsv2_policy::stream`): its
//! report is byte for byte the one `evaluate` writes for the same file, over real responses
//! made into lines, the fixture, and generated files with duplicates, odd values, several runs
//! and merge levels and every kind of suppression; and whatever it does not read exactly as
//! `evaluate` does, it declines before writing anything. The memory it saves is measured in
//! `scripts/bench.sh` ("ndjson").

#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use imdsv2_policy::{Options, stream};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("imdsv2-stream-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The whole-file report, as `evaluate` and `to_json` give it.
fn whole(path: &Path, options: &Options) -> String {
    let bytes = std::fs::read(path).unwrap();
    let report = imdsv2_policy::evaluate(&bytes, options).unwrap();
    imdsv2_policy::to_json(&report)
}

fn streamed(path: &Path, options: &Options, batch: usize, fan_in: usize) -> Option<String> {
    let prepared = stream::prepare_in(path, options, batch, fan_in)?;
    let mut out = Vec::new();
    prepared.write_json(&mut out).unwrap();
    Some(String::from_utf8(out).unwrap())
}

/// Streams `path` at several batch and merge sizes; every one must match the whole read.
fn assert_same(path: &Path, options: &Options) {
    let expected = whole(path, options);
    for (batch, fan_in) in [(16_384, 64), (1, 2), (3, 2), (7, 3), (50, 4)] {
        let got = streamed(path, options, batch, fan_in)
            .unwrap_or_else(|| panic!("{} was not streamed", path.display()));
        if got != expected {
            let line = got
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{} (batch {batch}, fan-in {fan_in}) differs from the whole read at line {}:\n  streamed: {}\n  whole:    {}",
                path.display(),
                line + 1,
                got.lines().nth(line).unwrap_or("(end)"),
                expected.lines().nth(line).unwrap_or("(end)")
            );
        }
    }
}

fn options(json: &str) -> Options {
    serde_json::from_str(json).unwrap()
}

#[test]
fn the_fixture_of_pages_one_a_line() {
    assert_same(
        &root().join("tests/fixtures/ec2/pages_lines.jsonl"),
        &Options::default(),
    );
}

/// Every real DescribeInstances response in `tests/corpus/ec2` (see its SOURCES), each made
/// one line as `jq -c` makes it, in one file: what a script that pages through accounts and
/// regions writes.
#[test]
fn real_responses_made_into_lines() {
    let dir = root().join("tests/corpus/ec2");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    let mut text = String::new();
    let mut pages = 0;
    for p in &names {
        let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
        // Cloud Custodian's placebo recordings hold the response under `data`.
        if let Some(data) = v.get("data").cloned() {
            v = data;
        }
        if v.get("Reservations").is_some() {
            text.push_str(&serde_json::to_string(&v).unwrap());
            text.push('\n');
            pages += 1;
        }
    }
    assert!(pages >= 10, "only {pages} responses in {}", dir.display());
    let path = temp("corpus.jsonl", text.as_bytes());
    assert_same(&path, &Options::default());
    assert_same(&path, &options(r#"{"failOnUnknown": true}"#));
}

/// A small deterministic generator (64-bit LCG), so the files are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn instance(r: &mut Rng) -> serde_json::Value {
    use serde_json::json;
    // Ids from a small pool, so instances repeat within and across pages; some sort by
    // number (i-9 before i-10).
    let n = r.next() % 120;
    let id = if n.is_multiple_of(5) {
        format!("i-{n}")
    } else {
        format!("i-0{n:016x}")
    };
    let mut i = json!({
        "InstanceId": id,
        "State": {"Name": r.pick(&["running", "running", "stopped", "pending", "terminated", "shutting-down"])},
    });
    if !r.next().is_multiple_of(8) {
        i["Placement"] = json!({"AvailabilityZone": r.pick(&["eu-west-1a", "us-east-1b", "ap-northeast-1c", "weird"])});
    }
    if !r.next().is_multiple_of(6) {
        let mut mo = json!({"State": r.pick(&["applied", "applied", "pending"])});
        match r.next() % 7 {
            0 => {}
            1 => mo["HttpTokens"] = json!(1),
            2 => mo["HttpTokens"] = json!(null),
            n => {
                mo["HttpTokens"] = json!(if n.is_multiple_of(2) {
                    "required"
                } else {
                    "optional"
                })
            }
        }
        if !r.next().is_multiple_of(3) {
            mo["HttpEndpoint"] = json!(r.pick(&["enabled", "enabled", "disabled"]));
        }
        match r.next() % 6 {
            0 => {}
            1 => mo["HttpPutResponseHopLimit"] = json!(65),
            2 => mo["HttpPutResponseHopLimit"] = json!("abc"),
            n => mo["HttpPutResponseHopLimit"] = json!(n - 1),
        }
        i["MetadataOptions"] = mo;
    }
    let mut tags =
        vec![json!({"Key": "Name", "Value": format!("node \"{}\"\t\u{7}", r.next() % 9)})];
    if r.next().is_multiple_of(4) {
        tags.push(json!({"Key": "aws:autoscaling:groupName", "Value": "asg-web"}));
    }
    if r.next().is_multiple_of(5) {
        tags.push(json!({"Key": "aws:ec2launchtemplate:id", "Value": "lt-0123456789abcdef0"}));
        tags.push(json!({"Key": "aws:ec2launchtemplate:version", "Value": "3"}));
    }
    i["Tags"] = json!(tags);
    if r.next().is_multiple_of(9) {
        i["OwnerId"] = json!("210987654321");
    }
    i
}

/// Pages as scripts write them: one a line mostly, some pretty-printed over several lines,
/// empty pages, bare instances and arrays of them, blank lines and CRLF between.
fn generated(seed: u64, pages: usize) -> String {
    use serde_json::json;
    let mut r = Rng(seed);
    let mut text = String::new();
    for p in 0..pages {
        let doc = match (p, r.next() % 12) {
            // The first document is a page: what `read` takes for lines.
            (0, _) | (_, 0..=7) => {
                let reservations: Vec<_> = (0..r.next() % 4)
                    .map(|_| {
                        let instances: Vec<_> = (0..r.next() % 5).map(|_| instance(&mut r)).collect();
                        json!({"OwnerId": "123456789012", "ReservationId": "r-1", "Instances": instances})
                    })
                    .collect();
                json!({"Reservations": reservations})
            }
            (_, 8) => json!({"Reservations": []}),
            (_, 9) => instance(&mut r),
            (_, 10) => json!([instance(&mut r), instance(&mut r)]),
            _ => {
                json!({"Reservations": [{"OwnerId": "123456789012", "Instances": [instance(&mut r)]}], "NextToken": "abc"})
            }
        };
        if r.next().is_multiple_of(10) {
            text.push_str(&serde_json::to_string_pretty(&doc).unwrap());
        } else {
            text.push_str(&serde_json::to_string(&doc).unwrap());
        }
        text.push_str(r.pick(&["\n", "\n", "\n", "\r\n", "\n\n", " "]));
    }
    text
}

#[test]
fn generated_pages_match_the_whole_read() {
    for seed in 1..=6 {
        let path = temp(
            &format!("gen-{seed}.jsonl"),
            generated(seed, 150).as_bytes(),
        );
        assert_same(&path, &Options::default());
    }
}

#[test]
fn suppressions_expired_unused_and_on_passes_match_the_whole_read() {
    let path = temp("gen-suppress.jsonl", generated(42, 200).as_bytes());
    // Targets that exist in the pool: i-0 (and i-5...: multiples of five are short ids).
    let entries = r#"[
        {"target": "i-0", "reason": "accepted"},
        {"target": "i-5", "control": "EC2.8", "reason": "until the migration", "expires": "2026-01-31"},
        {"target": "i-00000000000000001", "reason": "lab", "expires": "2099-01-01"},
        {"target": "i-00000000000000002", "control": "AutoScaling.3", "reason": "other control"},
        {"target": "i-nothing", "reason": "gone"},
        {"target": "i-10", "reason": "twice"},
        {"target": "i-10", "reason": "twice again"}
    ]"#;
    assert_same(
        &path,
        &options(&format!(
            r#"{{"ignore": {entries}, "today": "2026-12-01"}}"#
        )),
    );
    // No clock: the entry with an expiry does not apply, and says so.
    assert_same(&path, &options(&format!(r#"{{"ignore": {entries}}}"#)));
    assert_same(
        &path,
        &options(&format!(
            r#"{{"ignore": {entries}, "today": "2026-12-01", "failOnUnknown": true, "controls": ["EC2.8", "EC2.170", "AutoScaling.3", "AutoScaling.4"]}}"#
        )),
    );
}

/// What the streaming reader does not read as `evaluate` does, it leaves to `evaluate`.
#[test]
fn declines_what_it_does_not_read_alike() {
    let page = r#"{"Reservations":[{"OwnerId":"123456789012","Instances":[{"InstanceId":"i-1","MetadataOptions":{"HttpTokens":"optional"}}]}]}"#;
    let cases: &[(&str, String)] = &[
        ("one document", format!("{page}\n")),
        ("an array first", format!("[{page}]\n{page}\n")),
        ("a byte-order mark", format!("\u{feff}{page}\n{page}\n")),
        (
            "a launch template page among them",
            format!("{page}\n{{\"LaunchTemplateVersions\":[]}}\n"),
        ),
        (
            "a plan among them",
            format!("{page}\n{{\"format_version\":\"1.2\",\"planned_values\":{{}}}}\n"),
        ),
        (
            "a broken line",
            format!("{page}\n{{\"Reservations\": [\n{page}\n"),
        ),
        (
            "a truncated end",
            format!("{page}\n{page}\n{{\"Reservations\":["),
        ),
        ("a number between", format!("{page}\n7\n{page}\n")),
        (
            "wrapper output",
            format!("[command]/usr/bin/terraform show -json\n{page}\n{page}\n"),
        ),
        (
            "an object that is not a page",
            format!("{page}\n{{\"Foo\":1}}\n"),
        ),
        // Not starting as a page: declined from the first bytes, so a plan is not read twice
        // (a file of bare instances is read whole, as it always was).
        (
            "a plan",
            "{\"format_version\":\"1.2\",\"planned_values\":{}}\n".to_owned(),
        ),
        (
            "a bare instance first",
            "{\"InstanceId\":\"i-1\"}\n{\"InstanceId\":\"i-2\"}\n".to_owned(),
        ),
        // The first document read as Terraform's: a field of the wrong type, a plan's keys.
        (
            "a first page with a Terraform field of the wrong type",
            format!("{{\"Reservations\":[],\"format_version\":1}}\n{page}\n"),
        ),
        (
            "a first page with a plan's keys",
            format!(
                "{{\"Reservations\":[],\"format_version\":\"1.2\",\"planned_values\":{{}}}}\n{page}\n"
            ),
        ),
    ];
    for (what, text) in cases {
        let path = temp("declined.jsonl", text.as_bytes());
        assert!(
            stream::prepare(&path, &Options::default()).is_none(),
            "{what}: streamed"
        );
    }
    let path = temp("two.jsonl", format!("{page}\n{page}\n").as_bytes());
    assert!(stream::prepare(&path, &Options::default()).is_some());
    // An input kind, a language, a size limit it is over: the whole read says what it says.
    for o in [
        r#"{"inputKind": "ec2-describe-instances"}"#,
        r#"{"lang": "ja"}"#,
        r#"{"maxInputBytes": 10}"#,
    ] {
        assert!(
            stream::prepare(&path, &options(o)).is_none(),
            "{o}: streamed"
        );
    }
}

/// The command line takes the streaming path for one file and a JSON report, and says the same
/// as for the same bytes on standard input (which it reads whole), exit code included.
#[test]
fn the_command_line_says_the_same_either_way() {
    let bin = env!("CARGO_BIN_EXE_imdsv2-policy");
    let text = generated(7, 120);
    let path = temp("cli.jsonl", text.as_bytes());
    let out_file = path.with_extension("out.json");
    for args in [
        vec!["--format", "json"],
        vec!["--format", "json", "--soft-fail"],
        vec!["--format", "json", "--fail-on-unknown"],
    ] {
        let file = Command::new(bin)
            .arg("check")
            .arg(&path)
            .args(&args)
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .unwrap();
        let stdin = Command::new(bin)
            .arg("check")
            .arg("-")
            .args(&args)
            .env_remove("GITHUB_STEP_SUMMARY")
            .stdin(std::fs::File::open(&path).unwrap())
            .output()
            .unwrap();
        assert_eq!(file.status.code(), stdin.status.code(), "{args:?}");
        assert!(file.status.code().is_some_and(|c| c < 2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&file.stdout),
            String::from_utf8_lossy(&stdin.stdout),
            "{args:?}"
        );
        assert_eq!(file.stderr, stdin.stderr, "{args:?}");
    }
    let status = Command::new(bin)
        .arg("check")
        .arg(&path)
        .arg("--format")
        .arg(format!("json={}", out_file.display()))
        .env_remove("GITHUB_STEP_SUMMARY")
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c < 2));
    assert_eq!(
        std::fs::read_to_string(&out_file).unwrap(),
        whole(&path, &Options::default())
    );
    // A broken line: the whole read's error, exit 2, and no report.
    let broken = temp(
        "cli-broken.jsonl",
        format!("{text}{{\"Reservations\": [}}\n").as_bytes(),
    );
    let out = Command::new(bin)
        .arg("check")
        .arg(&broken)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line "),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An instance listed twice (pages that overlap, two snapshots) with different tags: each
/// finding's fix notes name the launch of its own listing, not the first one's.
#[test]
fn each_listing_of_a_repeated_instance_is_told_about_its_own_launch() {
    let listing = |tags: &str| {
        format!(
            r#"{{"Reservations":[{{"OwnerId":"123456789012","Instances":[{{"InstanceId":"i-0aaaaaaaaaaaaaaaa","State":{{"Name":"running"}},"Placement":{{"AvailabilityZone":"eu-west-1a"}},"MetadataOptions":{{"HttpTokens":"optional","HttpEndpoint":"enabled","HttpPutResponseHopLimit":1}},"Tags":[{tags}]}}]}}]}}"#
        )
    };
    let text = format!(
        "{}\n{}\n",
        listing(r#"{"Key":"aws:autoscaling:groupName","Value":"asg-web"}"#),
        listing(r#"{"Key":"aws:ec2launchtemplate:id","Value":"lt-0123456789abcdef0"}"#)
    );
    let report = imdsv2_policy::evaluate(text.as_bytes(), &Options::default()).unwrap();
    let notes: Vec<String> = report
        .findings
        .iter()
        .map(|f| f.remediation.as_ref().unwrap().notes.join(" | "))
        .collect();
    assert_eq!(notes.len(), 2);
    assert!(
        notes[0].contains("Auto Scaling group `asg-web`"),
        "{}",
        notes[0]
    );
    assert!(!notes[1].contains("asg-web"), "{}", notes[1]);
    assert!(notes[1].contains("lt-0123456789abcdef0"), "{}", notes[1]);
    let path = temp("repeated.jsonl", text.as_bytes());
    assert_same(&path, &Options::default());
}
