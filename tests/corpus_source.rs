//! Terraform source from other projects, read as a user runs `check DIR`: the root module with
//! the modules it calls expanded from disk. Every subject and status below was checked by hand
//! against the files (tests/corpus/EXPECTED-source.md says why, line by line).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests"
)]

use imdsv2_policy::{Options, Status};
use std::path::PathBuf;

fn corpus(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/source")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

/// `(address, status, layer)` of every finding of `check DIR`, sorted.
fn check(dir: &str) -> (Vec<(String, Status, String, bool)>, String) {
    let files = imdsv2_policy::fix::load_paths(&[dir]).unwrap();
    let r = imdsv2_policy::evaluate_sources(&files, &Options::default()).unwrap();
    let rows = r
        .findings
        .iter()
        .map(|f| {
            let source = serde_json::to_value(f.effective.source).unwrap();
            (
                f.resource.name().to_owned(),
                f.status,
                source.as_str().unwrap_or_default().to_owned(),
                f.unjudged,
            )
        })
        .collect();
    (rows, format!("{:?}", r.summary.verdict).to_lowercase())
}

fn row(a: &str, s: Status, layer: &str) -> (String, Status, String, bool) {
    (a.to_owned(), s, layer.to_owned(), false)
}

#[test]
fn terraform_aws_modules_ec2_instance_complete_example() {
    // 13 instances from 12 calls of `../../` (one `for_each` of three, one `create = false`
    // that makes none), and the two registry modules `terraform init` would download.
    let (rows, verdict) = check(&corpus("tam-ec2-instance/examples/complete"));
    let f = Status::Fail;
    let mut want = vec![
        row("module.ec2_complete.aws_instance.this[0]", f, "resource"),
        row("module.ec2_cpu_options.aws_instance.this[0]", f, "resource"),
        row(
            "module.ec2_ignore_ami_changes.aws_instance.ignore_ami[0]",
            f,
            "resource",
        ),
        row(
            "module.ec2_metadata_options.aws_instance.this[0]",
            Status::Pass,
            "resource",
        ),
        row(
            "module.ec2_multiple[\"one\"].aws_instance.this[0]",
            f,
            "resource",
        ),
        row(
            "module.ec2_multiple[\"three\"].aws_instance.this[0]",
            f,
            "resource",
        ),
        row(
            "module.ec2_multiple[\"two\"].aws_instance.this[0]",
            f,
            "resource",
        ),
        row(
            "module.ec2_network_interface.aws_instance.this[0]",
            f,
            "resource",
        ),
        row(
            "module.ec2_open_capacity_reservation.aws_instance.this[0]",
            f,
            "resource",
        ),
        row(
            "module.ec2_spot_instance.aws_spot_instance_request.this[0]",
            f,
            "resource",
        ),
        row(
            "module.ec2_t2_unlimited.aws_instance.this[0]",
            f,
            "resource",
        ),
        row(
            "module.ec2_t3_unlimited.aws_instance.this[0]",
            f,
            "resource",
        ),
        row(
            "module.ec2_targeted_capacity_reservation.aws_instance.this[0]",
            f,
            "resource",
        ),
    ];
    for m in ["module.security_group", "module.vpc"] {
        want.push((m.to_owned(), Status::Unknown, "resource".to_owned(), true));
    }
    let mut got = rows;
    got.sort_by(|a, b| a.0.cmp(&b.0));
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got, want);
    assert_eq!(verdict, "fail");
}

#[test]
fn terraform_aws_modules_ec2_instance_on_its_own() {
    let (rows, _) = check(&corpus("tam-ec2-instance"));
    assert_eq!(
        rows,
        vec![row("aws_instance.this[0]", Status::Fail, "resource")]
    );
}

#[test]
fn a_root_calling_a_local_module() {
    expect(
        "gauri17-pro__terraform-workspaces",
        vec![row(
            "module.ec2.aws_instance.ec2",
            Status::Fail,
            "aws-default",
        )],
        "fail",
    );
}

