//! `lang: ja`: every human-readable text the core writes has a Japanese form. The table of
//! inputs is every fixture and corpus document under `tests/`, so a new English message that
//! the catalogue (`policies/i18n/ja.json`, read by src/i18n.rs) does not know fails here, and
//! so does a text the catalogue has in one language only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

mod common;

use common::{all_inputs, cases, evaluate, tests_dir};
use imdsv2_policy::i18n::Lang;
use imdsv2_policy::report::text::display_width;
use imdsv2_policy::report::{OutputFormat, RenderOptions, render};
use imdsv2_policy::{Options, Report};
use std::path::PathBuf;

fn dirs(rel: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(tests_dir().join(rel))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn sources(key: String, paths: &[PathBuf], options: &Options, out: &mut Vec<(String, Report)>) {
    let paths: Vec<&str> = paths.iter().map(|p| p.to_str().unwrap()).collect();
    let files = imdsv2_policy::fix::load_paths(&paths).unwrap();
    let r =
        imdsv2_policy::evaluate_sources(&files, options).unwrap_or_else(|e| panic!("{key}: {e}"));
    out.push((key, r));
}

/// Every report the test inputs give, under default options and under the options that change
/// wording (the endpoint-disabled and unknown policies).
fn reports() -> Vec<(String, Report)> {
    let mut out = Vec::new();
    let variants = [
        Options::default(),
        Options::from_json(r#"{"endpointDisabled":"pass","failOnUnknown":true}"#).unwrap(),
    ];
    for rel in all_inputs() {
        for case in cases(&rel) {
            out.push((case.key.clone(), evaluate(&case)));
            for o in &variants {
                if let Ok(r) = imdsv2_policy::evaluate(&case.bytes, o) {
                    out.push((format!("{} (variant)", case.key), r));
                }
            }
        }
    }
    // Some of these are refused on purpose (tests/corpus_source.rs): errors stay English.
    for p in dirs("corpus/tfjson") {
        let files = imdsv2_policy::fix::load_paths(&[p.to_str().unwrap()]).unwrap();
        if let Ok(r) = imdsv2_policy::evaluate_sources(&files, &Options::default()) {
            out.push((p.display().to_string(), r));
        }
    }
    let dated = Options {
        today: Some("2026-01-15".to_owned()),
        ..Options::default()
    };
    for case in dirs("fixtures/source").into_iter().filter(|p| p.is_dir()) {
        for side in ["before", "after"] {
            let d = case.join(side);
            if d.is_dir() {
                for o in [&dated, &variants[1]] {
                    sources(
                        d.display().to_string(),
                        std::slice::from_ref(&d),
                        o,
                        &mut out,
                    );
                }
            }
        }
    }
    for case in dirs("corpus/source").into_iter().filter(|p| p.is_dir()) {
        for o in &variants {
            sources(
                case.display().to_string(),
                std::slice::from_ref(&case),
                o,
                &mut out,
            );
        }
    }
    for case in dirs("fixtures/paired").into_iter().filter(|p| p.is_dir()) {
        let source = match std::fs::read_to_string(case.join("source.path")) {
            Ok(rel) => case.join(rel.trim()),
            Err(_) => case.join("source"),
        };
        sources(
            case.display().to_string(),
            &[source],
            &Options::default(),
            &mut out,
        );
        let plan = std::fs::read(case.join("plan.json")).unwrap();
        out.push((
            case.display().to_string(),
            imdsv2_policy::evaluate(&plan, &Options::default()).unwrap(),
        ));
    }
    for case in dirs("corpus/plan-source")
        .into_iter()
        .filter(|p| p.is_dir())
    {
        for p in dirs(case.strip_prefix(tests_dir()).unwrap().to_str().unwrap()) {
            if p.extension().is_some_and(|x| x == "json") {
                let bytes = std::fs::read(&p).unwrap();
                if let Ok(r) = imdsv2_policy::evaluate(&bytes, &Options::default()) {
                    out.push((p.display().to_string(), r));
                }
            }
        }
    }
    // Live AWS JSON: the fixture account, and each recorded set of the corpus.
    let live: Vec<(String, Vec<u8>)> = dirs("fixtures/live")
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.push((
        "fixtures/live".to_owned(),
        common::evaluate_named(&live).unwrap(),
    ));
    for set in dirs("corpus/live").into_iter().filter(|p| p.is_dir()) {
        let name = set.file_name().unwrap().to_string_lossy().into_owned();
        let docs: Vec<(String, Vec<u8>)> = dirs(&format!("corpus/live/{name}"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter_map(|p| {
                let bytes = std::fs::read(&p).unwrap();
                let (status, bytes) = if name.starts_with("custodian-") {
                    common::placebo(&bytes, &name)
                } else {
                    (200, bytes)
                };
                (status == 200).then(|| (p.display().to_string(), bytes))
            })
            .collect();
        if let Ok(r) = common::evaluate_named(&docs) {
            out.push((set.display().to_string(), r));
        }
    }
    out
}

/// The texts `fix` writes for people (its manual steps and the edits' descriptions), for
/// every source directory of the test table.
fn fix_texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs_all = Vec::new();
    for case in dirs("fixtures/source").into_iter().filter(|p| p.is_dir()) {
        dirs_all.extend(
            ["before", "after"]
                .iter()
                .map(|s| case.join(s))
                .filter(|d| d.is_dir()),
        );
    }
    dirs_all.extend(dirs("corpus/source").into_iter().filter(|p| p.is_dir()));
    dirs_all.extend(dirs("corpus/tfjson").into_iter().filter(|p| p.is_dir()));
    for d in dirs_all {
        let Ok(files) = imdsv2_policy::fix::load_paths(&[d.to_str().unwrap()]) else {
            continue;
        };
        let Ok(result) = imdsv2_policy::fix_sources(&files, &Options::default()) else {
            continue;
        };
        let key = d.display().to_string();
        for m in &result.manual {
            out.push((key.clone(), m.message.clone()));
        }
        for e in result.files.iter().flat_map(|f| &f.edits) {
            out.push((key.clone(), e.description.clone()));
        }
    }
    out
}

/// The texts of a report that are read by people.
fn texts(r: &Report) -> Vec<String> {
    let mut v = Vec::new();
    for f in &r.findings {
        v.push(f.message.clone());
        if let Some(rem) = &f.remediation {
            v.push(rem.summary.clone());
            v.extend(rem.notes.iter().cloned());
            for p in rem.terraform.iter().chain(rem.alternatives.iter()) {
                v.push(p.reason.clone());
            }
        }
    }
    v.extend(r.notes.iter().map(|n| n.message.clone()));
    v
}

#[test]
#[ignore = "prints the English texts, for writing the catalogue"]
fn dump_english() {
    let mut all = std::collections::BTreeSet::new();
    for (_, r) in reports() {
        all.extend(texts(&r));
    }
    all.extend(fix_texts().into_iter().map(|(_, t)| t));
    for t in all {
        println!("{t}");
    }
}

/// Words that stay in Latin letters in Japanese text: names of products, services, protocols
/// and Terraform's own terms, as the Japanese AWS documentation writes them.
const LATIN_WORDS: &[&str] = &[
    "IMDS",
    "IMDSv1",
    "IMDSv2",
    "AWS",
    "EC2",
    "EC2.8",
    "EC2.170",
    "AMI",
    "CLI",
    "SDK",
    "API",
    "HCL",
    "Terraform",
    "Auto",
    "Scaling",
    "AutoScaling.3",
    "AutoScaling.4",
    "EKS",
    "ECS",
    "EMR",
    "Amazon",
    "Batch",
    "Elastic",
    "Beanstalk",
    "Pod",
    "Identity",
    "IRSA",
    "eBPF",
    "GET",
    "PUT",
    "SSRF",
    "GitHub",
    "apply",
    "plan",
    "source",
    "unjudged",
    "region",
    "CDKTF",
    "Construct",
    "terraform-aws-modules",
];

/// What is left of a Japanese text once the parts that are not words are taken out: backquoted
/// spans, and tokens that are addresses, paths, ids, numbers or options.
fn english_words(ja: &str) -> Vec<String> {
    // A suppression's reason is the user's own text, kept as written.
    let ja = match ja.split_once("（記載された理由: ") {
        Some((before, after)) => {
            format!("{before}{}", after.split_once('）').map_or("", |(_, a)| a))
        }
        None => ja.to_owned(),
    };
    let mut bare = String::new();
    for (i, part) in ja.split('`').enumerate() {
        if i % 2 == 0 {
            bare.push_str(part);
            bare.push(' ');
        }
    }
    let mut out = Vec::new();
    for token in bare.split(|c: char| !(c.is_ascii_alphanumeric() || "._-/:[]\"=$".contains(c))) {
        let token = token.trim_matches(|c: char| ".:".contains(c));
        let is_code = token
            .chars()
            .any(|c| c.is_ascii_digit() || "_/[]\"=$".contains(c))
            || token.starts_with('-')
            || token.contains('.') && !LATIN_WORDS.contains(&token);
        let letters = token.chars().filter(char::is_ascii_alphabetic).count();
        if letters >= 3 && !is_code && !LATIN_WORDS.contains(&token) {
            out.push(token.to_owned());
        }
    }
    out
}

/// THE catalogue test: under `lang: ja` no message, remediation text or note of any report
/// the test inputs give is left in English.
#[test]
fn every_text_of_every_test_input_has_japanese() {
    let mut t = imdsv2_policy::i18n::Translator::new();
    let mut missing = std::collections::BTreeSet::new();
    let mut english = std::collections::BTreeSet::new();
    let mut count = 0;
    let fixes = fix_texts();
    assert!(
        fixes.len() > 20,
        "expected the fix texts of the source table, got {}",
        fixes.len()
    );
    let all = reports()
        .into_iter()
        .flat_map(|(key, r)| texts(&r).into_iter().map(move |t| (key.clone(), t)))
        .chain(fixes);
    for (key, text) in all {
        {
            count += 1;
            match t.translate(&text) {
                None => {
                    missing.insert(format!("{key}: {text}"));
                }
                Some(ja) => {
                    let left = english_words(&ja);
                    if !left.is_empty() {
                        english.insert(format!("{left:?} in {ja}"));
                    }
                }
            }
        }
    }
    assert!(
        count > 1000,
        "expected the whole test table, got {count} texts"
    );
    let missing: Vec<_> = missing.into_iter().take(40).collect();
    assert!(
        missing.is_empty(),
        "not in the catalogue (src/i18n.rs):\n{}",
        missing.join("\n")
    );
    let english: Vec<_> = english.into_iter().take(40).collect();
    assert!(
        english.is_empty(),
        "English left in Japanese texts:\n{}",
        english.join("\n")
    );
}

fn plan(name: &str) -> Report {
    let bytes = std::fs::read(tests_dir().join("fixtures/plan").join(name)).unwrap();
    imdsv2_policy::evaluate(&bytes, &Options::default()).unwrap()
}

fn ja() -> RenderOptions {
    RenderOptions {
        lang: Lang::Ja,
        ..RenderOptions::default()
    }
}

#[test]
fn japanese_messages_read_as_written() {
    let mut t = imdsv2_policy::i18n::Translator::new();
    for (en, want) in [
        (
            "IMDSv1 is reachable: `http_tokens` is `optional` in the resource's own `metadata_options`",
            "IMDSv1 が使える状態です: リソース自身の `metadata_options` で `http_tokens` が `optional` です",
        ),
        (
            "IMDSv2 is required: `http_tokens` is `required` in launch template `aws_launch_template.app` (`$Default`, version 2)",
            "IMDSv2 が必須です: 起動テンプレート `aws_launch_template.app`（`$Default`、バージョン 2）で `http_tokens` が `required` です",
        ),
        (
            "`aws_instance.web` launches the instance and takes no launch template; hop limit 1 keeps tokens on the instance; use 2 if containers on it need IMDS",
            "`aws_instance.web` がインスタンスを起動し、起動テンプレートは使いません。ホップ制限 1 でトークンをインスタンス内にとどめます。インスタンス上のコンテナが IMDS を使うなら 2 にしてください",
        ),
        (
            "IMDSv1 is reachable: nothing sets `http_tokens`, so EC2's default `optional` applies. Note: AMI `ami-0123` is not described in this input: an AMI registered with `ImdsSupport = v2.0` would give `required` without any setting here",
            "IMDSv1 が使える状態です: `http_tokens` を設定しているものがないため、EC2 のデフォルト `optional` が適用されます。注: AMI `ami-0123` の情報はこの入力にありません: `ImdsSupport = v2.0` で登録された AMI なら、ここに設定がなくても `required` になります",
        ),
    ] {
        assert_eq!(t.translate(en).as_deref(), Some(want), "{en}");
    }
}

/// The JSON contract under `ja`: the same keys, codes, statuses, addresses and fixes; only the
/// texts differ. English stays the default, byte for byte.
#[test]
fn japanese_json_keeps_everything_but_the_texts() {
    let r = plan("lt_versions.json");
    assert_eq!(
        render(&r, OutputFormat::Json, &RenderOptions::default()),
        imdsv2_policy::to_json(&r)
    );
    let en: serde_json::Value = serde_json::from_str(&imdsv2_policy::to_json(&r)).unwrap();
    let ja: serde_json::Value =
        serde_json::from_str(&render(&r, OutputFormat::Json, &ja())).unwrap();
    let translated: Report = serde_json::from_value(ja.clone()).unwrap();
    assert_eq!(translated.findings.len(), r.findings.len());
    for (e, j) in r.findings.iter().zip(&translated.findings) {
        assert_eq!(
            (&e.control, e.status, &e.resource, &e.effective),
            (&j.control, j.status, &j.resource, &j.effective)
        );
        assert_ne!(e.message, j.message);
        let (er, jr) = (e.remediation.as_ref(), j.remediation.as_ref());
        assert_eq!(
            er.map(|x| x.terraform.as_ref().map(|t| &t.block)),
            jr.map(|x| x.terraform.as_ref().map(|t| &t.block))
        );
        assert_eq!(er.map(|x| &x.aws_cli), jr.map(|x| &x.aws_cli));
    }
    assert_eq!(en["summary"], ja["summary"]);
}

/// The Japanese table lines up as a terminal shows it: every row's control and layer start at
/// the column of their heading, counted in display columns (kana and kanji take two).
#[test]
fn japanese_table_columns_align_in_display_width() {
    let r = plan("lt_versions.json");
    let text = render(
        &r,
        OutputFormat::Text,
        &RenderOptions {
            verbose: true,
            ..ja()
        },
    );
    let lines: Vec<&str> = text.lines().collect();
    let header = lines.iter().find(|l| l.contains("リソース")).unwrap();
    let col = |line: &str, word: &str| display_width(&line[..line.find(word).unwrap()]);
    let (control_at, layer_at, reason_at) = (
        col(header, "コントロール"),
        col(header, "レイヤー"),
        col(header, "理由"),
    );
    assert!(text.contains("失敗 ("), "{text}");
    assert!(text.contains(": 判定 失敗"), "{text}");
    let mut rows = 0;
    for f in &r.findings {
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("  {} ", f.resource.name())) && l.contains(&f.control))
            .unwrap_or_else(|| panic!("no row for {}:\n{text}", f.resource.name()));
        assert_eq!(
            col(line, &format!(" {} ", f.control)) + 1,
            control_at,
            "{line}"
        );
        assert_eq!(col(line, f.effective.source.as_str()), layer_at, "{line}");
        assert!(
            display_width(&line[..line.find("IMDSv").unwrap_or(line.len())]) >= reason_at,
            "{line}"
        );
        rows += 1;
    }
    assert!(rows >= 3);
    // Wrapped to a terminal, Japanese lines break between characters and stay in the width.
    let narrow = render(
        &r,
        OutputFormat::Text,
        &RenderOptions {
            width: Some(100),
            ..ja()
        },
    );
    for line in narrow
        .lines()
        .filter(|l| !l.starts_with("imdsv2-policy") && !l.starts_with("      "))
    {
        if line.contains('`') || line.contains('　') {
            continue;
        }
        assert!(display_width(line) <= 100 || !line.contains(' '), "{line}");
    }
}

#[test]
fn every_format_has_its_words_in_japanese() {
    let r = plan("lt_versions.json");
    let github = render(&r, OutputFormat::Github, &ja());
    assert!(github.contains("EC2.8 失敗%3A "), "{github}");
    assert!(github.lines().last().unwrap().contains("失敗 "), "{github}");
    let sarif = render(&r, OutputFormat::Sarif, &ja());
    assert!(
        sarif.contains("インスタンスメタデータサービスバージョン 2 (IMDSv2)"),
        "{sarif}"
    );
    assert!(sarif.contains("## 修復方法"), "{sarif}");
    assert!(!sarif.contains("Fix in"), "{sarif}");
    let junit = render(&r, OutputFormat::Junit, &ja());
    assert!(roxmltree::Document::parse(&junit).is_ok());
    assert!(junit.contains("IMDSv1 が使える状態です"), "{junit}");
    assert!(!junit.contains("Fix in"), "{junit}");
    let markdown = render(&r, OutputFormat::Markdown, &ja());
    assert!(
        markdown.starts_with("## imdsv2-policy: ❌ 失敗\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| 状態 | コントロール | 対象 | インスタンス数 | 理由 |"),
        "{markdown}"
    );
    assert!(markdown.contains("### 修正"), "{markdown}");
    for english in ["| Status |", "### Fixes", " fail ·", "<summary>❌ fail"] {
        assert!(!markdown.contains(english), "{english} in {markdown}");
    }
    let asff = RenderOptions {
        aws_account_id: Some("111122223333".to_owned()),
        aws_region: Some("eu-west-1".to_owned()),
        timestamp: Some("2026-12-01T09:30:00Z".to_owned()),
        ..ja()
    };
    let asff: serde_json::Value =
        serde_json::from_str(&render(&r, OutputFormat::Asff, &asff)).unwrap();
    let first = &asff["Findings"][0];
    assert!(
        first["Title"].as_str().unwrap().contains("IMDSv2"),
        "{first}"
    );
    assert!(
        !first["Title"].as_str().unwrap().contains("should use"),
        "{first}"
    );
    // The API's own values stay as Security Hub defines them.
    assert!(
        ["FAILED", "PASSED", "NOT_AVAILABLE"]
            .contains(&first["Compliance"]["Status"].as_str().unwrap())
    );
}

fn cli(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_imdsv2-policy"));
    c.args(args)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

#[test]
fn the_command_takes_lang_from_the_flag_then_the_locale() {
    let plan = tests_dir().join("fixtures/plan/lt_versions.json");
    let plan = plan.to_str().unwrap();
    let out = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["check", plan, "--config", "none"];
        all.extend_from_slice(args);
        String::from_utf8(cli(&all, env).stdout).unwrap()
    };
    let english = out(&[], &[]);
    let japanese = out(&["--lang", "ja"], &[]);
    assert!(english.contains("IMDSv1 is reachable"));
    assert!(japanese.contains("IMDSv1 が使える状態です"));
    assert_eq!(out(&["--lang=ja"], &[]), japanese);
    assert_eq!(out(&[], &[("LANG", "ja_JP.UTF-8")]), japanese);
    assert_eq!(
        out(
            &[],
            &[("LC_MESSAGES", "ja_JP.UTF-8"), ("LANG", "en_US.UTF-8")]
        ),
        japanese
    );
    assert_eq!(
        out(&[], &[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")]),
        english
    );
    assert_eq!(out(&["--lang", "en"], &[("LANG", "ja_JP.UTF-8")]), english);
    let bad = cli(&["check", plan, "--lang", "fr"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(
        err.starts_with("error[usage]: unknown `--lang` value `fr`; expected `en` or `ja`\n"),
        "{err}"
    );
}

#[test]
fn the_step_summary_follows_lang() {
    use imdsv2_policy::report::github::{github_step_summary, github_step_summary_in};
    let r = plan("lt_versions.json");
    assert_eq!(
        github_step_summary_in(&r, Lang::En),
        github_step_summary(&r)
    );
    let ja = github_step_summary_in(&r, Lang::Ja);
    assert!(ja.starts_with("## imdsv2-policy: ❌ 失敗\n"), "{ja}");
    assert!(
        ja.contains("失敗 **4** · 不明 **2** · 成功 **9** · 対象 11 件 · 入力: terraform-plan"),
        "{ja}"
    );
    assert!(
        ja.contains("| リソース | コントロール | 状態 | レイヤー | 修正箇所 |"),
        "{ja}"
    );
    assert!(
        ja.contains("**注:** この入力には `aws_ec2_instance_metadata_defaults` がありません"),
        "{ja}"
    );
    assert!(ja.contains("| ❌ 失敗 |"), "{ja}");
}

/// The holes of an English template, in order: `{}`, `{b}`, `{v}`, `{*}`.
fn english_holes(en: &str) -> usize {
    ["{}", "{b}", "{v}", "{*}"]
        .iter()
        .map(|h| en.matches(h).count())
        .sum()
}

/// `{1}`, `{2}`, ... of a Japanese template.
fn numbered_holes(ja: &str) -> std::collections::BTreeSet<usize> {
    let mut out = std::collections::BTreeSet::new();
    let mut rest = ja;
    while let Some(i) = rest.find('{') {
        rest = &rest[i + 1..];
        if let Some(j) = rest.find('}')
            && let Ok(n) = rest[..j].parse::<usize>()
        {
            out.insert(n);
        }
    }
    out
}

/// Every text is in both languages: each message template has its Japanese with exactly the
/// English holes (each used, none invented), no template is there twice, and every control
/// has its title, description and rationale in Japanese.
#[test]
fn no_text_exists_in_one_language_only() {
    let texts = imdsv2_policy::i18n::japanese().unwrap();
    assert_eq!(texts.lang, Lang::Ja);
    let mut seen = std::collections::BTreeSet::new();
    for m in &texts.messages {
        assert!(!m.en.trim().is_empty() && !m.ja.trim().is_empty(), "{m:?}");
        assert!(seen.insert(m.en.as_str()), "`{}` twice", m.en);
        let n = english_holes(&m.en);
        let want: std::collections::BTreeSet<usize> = (1..=n).collect();
        assert_eq!(
            numbered_holes(&m.ja),
            want,
            "the holes of `{}` / `{}`",
            m.en,
            m.ja
        );
        assert_ne!(m.en, m.ja, "`{}` is not translated", m.en);
    }
    let policies = imdsv2_policy::policy::all().unwrap();
    let ids: Vec<&str> = policies.iter().map(|p| p.id.as_str()).collect();
    let translated: Vec<&str> = texts.policies.keys().map(String::as_str).collect();
    assert_eq!(
        translated, ids,
        "a Japanese text for every control, and none for another"
    );
    for p in policies {
        let ja = &texts.policies[&p.id];
        for (en, ja) in [
            (&p.title, &ja.title),
            (&p.description, &ja.description),
            (&p.rationale, &ja.rationale),
        ] {
            assert!(!ja.trim().is_empty() && ja != en, "{}: `{en}`", p.id);
        }
    }
}

/// `lang` is an option like any other: the config file's `lang` comes after `--lang` and before
/// the locale, and `fix` speaks it too.
#[test]
fn the_config_files_lang_comes_between_the_flag_and_the_locale() {
    let dir = std::env::temp_dir().join(format!("imdsv2-i18n-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join(".imdsv2-policy.toml");
    std::fs::write(&config, "lang = \"ja\"\n").unwrap();
    let config = config.to_str().unwrap();
    let plan = tests_dir().join("fixtures/plan/lt_versions.json");
    let plan = plan.to_str().unwrap();
    let out = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["check", plan];
        all.extend_from_slice(args);
        String::from_utf8(cli(&all, env).stdout).unwrap()
    };
    let japanese = out(&["--config", "none", "--lang", "ja"], &[]);
    let english = out(&["--config", "none"], &[]);
    assert_ne!(japanese, english);
    assert_eq!(out(&["--config", config], &[]), japanese);
    assert_eq!(
        out(&["--config", config], &[("LANG", "en_US.UTF-8")]),
        japanese
    );
    assert_eq!(out(&["--config", config, "--lang", "en"], &[]), english);
    // Every format, JSON included, is written once in Japanese, not translated twice.
    let json = |args: &[&str]| out(&[&["--format", "json"], args].concat(), &[]);
    assert_eq!(
        json(&["--config", config]),
        json(&["--config", "none", "--lang", "ja"])
    );

    // `fix`: its steps and edits, and the words around them.
    let source = tests_dir().join("corpus/source/tam-ec2-instance");
    let source = source.to_str().unwrap();
    let fix = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["fix", source];
        all.extend_from_slice(args);
        let o = cli(&all, env);
        assert_eq!(o.status.code(), Some(1), "a manual step is left");
        String::from_utf8(o.stderr).unwrap()
    };
    let en = fix(&["--config", "none"], &[]);
    assert!(
        en.contains(
            ": manual step for `aws_instance.this`: `http_tokens` of `aws_instance.this` is set by"
        ),
        "{en}"
    );
    let ja = fix(&["--config", "none", "--lang", "ja"], &[]);
    assert!(
        ja.contains(": `aws_instance.this` の手作業での対応: `aws_instance.this` の `http_tokens` は `try(metadata_options.value.http_tokens, \"optional\")` で決まります"),
        "{ja}"
    );
    assert_eq!(fix(&["--config", config], &[]), ja);
    assert_eq!(fix(&["--config", "none"], &[("LANG", "ja_JP.UTF-8")]), ja);
    assert_eq!(fix(&["--config", config, "--lang=en"], &[]), en);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The hosts other than the CLIs (Extism, the component, OPA, the JS API) take the language
/// only as the option: the report comes back in it, and `fix` its steps too.
#[test]
fn the_lang_option_gives_the_report_and_the_fix_in_japanese() {
    let bytes = std::fs::read(tests_dir().join("fixtures/plan/lt_versions.json")).unwrap();
    let en = imdsv2_policy::evaluate(&bytes, &Options::default()).unwrap();
    let ja_options = Options::from_json(r#"{"lang": "ja"}"#).unwrap();
    let japanese = imdsv2_policy::evaluate(&bytes, &ja_options).unwrap();
    assert_eq!(
        japanese,
        imdsv2_policy::i18n::localize(&en, Lang::Ja).into_owned()
    );
    assert_ne!(japanese, en);
    // The JSON entry points of the Extism plugin and the component, and the CLI's rendering.
    assert_eq!(
        imdsv2_policy::evaluate_json(&bytes, r#"{"lang":"ja"}"#).unwrap(),
        render(&en, OutputFormat::Json, &ja())
    );
    assert_eq!(
        imdsv2_policy::evaluate(&bytes, &Options::from_json(r#"{"lang": "en"}"#).unwrap()).unwrap(),
        en
    );
    let bad = Options::from_json(r#"{"lang": "fr"}"#).unwrap_err();
    assert_eq!(bad.code, imdsv2_policy::ErrorCode::InvalidOptions);
    assert!(
        bad.message
            .contains("unknown variant `fr`, expected `en` or `ja`"),
        "{bad:?}"
    );

    let source = tests_dir().join("fixtures/source/comments_inside_block/before");
    let files = imdsv2_policy::fix::load_paths(&[source.to_str().unwrap()]).unwrap();
    let fix_en = imdsv2_policy::fix_sources(&files, &Options::default()).unwrap();
    let fix_ja = imdsv2_policy::fix_sources(&files, &ja_options).unwrap();
    // The same change, explained in Japanese.
    assert_eq!(fix_ja.diff, fix_en.diff);
    assert_eq!(
        fix_ja.files[0].edits[0].description,
        "`aws_launch_template.app` の `metadata_options` に `http_tokens = \"required\"` を加えます"
    );
    assert_eq!(
        fix_ja.files[0].edits[1].description,
        "デフォルトバージョンを評価する EC2.170 のために、`aws_launch_template.app` の新しいバージョンをデフォルトにしてください（`update_default_version = true`）"
    );
}