#[test]
fn a_module_directory_without_its_caller_is_read_as_a_root() {
    let (rows, _) = check(&corpus("gauri17-pro__terraform-workspaces/modules/ec2"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "aws_instance.ec2");
}

/// A folder of symlinked `.tf` files (Terraform follows them), and a registry module that
/// `terraform init` downloaded, found through `.terraform/modules/modules.json`.
#[cfg(unix)]
#[test]
fn symlinks_and_downloaded_modules_are_read() {
    let base = std::env::temp_dir().join(format!("imdsv2-links-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let shared = base.join("shared");
    let root = base.join("root");
    let downloaded = root.join(".terraform/modules/fleet");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::create_dir_all(&downloaded).unwrap();
    std::fs::write(
        shared.join("main.tf"),
        r#"module "fleet" {
  source  = "example/fleet/aws"
  version = "1.0.0"
  tokens  = "optional"
}
"#,
    )
    .unwrap();
    std::os::unix::fs::symlink(shared.join("main.tf"), root.join("main.tf")).unwrap();
    std::fs::write(
        downloaded.join("main.tf"),
        r#"variable "tokens" {
  default = "required"
}

resource "aws_instance" "this" {
  count = 2
  ami   = "ami-0123456789abcdef0"
  metadata_options {
    http_tokens = var.tokens
  }
}
"#,
    )
    .unwrap();
    std::fs::write(
        root.join(".terraform/modules/modules.json"),
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"fleet","Source":"registry.terraform.io/example/fleet/aws","Version":"1.0.0","Dir":".terraform/modules/fleet"}]}"#,
    )
    .unwrap();
    let (rows, verdict) = check(root.to_str().unwrap());
    assert_eq!(
        rows,
        vec![
            row(
                "module.fleet.aws_instance.this[0]",
                Status::Fail,
                "resource"
            ),
            row(
                "module.fleet.aws_instance.this[1]",
                Status::Fail,
                "resource"
            ),
        ]
    );
    assert_eq!(verdict, "fail");
    // Without the manifest the module is not on disk: unknown, and never a pass.
    std::fs::remove_file(root.join(".terraform/modules/modules.json")).unwrap();
    let (rows, verdict) = check(root.to_str().unwrap());
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].1, rows[0].3), (Status::Unknown, true));
    assert_eq!(verdict, "fail");
    let _ = std::fs::remove_dir_all(&base);
}

/// `.tf.json` (Terraform's JSON syntax; CDK for Terraform's `cdk.tf.json`), read with the same
/// semantics as `.tf`, findings placed at the resource's key in the JSON.
#[test]
fn tf_json_files_from_other_projects() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/tfjson");
    let one = |name: &str| {
        let path = dir.join(name);
        let files = imdsv2_policy::fix::load_paths(&[path.to_str().unwrap()]).unwrap();
        imdsv2_policy::evaluate_sources(&files, &Options::default())
    };
    let r = one("sachinbh95_terraform-demo__main.tf.json").unwrap();
    assert_eq!(r.findings.len(), 1);
    let f = &r.findings[0];
    assert_eq!(f.resource.name(), "aws_instance.my_vm");
    assert_eq!(f.status, Status::Fail);
    assert_eq!(
        serde_json::to_value(f.effective.source).unwrap(),
        "aws-default"
    );
    let at = f.location.as_ref().unwrap();
    assert_eq!((at.line, at.column), (4, 13));
    assert_eq!(at.path.as_deref(), Some("$.resource.aws_instance.my_vm"));
    // CDK for Terraform output: an EKS node group without a launch template. EKS makes the
    // template itself and no input shows its options: unknown, and the verdict cannot pass.
    let r =
        one("AymanZahran_multi-cloud-k8s-boilerplate__cdktf.out_stacks_dev_cdk.tf.json").unwrap();
    assert_eq!(r.findings.len(), 1);
    let f = &r.findings[0];
    assert_eq!(f.resource.resource_type, "aws_eks_node_group");
    assert_eq!((f.status, f.unjudged), (Status::Unknown, true));
    assert_eq!(
        r.summary.verdict,
        imdsv2_policy::report::model::Verdict::Fail
    );
    assert!(r.notes.iter().any(|n| n.id == "not-judged"));
    // HCL saved under a `.tf.json` name: a clear error, not a pass.
    let e = one("AhmarG_Terraform-AWS-Stack__main.tf.json").unwrap_err();
    assert!(e.message.contains("is not valid JSON"), "{e}");
}

/// An unknown finding marked unjudged: something launches instances with options no input
/// shows (an EKS node group without a launch template, Beanstalk, EMR, Batch without one).
fn unjudged(a: &str) -> (String, Status, String, bool) {
    (a.to_owned(), Status::Unknown, "resource".to_owned(), true)
}

/// `check ROOT` gives these rows (in any order) and this verdict.
fn expect(root: &str, mut want: Vec<(String, Status, String, bool)>, verdict: &str) {
    let (mut rows, got) = check(&corpus(root));
    let key = |r: &(String, Status, String, bool)| (r.0.clone(), r.1, r.2.clone());
    rows.sort_by_key(key);
    want.sort_by_key(key);
    assert_eq!(rows, want, "{root}");
    assert_eq!(got, verdict, "{root}");
}

/// A root whose only findings are unknown and unjudged: `TYPE.NAME` for each name.
fn all_unjudged(root: &str, resource_type: &str, names: &[&str]) {
    let want = names
        .iter()
        .map(|n| unjudged(&format!("{resource_type}.{n}")))
        .collect();
    expect(root, want, "fail");
}

#[test]
fn infracost_eks_node_groups_with_and_without_templates() {
    // Six groups without a template (EKS makes its own), six whose template is named with
    // the literal version "default_version" (no version of any template), and the six
    // templates themselves for EC2.170.
    let mut want: Vec<_> = [
        "example",
        "example_defaultCpuCredits",
        "example2",
        "reserved",
        "windows",
        "usage",
    ]
    .iter()
    .map(|n| unjudged(&format!("aws_eks_node_group.{n}")))
    .collect();
    for n in [
        "example_with_launch_template",
        "example_with_launch_template_instance_types_default",
        "example_with_launch_template_2",
        "example_with_launch_template_3",
        "example_with_launch_template_with_prefix",
        "lt_usage",
    ] {
        let at = format!("aws_eks_node_group.{n}");
        want.push(row(&at, Status::Unknown, "launch-template"));
    }
    for n in ["bar", "foo", "foo2", "foo3", "prefix"] {
        let at = format!("aws_launch_template.{n}");
        want.push(row(&at, Status::Pass, "launch-template"));
    }
    let lt = "aws_launch_template.lt_usage";
    want.push(row(lt, Status::Fail, "launch-template"));
    expect("infracost__infracost__eks_node_group_test", want, "fail");
}

#[test]
fn infracost_elastic_beanstalk_environments_are_unjudged() {
    all_unjudged(
        "infracost__infracost__elastic_beanstalk_environment_test",
        "aws_elastic_beanstalk_environment",
        &[
            "my_eb_environment_with_usage",
            "my_eb_environment",
            "my_eb_environment_with_rds",
            "my_eb_environment_with_rds_no_usage",
            "my_eb_environment_asg_instance_type",
            "my_eb_environment_asg_instance_types",
        ],
    );
}

#[test]
fn checkov_emr_clusters_are_unjudged() {
    all_unjudged(
        "bridgecrewio__checkov__AMRClustersNotOpenToInternet",
        "aws_emr_cluster",
        &[
            "cluster_ok",
            "cluster_not_connected",
            "cluster_connected_to_wrong_group",
        ],
    );
}

#[test]
fn scpca_portal_batch_through_its_template_and_fargate_launches_nothing() {
    let batch = "module.batch.aws_batch_compute_environment.scpca_portal_ec2";
    let template = "module.batch.aws_launch_template.scpca_portal_ec2";
    let want = vec![
        row("aws_instance.api_server_1", Status::Fail, "aws-default"),
        row(batch, Status::Fail, "aws-default"),
        row(template, Status::Fail, "launch-template"),
    ];
    expect("AlexsLemonade__scpca-portal__infrastructure", want, "fail");
}

#[test]
fn a_spot_fleet_on_a_template_outside_the_configuration() {
    // A plain unknown fails the run only with `failOnUnknown`.
    let fleet = "aws_spot_fleet_request.SPOT";
    let want = vec![row(fleet, Status::Unknown, "launch-template")];
    expect("Abhishek-EN__jenkins-spot-integration", want, "pass");
}

#[test]
fn a_spot_fleet_of_launch_specifications() {
    let fleet = "aws_spot_fleet_request.default";
    let want = vec![row(fleet, Status::Fail, "aws-default")];
    expect("ericdahl__tf-ecs__obsolete_ecs_spot_fleet", want, "fail");
}

#[test]
fn feature_flags_on_module_calls_leave_the_ec2_fleet_out() {
    let root = "mike23101994__terraform-scripts__EC2-feature-flag";
    let lc = "aws_launch_configuration.as_conf[0]";
    let mut want: Vec<_> = (0..3)
        .map(|i| format!("module.ec2_mod_for_autoscale[0].aws_instance.ec2[{i}]"))
        .map(|at| row(&at, Status::Fail, "aws-default"))
        .collect();
    want.push(row(
        "aws_autoscaling_group.niledemo[0]",
        Status::Fail,
        "aws-default",
    ));
    want.push(row(lc, Status::Fail, "launch-configuration"));
    want.push(row(lc, Status::Pass, "launch-configuration"));
    expect(root, want, "fail");
    // The fleet module on its own: the fleet takes `required` from its template's default.
    let template = "aws_launch_template.launch-template";
    let want = vec![
        row("aws_ec2_fleet.example", Status::Pass, "launch-template"),
        row(template, Status::Pass, "launch-template"),
    ];
    expect(&format!("{root}/module-ec2fleet"), want, "pass");
}

#[test]
fn eks_node_groups_three_local_modules_down() {
    all_unjudged(
        "nwn-722__terraform-eks-iac__2-eks",
        "module.eks.module.eks-base-cluster.module.NODE_GROUP.aws_eks_node_group",
        &["node-group-on-demand", "node-group-spot"],
    );
}

#[test]
fn a_managed_spot_batch_environment_without_a_template_is_unjudged() {
    all_unjudged(
        "zcemycl__systemDeploy__src_tf_batch-lambda",
        "aws_batch_compute_environment",
        &["this"],
    );
}
