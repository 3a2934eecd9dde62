//! Japanese (`lang: "ja"`): a finished report translated before any writer runs, and the fixed
//! words of the writers.
//!
//! Why after the fact, and not a message id at every `format!`: the English texts are the JSON
//! contract that outside checks read, and they are built from parts (a reason inside a message,
//! a caveat after it, a hop-limit reason after a placement reason). A catalogue of those parts
//! as templates with holes, matched recursively, translates each part once and keeps the core's
//! English code as it is. `tests/i18n.rs` runs every fixture and corpus input through it and
//! fails on any text left in English, so the catalogue stays complete.
//!
//! Holes in an English template: `{}` is text translated in turn (it must match a template
//! itself), `{b}` is the content of a backquoted span (a value, an address, code: never
//! translated), `{v}` one word without spaces (a number, a path, an id), `{*}` anything, kept
//! as it is (text the user wrote). The Japanese template names them `{1}`, `{2}`, ... in the
//! order the English gives them.

use crate::report::model::{Report, Status, Verdict};
use std::collections::BTreeMap;

/// The language of the human-readable texts.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English: the report as the core writes it.
    #[default]
    En,
    /// Japanese: messages, remediation texts, notes and the writers' words.
    Ja,
}

impl Lang {
    pub fn parse(name: &str) -> Option<Lang> {
        match name {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    pub const NAMES: &'static [&'static str] = &["en", "ja"];

    /// The language a POSIX locale asks for: `LC_ALL`, then `LC_MESSAGES`, then `LANG`, the
    /// first that is set and not empty (`ja`, `ja_JP.UTF-8` select Japanese; anything else,
    /// `C` included, English). The shells pass the environment's values; the core reads none.
    pub fn from_locale(
        lc_all: Option<&str>,
        lc_messages: Option<&str>,
        lang: Option<&str>,
    ) -> Lang {
        let chosen = [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.is_empty());
        match chosen {
            Some(v)
                if v == "ja"
                    || v.starts_with("ja_")
                    || v.starts_with("ja.")
                    || v.starts_with("ja-") =>
            {
                Lang::Ja
            }
            _ => Lang::En,
        }
    }
}

/// English template, Japanese template. Tried in this order: whole sentences first, the
/// joints (`{}; {}`, `{}. {}`, `{}, {}`) last, so a joint splits only what no sentence covers.
const CATALOGUE: &[(&str, &str)] = &[
    // --- EC2.8 verdicts (src/controls/ec2_8.rs)
    ("IMDSv1 is reachable: {}", "IMDSv1 が使える状態です: {1}"),
    ("IMDSv2 is required: {}", "IMDSv2 が必須です: {1}"),
    (
        "the metadata endpoint is disabled, which these options count as a pass: {}",
        "メタデータエンドポイントが無効で、この設定では成功と数えます: {1}",
    ),
    (
        "cannot tell before apply whether IMDSv2 is required: {}",
        "apply 前には IMDSv2 が必須かどうか判断できません: {1}",
    ),
    (
        "cannot tell from the source alone whether IMDSv2 is required: {}",
        "ソースだけでは IMDSv2 が必須かどうか判断できません: {1}",
    ),
    (
        "cannot tell whether IMDSv2 is required: {}",
        "IMDSv2 が必須かどうか判断できません: {1}",
    ),
    (
        "cannot tell whether the default version requires IMDSv2: {}",
        "デフォルトバージョンが IMDSv2 を必須にしているか判断できません: {1}",
    ),
    (
        "The metadata endpoint is disabled, so IMDS is not reachable at all; AWS's EC2.8 still judges `{b}` alone. Pass `{b}` to count this as a pass",
        "メタデータエンドポイントが無効なので IMDS にはまったく到達できませんが、AWS の EC2.8 は `{1}` だけで判定します。成功と数えるには `{2}` を指定してください",
    ),
    (
        "The metadata endpoint is disabled, so IMDS is not reachable at all; AWS's EC2.8 still judges `{b}` alone. Pass `{b}` to count this as a pass.",
        "メタデータエンドポイントが無効なので IMDS にはまったく到達できませんが、AWS の EC2.8 は `{1}` だけで判定します。成功と数えるには `{2}` を指定してください。",
    ),
    // --- Where the value comes from (src/resolve.rs)
    (
        "EC2 reports `{b}` = `{b}`",
        "EC2 の報告では `{1}` = `{2}` です",
    ),
    (
        "{} (a change to these options is still pending)",
        "{1}（このオプションの変更はまだ保留中です）",
    ),
    (
        "`{b}` is `{b}` in launch template `{b}` ({})",
        "起動テンプレート `{3}`（{4}）で `{1}` が `{2}` です",
    ),
    (
        "`{b}` is `{b}` in the resource's own `{b}`",
        "リソース自身の `{3}` で `{1}` が `{2}` です",
    ),
    (
        "`{b}` is `{b}` in launch configuration `{b}`",
        "起動設定 `{3}` で `{1}` が `{2}` です",
    ),
    (
        "no launch setting sets `{b}`; the account default `{b}` for this provider configuration says `{b}`",
        "起動時の設定はどれも `{1}` を設定していません。このプロバイダー設定のアカウントのデフォルト `{2}` は `{3}` です",
    ),
    (
        "no launch setting or account default sets `{b}`; AMI `{b}` has `{b}`, so instances get `{b}`",
        "起動時の設定もアカウントのデフォルトも `{1}` を設定していません。AMI `{2}` が `{3}` を持つので、インスタンスは `{4}` になります",
    ),
    (
        "nothing sets `{b}` ({}), so EC2's default `{b}` applies",
        "`{1}` を設定しているものがありません（{2}）。そのため EC2 のデフォルト `{3}` が適用されます",
    ),
    (
        "nothing sets `{b}`, so EC2's default `{b}` applies",
        "`{1}` を設定しているものがないため、EC2 のデフォルト `{2}` が適用されます",
    ),
    ("unset in {}", "未設定: {1}"),
    ("the resource", "リソース"),
    ("launch configuration `{b}`", "起動設定 `{1}`"),
    ("launch template `{b}`", "起動テンプレート `{1}`"),
    ("AMI `{b}` (no `{b}`)", "AMI `{1}`（`{2}` なし）"),
    (
        "account default `{b}` (`{b}`)",
        "アカウントのデフォルト `{1}`（`{2}`）",
    ),
    (
        "account default `{b}`: {}",
        "アカウントのデフォルト `{1}`: {2}",
    ),
    // The version a launch template is read at.
    ("`{b}`", "`{1}`"),
    ("version {v}", "バージョン {1}"),
    ("`{b}`, version {v}", "`{1}`、バージョン {2}"),
    (
        "`{b}`, version {v} of a new template",
        "`{1}`、新しいテンプレートのバージョン {2}",
    ),
    (
        "`{b}`, which stays at version {v}: the plan adds a version without `{b}`",
        "`{1}`、plan が `{3}` なしでバージョンを追加するため、バージョン {2} のままです",
    ),
    (
        "`{b}`, which this plan moves to the new version",
        "`{1}`、この plan で新しいバージョンに移ります",
    ),
    // Caveats.
    (
        "AMI `{b}` is not described in this input: an AMI registered with `{b}` would give `{b}` without any setting here",
        "AMI `{1}` の情報はこの入力にありません: `{2}` で登録された AMI なら、ここに設定がなくても `{3}` になります",
    ),
    (
        "the AMI is not described in this input: an AMI registered with `{b}` would give `{b}` without any setting here",
        "AMI の情報はこの入力にありません: `{1}` で登録された AMI なら、ここに設定がなくても `{2}` になります",
    ),
    (
        "the suppression at {v} expired on {v}, so it no longer applies",
        "{1} の抑制は {2} に期限が切れたため、もう適用されません",
    ),
    // Unknown values.
    (
        "AMI `{b}`: `{b}` is known only after apply; an AMI marked `{b}` would make it `{b}`",
        "AMI `{1}`: `{2}` は apply 後にしか分かりません。`{3}` と指定された AMI なら `{4}` になります",
    ),
    (
        "`{b}` is set from `{b}`, which is known only after apply",
        "`{1}` は `{2}` から設定され、その値は apply 後にしか分かりません",
    ),
    (
        "`{b}` names no launch template",
        "`{1}` は起動テンプレートを指定していません",
    ),
    (
        "`{b}` of `{b}` is version {v}, but the input shows only version {v}",
        "`{2}` の `{1}` はバージョン {3} ですが、入力にはバージョン {4} しかありません",
    ),
    (
        "launch configuration `{b}` is not in this input, so its metadata options cannot be read",
        "起動設定 `{1}` がこの入力にないため、そのメタデータオプションを読めません",
    ),
    (
        "launch template `{b}` is not in this input, so its metadata options cannot be read",
        "起動テンプレート `{1}` がこの入力にないため、そのメタデータオプションを読めません",
    ),
    (
        "the input does not say which version `{b}` of `{b}` is (add `{b}` output, which names the default and latest versions)",
        "`{2}` の `{1}` がどのバージョンか入力からは分かりません（デフォルトと最新のバージョンが分かる `{3}` の出力を加えてください）",
    ),
    (
        "the launch template is not known before apply (`{b}` is known only after apply) and the plan's configuration does not say which one it is",
        "起動テンプレートが apply 前には分からず（`{1}` は apply 後にしか分かりません）、plan の設定にもどれなのか書かれていません",
    ),
    (
        "`{b}` (source `{b}`) calls a directory whose `{b}` files were not given (`{b}`), so the instances it may launch were not read: check the directory that holds both, or a plan (`{b}`)",
        "`{1}`（source `{2}`）が呼び出すディレクトリの `{3}` ファイルが与えられていない（`{4}`）ため、それが起動しうるインスタンスを読めませんでした: 両方を含むディレクトリか plan（`{5}`）をチェックしてください",
    ),
    (
        "`{b}` cannot be known from source: `{b}` has no default and no value in a `{b}` file this tool read",
        "`{1}` はソースからは分かりません: `{2}` にはデフォルトがなく、このツールが読んだ `{3}` ファイルにも値がありません",
    ),
    (
        "its `{b}` repeats over `{b}`, so whether it makes a block is not known: `{b}` has no default and no value in a `{b}` file this tool read",
        "その `{1}` は `{2}` で繰り返されるため、ブロックができるかどうか分かりません: `{3}` にはデフォルトがなく、このツールが読んだ `{4}` ファイルにも値がありません",
    ),
    (
        "launch template version `{b}` is not `{b}`, `{b}` or a number",
        "起動テンプレートのバージョン `{1}` は `{2}`、`{3}`、数値のどれでもありません",
    ),
    (
        "version {v} of `{b}` is not the one the input shows",
        "`{2}` のバージョン {1} は入力にあるバージョンではありません",
    ),
    (
        "AWS Batch launches this compute environment's instances with settings of its own (`{b}` names no launch template), which are not in this input",
        "AWS Batch はこのコンピューティング環境のインスタンスを独自の設定で起動します（`{1}` は起動テンプレートを指定していません）。その設定はこの入力にありません",
    ),
    (
        "Amazon EMR launches this cluster's instances with metadata options of its own, which are not in this input",
        "Amazon EMR はこのクラスターのインスタンスを独自のメタデータオプションで起動します。その設定はこの入力にありません",
    ),
    (
        "EKS launches this node group's instances from a launch template it creates itself, whose metadata options are not in this input (EKS does not document them, and its API has no IMDS setting for a node group)",
        "EKS はこのノードグループのインスタンスを、自ら作成する起動テンプレートから起動します。そのメタデータオプションはこの入力にありません（EKS はそれを文書化しておらず、API にもノードグループの IMDS 設定はありません）",
    ),
    (
        "Elastic Beanstalk launches this environment's instances; their IMDS setting is the `{b}` option `{b}`, which this tool does not read",
        "Elastic Beanstalk がこの環境のインスタンスを起動します。その IMDS 設定は `{1}` オプションの `{2}` で、このツールは読みません",
    ),
    (
        "the document has no `{b}` for this instance (an old recording, or a `{b}` that left it out)",
        "ドキュメントにこのインスタンスの `{1}` がありません（古い記録か、それを省いた `{2}`）",
    ),
    (
        "the document's `{b}` has no `{b}`",
        "ドキュメントの `{1}` に `{2}` がありません",
    ),
    // --- EC2.170 and the Auto Scaling controls
    (
        "`{b}` sets no `{b}`, so its instances get Auto Scaling's default `{b}`",
        "`{1}` は `{2}` を設定していないため、そのインスタンスには Auto Scaling のデフォルト `{3}` が適用されます",
    ),
    (
        "`{b}` sets no `{b}`, so its instances get Auto Scaling's default hop limit {v}",
        "`{1}` は `{2}` を設定していないため、そのインスタンスには Auto Scaling のデフォルトのホップ制限 {3} が適用されます",
    ),
    (
        "`{b}` requires IMDSv2: `{b}` is `{b}`",
        "`{1}` は IMDSv2 を必須にしています: `{2}` が `{3}` です",
    ),
    ("`{b}` sets `{b}`", "`{1}` は `{2}` を設定しています"),
    (
        "`{b}` sets `{b}`: tokens reach beyond the instance (containers on it, forwarded requests)",
        "`{1}` は `{2}` を設定しています: トークンがインスタンスの外（インスタンス上のコンテナや転送されたリクエスト）まで届きます",
    ),
    (
        "the default version ({}) allows IMDSv1: `{b}` is `{b}`",
        "デフォルトバージョン（{1}）は IMDSv1 を許可しています: `{2}` が `{3}` です",
    ),
    (
        "the default version ({}) requires IMDSv2: `{b}` is `{b}`",
        "デフォルトバージョン（{1}）は IMDSv2 を必須にしています: `{2}` が `{3}` です",
    ),
    (
        "the default version ({}) leaves `{b}` unset in its `{b}`, so instances launched from it take the account default or EC2's `{b}`",
        "デフォルトバージョン（{1}）は `{3}` で `{2}` を設定していないため、そこから起動するインスタンスにはアカウントのデフォルトか EC2 の `{4}` が適用されます",
    ),
    (
        "the default version ({}) of `{b}` leaves `{b}` unset, so instances launched from it take the account default or EC2's `{b}`",
        "`{2}` のデフォルトバージョン（{1}）は `{3}` を設定していないため、そこから起動するインスタンスにはアカウントのデフォルトか EC2 の `{4}` が適用されます",
    ),
    // --- Where the fix goes, and the hop limit (src/remediation.rs)
    (
        "`{b}` launches the instance and takes no launch template",
        "`{1}` がインスタンスを起動し、起動テンプレートは使いません",
    ),
    (
        "`{b}` sets its own metadata options",
        "`{1}` は自身のメタデータオプションを設定しています",
    ),
    (
        "`{b}` is the resource {v} judges",
        "`{1}` は {2} が判定するリソースです",
    ),
    (
        "hop limit {v} keeps tokens on the instance; use {v} if containers on it need IMDS",
        "ホップ制限 {1} でトークンをインスタンス内にとどめます。インスタンス上のコンテナが IMDS を使うなら {2} にしてください",
    ),
    (
        "keeps the hop limit {v} it sets",
        "設定されているホップ制限 {1} を維持します",
    ),
    (
        "keeps the hop limit {v} in effect today",
        "現在有効なホップ制限 {1} を維持します",
    ),
    (
        "hop limit {v}: AMI `{b}` is marked `{b}`, whose default hop limit is {v}",
        "ホップ制限 {1}: AMI `{2}` は `{3}` と指定されており、そのデフォルトのホップ制限は {4} です",
    ),
    (
        "hop limit {v}: EKS node group `{b}` runs pods that reach IMDS through one more network hop",
        "ホップ制限 {1}: EKS ノードグループ `{2}` の Pod は、ネットワークホップを 1 つ多く経由して IMDS に到達します",
    ),
    (
        "`{b}` makes the new version the default, which the subject launches",
        "`{1}` で新しいバージョンがデフォルトになり、対象はそのバージョンを起動します",
    ),
    (
        "the instances take their metadata options from launch template `{b}` ({v} subjects use it)",
        "インスタンスは起動テンプレート `{1}` からメタデータオプションを受け取ります（{2} 個の対象が使用）",
    ),
    (
        "the instances take their metadata options from launch template `{b}`",
        "インスタンスは起動テンプレート `{1}` からメタデータオプションを受け取ります",
    ),
    (
        "fixing it there fixes every subject that uses it",
        "そこで修正すれば、それを使うすべての対象が修正されます",
    ),
    (
        "the group's instances take their metadata options from launch configuration `{b}`",
        "グループのインスタンスは起動設定 `{1}` からメタデータオプションを受け取ります",
    ),
    (
        "an instance-level override: `{b}` alone requires IMDSv2, whatever the template says",
        "インスタンス単位の上書き: テンプレートの内容にかかわらず、`{1}` だけで IMDSv2 が必須になります",
    ),
    (
        "the launch template `{b}` uses is not in this input",
        "`{1}` が使う起動テンプレートはこの入力にありません",
    ),
    (
        "an instance-level override decides regardless of it",
        "インスタンス単位の上書きなら、それに関係なく決まります",
    ),
    (
        "a `{b}` cannot set metadata options: give `{b}` a `{b}` whose launch template sets `{b}` in its `{b}`, or require IMDSv2 with the account default (`{b}`)",
        "`{1}` ではメタデータオプションを設定できません: `{2}` に、起動テンプレートの `{5}` で `{4}` を設定した `{3}` を与えるか、アカウントのデフォルト（`{6}`）で IMDSv2 を必須にしてください",
    ),
    (
        "check the cluster's instances live (`{b}`); an account default (`{b}` with `{b}`) covers instances launched without options of their own. Suppress this finding with a reason once they require IMDSv2",
        "クラスターのインスタンスを実機で確認してください（`{1}`）。アカウントのデフォルト（`{3}` を設定した `{2}`）は、独自のオプションなしで起動するインスタンスに適用されます。IMDSv2 が必須になったら、理由を付けてこの検出結果を抑制してください",
    ),
    (
        "give `{b}` a `{b}` whose `{b}` set `{b}`",
        "`{1}` に、`{3}` で `{4}` を設定した `{2}` を与えてください",
    ),
    (
        "give the node group a launch template whose `{b}` set `{b}` (and `{b}` for pods that use IMDS): `{b}`. EKS cannot add a launch template to an existing node group: create a new group and move the workloads",
        "ノードグループに、`{1}` で `{2}`（IMDS を使う Pod があれば `{3}` も）を設定した起動テンプレートを与えてください: `{4}`。EKS は既存のノードグループに起動テンプレートを追加できないため、新しいグループを作成してワークロードを移してください",
    ),
    (
        "launch configuration `{b}` cannot be changed: create a new one with the same settings and `{b}` (`{b}`), move each group to it (`{b}`), then start an instance refresh; better, move the groups to a launch template",
        "起動設定 `{1}` は変更できません: 同じ設定に `{2}` を加えた新しい起動設定を作成し（`{3}`）、各グループをそれに移して（`{4}`）から、インスタンスの更新を開始してください。できれば、グループを起動テンプレートに移してください",
    ),
    (
        "set `{b}`, check the instances live (`{b}`), then suppress this finding with that reason",
        "`{1}` を設定し、インスタンスを実機で確認して（`{2}`）から、その理由を付けてこの検出結果を抑制してください",
    ),
    (
        "the input does not name the template's latest version, so the new one's number is the `{b}` the first command prints: make it the default with `{b}` that number --region {v}, and move groups pinned to a number to it",
        "入力からテンプレートの最新バージョンが分からないため、新しいバージョンの番号は最初のコマンドが出力する `{1}` です: `{2}` その番号 --region {3} でデフォルトにし、番号で固定しているグループをそのバージョンに移してください",
    ),
    (
        "the launch template of `{b}` is not in this input: set `{b}` in its `{b}` where it is defined",
        "`{1}` の起動テンプレートはこの入力にありません: それを定義している場所で、その `{3}` に `{2}` を設定してください",
    ),
    (
        "the new version is {v}, the one after the latest `{b}` names; if another was made since, use the number the first command prints",
        "新しいバージョンは {1} で、`{2}` が示す最新バージョンの次です。その後に別のバージョンが作られていたら、最初のコマンドが出力する番号を使ってください",
    ),
    (
        "It belongs to Auto Scaling group `{b}` (launch template `{b}` version {v}): a replacement instance takes the launch template's value, not this fix; check it (`{b}`) and fix it too",
        "Auto Scaling グループ `{1}`（起動テンプレート `{2}` バージョン {3}）に属しています: 置き換えのインスタンスはこの修正ではなく起動テンプレートの値を使うため、テンプレートを確認して（`{4}`）それも修正してください",
    ),
    (
        "It belongs to Auto Scaling group `{b}`: a replacement instance takes the launch template's value, not this fix; check it (`{b}`) and fix it too",
        "Auto Scaling グループ `{1}` に属しています: 置き換えのインスタンスはこの修正ではなく起動テンプレートの値を使うため、テンプレートを確認して（`{2}`）それも修正してください",
    ),
    (
        "It belongs to Auto Scaling group `{b}`, which launches launch template `{b}` ({}) without `{b}`: a replacement instance will allow IMDSv1 again; fix the template too (see the group's finding)",
        "Auto Scaling グループ `{1}` に属しており、そのグループは `{4}` のない起動テンプレート `{2}`（{3}）から起動します: 置き換えのインスタンスは再び IMDSv1 を許可するため、テンプレートも修正してください（グループの検出結果を参照）",
    ),
    // --- Policy texts (policies/*.json): remediation summaries and notes
    (
        "Set `{b}` in the `{b}` of the resource that decides the value (for instances launched from a launch template, the template). Before enforcing, make sure the software on the instances uses IMDSv2: current AWS SDKs and the AWS CLI do; older agents and scripts that call the metadata service with plain GET requests must be updated.",
        "値を決めるリソース（起動テンプレートから起動するインスタンスならそのテンプレート）の `{2}` で `{1}` を設定してください。強制する前に、インスタンス上のソフトウェアが IMDSv2 を使うことを確認してください。現行の AWS SDK と AWS CLI は対応していますが、メタデータサービスを単純な GET リクエストで呼ぶ古いエージェントやスクリプトは更新が必要です。",
    ),
    (
        "Set `{b}` in the template's `{b}`, and make the new version the default (`{b}`). Running instances keep their settings until they are replaced.",
        "テンプレートの `{2}` で `{1}` を設定し、新しいバージョンをデフォルトにしてください（`{3}`）。実行中のインスタンスは、置き換えられるまで設定が変わりません。",
    ),
    (
        "Launch configurations cannot be changed: create a new one with `{b}` (Terraform does so when the block changes; use `{b}`), point the group at it and start an instance refresh. Consider moving to a launch template: accounts created since {v} cannot create launch configurations at all.",
        "起動設定は変更できません: `{1}` を設定した新しい起動設定を作成し（ブロックが変わると Terraform が作成します。`{2}` を使ってください）、グループをそれに向けてインスタンスの更新を開始してください。起動テンプレートへの移行を検討してください: {3} 以降に作成されたアカウントでは、起動設定をそもそも作成できません。",
    ),
    (
        "Set `{b}` in a new launch configuration. Containers that need IMDS (EKS, ECS, some eBPF network plugins) need {v} or more: AWS itself recommends {v} for them, and then this control fails by design; give such workloads their credentials another way (EKS Pod Identity, IRSA, ECS task roles) before lowering it.",
        "新しい起動設定で `{1}` を設定してください。IMDS を使うコンテナ（EKS、ECS、一部の eBPF ネットワークプラグイン）には {2} 以上が必要で、AWS 自身もそれらには {3} を推奨しています。その場合このコントロールは設計上失敗します。ホップ制限を下げる前に、そうしたワークロードに別の方法（EKS Pod Identity、IRSA、ECS タスクロール）で認証情報を渡してください。",
    ),
    (
        "Before enforcing, make sure the software on the instances uses IMDSv2 (current AWS SDKs and the AWS CLI do).",
        "強制する前に、インスタンス上のソフトウェアが IMDSv2 を使うことを確認してください（現行の AWS SDK と AWS CLI は対応しています）。",
    ),
    (
        "Auto Scaling groups do not change running instances when the template changes: start an instance refresh (or replace the instances) after applying.",
        "Auto Scaling グループは、テンプレートが変わっても実行中のインスタンスを変更しません: 適用後にインスタンスの更新を開始してください（またはインスタンスを置き換えてください）。",
    ),
    (
        "Auto Scaling groups do not change running instances when their configuration changes: start an instance refresh (or replace the instances) after applying.",
        "Auto Scaling グループは、起動設定が変わっても実行中のインスタンスを変更しません: 適用後にインスタンスの更新を開始してください（またはインスタンスを置き換えてください）。",
    ),
    (
        "A fleet or compute environment launches new instances from the template version it names; the instances already running keep their options: replace them, or require IMDSv2 on each live (`{b}`).",
        "フリートやコンピューティング環境は、指定したテンプレートバージョンから新しいインスタンスを起動し、実行中のインスタンスはそのオプションのままです: 置き換えるか、実行中の各インスタンスで IMDSv2 を必須にしてください（`{1}`）。",
    ),
    (
        "Launch configurations cannot be changed: Terraform creates a new one (use `{b}`); consider moving to a launch template.",
        "起動設定は変更できません: Terraform が新しい起動設定を作成します（`{1}` を使ってください）。起動テンプレートへの移行を検討してください。",
    ),
    (
        "Changing a launch template creates a new version; subjects that use `{b}` keep the old one unless the template sets `{b}`.",
        "起動テンプレートを変更すると新しいバージョンができます。`{1}` を使う対象は、テンプレートが `{2}` を設定しない限り古いバージョンのままです。",
    ),
    (
        "This subject names its launch template version by number, so it keeps launching that version: after the fix, set its `{b}` to the new one (`{b}`, or the template's `{b}`).",
        "この対象は起動テンプレートのバージョンを番号で指定しているため、そのバージョンを起動し続けます: 修正後、`{1}` を新しいバージョン（`{2}`、またはテンプレートの `{3}`）にしてください。",
    ),
    (
        "Lowering the hop limit to {v} cuts containers on these instances off from IMDS; move them to EKS Pod Identity, IRSA or ECS task roles first.",
        "ホップ制限を {1} に下げると、これらのインスタンス上のコンテナは IMDS を使えなくなります。先に EKS Pod Identity、IRSA、ECS タスクロールに移行してください。",
    ),
    (
        "No `{b}` is in this input. An account-level default per region makes every new instance that does not say otherwise require IMDSv2. It applies per region and provider configuration, and only to instances launched after it is set.",
        "この入力には `{1}` がありません。リージョンごとのアカウントレベルのデフォルトがあれば、別の指定のない新しいインスタンスはすべて IMDSv2 が必須になります。これはリージョンとプロバイダー設定ごとに適用され、設定後に起動したインスタンスだけが対象です。",
    ),
    (
        "No `{b}` is in this input. An account-level default per region makes every new instance that does not say otherwise require IMDSv2.",
        "この入力には `{1}` がありません。リージョンごとのアカウントレベルのデフォルトがあれば、別の指定のない新しいインスタンスはすべて IMDSv2 が必須になります。",
    ),
    // --- Report notes (src/lib.rs, src/read, src/suppress.rs)
    (
        "{v} subjects: the input holds {} but nothing EC2.8 judges (an instance, a spot request, an Auto Scaling group, or a node group with a launch template)",
        "対象 {1} 件: 入力には {2} がありますが、EC2.8 が判定するもの（インスタンス、スポットリクエスト、Auto Scaling グループ、起動テンプレートを持つノードグループ）はありません",
    ),
    (
        "{v} launch template or configuration",
        "起動テンプレートまたは起動設定 {1} 件",
    ),
    (
        "{v} launch templates or configurations",
        "起動テンプレートまたは起動設定 {1} 件",
    ),
    ("{v} resource", "リソース {1} 件"),
    ("{v} resources", "リソース {1} 件"),
    (
        "the verdict is `{b}` because {v} thing that may launch instances could not be judged from this input (the `{b}` findings marked unjudged: a module not on disk, a service that launches with options of its own); judge them (modules: `{b}`, or check a plan; services: check their instances live), or suppress each with a reason",
        "インスタンスを起動しうるもの {2} 件をこの入力から判定できなかったため、判定は `{1}` です（unjudged と記された `{3}` の検出結果: ディスクにないモジュール、独自のオプションで起動するサービス）。それらを判定するか（モジュール: `{4}`、または plan をチェック。サービス: インスタンスを実機で確認）、それぞれ理由を付けて抑制してください",
    ),
    (
        "the verdict is `{b}` because {v} things that may launch instances could not be judged from this input (the `{b}` findings marked unjudged: a module not on disk, a service that launches with options of its own); judge them (modules: `{b}`, or check a plan; services: check their instances live), or suppress each with a reason",
        "インスタンスを起動しうるもの {2} 件をこの入力から判定できなかったため、判定は `{1}` です（unjudged と記された `{3}` の検出結果: ディスクにないモジュール、独自のオプションで起動するサービス）。それらを判定するか（モジュール: `{4}`、または plan をチェック。サービス: インスタンスを実機で確認）、それぞれ理由を付けて抑制してください",
    ),
    (
        "`{b}` at {v} is not a resource of the AWS provider, so Terraform will reject it and it changes nothing. For an instance Terraform manages, set `{b}` on its `{b}`; for one it does not, use the AWS CLI",
        "{2} の `{1}` は AWS プロバイダーのリソースではないため、Terraform はそれを拒否し、何も変わりません。Terraform が管理するインスタンスなら、その `{4}` で `{3}` を設定してください。管理していないインスタンスには AWS CLI を使ってください",
    ),
    (
        "`{b}` is not a resource of the AWS provider, so Terraform will reject it and it changes nothing. For an instance Terraform manages, set `{b}` on its `{b}`; for one it does not, use the AWS CLI",
        "`{1}` は AWS プロバイダーのリソースではないため、Terraform はそれを拒否し、何も変わりません。Terraform が管理するインスタンスなら、その `{3}` で `{2}` を設定してください。管理していないインスタンスには AWS CLI を使ってください",
    ),
    (
        "the suppression at {v} is not needed: `{b}` passes; remove it",
        "{1} の抑制は不要です: `{2}` は成功しています。抑制を削除してください",
    ),
    (
        "the suppression of `{b}` at {v} expired on {v}; the finding counts again (reason given: {*})",
        "{2} にある `{1}` の抑制は {3} に期限が切れたため、検出結果は再び数えられます（記載された理由: {4}）",
    ),
    // --- Texts the test inputs do not reach (found by reading the core's `format!`s)
    (
        "`{b}` allows IMDSv1: `{b}` is `{b}`",
        "`{1}` は IMDSv1 を許可しています: `{2}` が `{3}` です",
    ),
    (
        "`{b}` leaves `{b}` unset, so its instances get Auto Scaling's default `{b}`",
        "`{1}` は `{2}` を設定していないため、そのインスタンスには Auto Scaling のデフォルト `{3}` が適用されます",
    ),
    (
        "`{b}` leaves `{b}` unset, so its instances get Auto Scaling's default {v}",
        "`{1}` は `{2}` を設定していないため、そのインスタンスには Auto Scaling のデフォルト {3} が適用されます",
    ),
    (
        "cannot tell whether `{b}` requires IMDSv2: {}",
        "`{1}` が IMDSv2 を必須にしているか判断できません: {2}",
    ),
    (
        "cannot tell whether the default version ({}) requires IMDSv2: {}",
        "デフォルトバージョン（{1}）が IMDSv2 を必須にしているか判断できません: {2}",
    ),
    (
        "cannot tell the hop limit of `{b}`: {}",
        "`{1}` のホップ制限が判断できません: {2}",
    ),
    (
        "`{b}` refers to `{b}`, which is not in this input",
        "`{1}` が参照する `{2}` はこの入力にありません",
    ),
    (
        "the launch template version is not known before apply ({})",
        "起動テンプレートのバージョンが apply 前には分かりません（{1}）",
    ),
    (
        "the launch configuration is not known before apply",
        "起動設定が apply 前には分かりません",
    ),
    (
        "`{b}` of `{b}` after this plan is a version whose metadata options the plan does not show (set `{b}`)",
        "この plan の後の `{2}` の `{1}` は、plan にメタデータオプションが示されていないバージョンです（`{3}` を設定してください）",
    ),
    (
        "the input does not say which version {} of `{b}` is (add `{b}` output, which names the default and latest versions)",
        "`{2}` の {1} がどのバージョンか入力からは分かりません（デフォルトと最新のバージョンが分かる `{3}` の出力を加えてください）",
    ),
    (
        "the account enforces IMDSv2 in this region (`{b}`); what that does to an instance already running with `{b}` is not confirmed by AWS's documentation",
        "このリージョンではアカウントが IMDSv2 を強制しています（`{1}`）。`{2}` で実行中のインスタンスにそれがどう作用するかは、AWS のドキュメントで確認できていません",
    ),
    (
        "the account enforces IMDSv2 in this region (`{b}` (managed by `{b}`)); what that does to an instance already running with `{b}` is not confirmed by AWS's documentation",
        "このリージョンではアカウントが IMDSv2 を強制しています（`{1}`、`{2}` が管理）。`{3}` で実行中のインスタンスにそれがどう作用するかは、AWS のドキュメントで確認できていません",
    ),
    (
        "the account enforces IMDSv2 in this region (`{b}`): a launch that asks for IMDSv1 fails, so these launches fail rather than start with IMDSv1 until the setting is fixed",
        "このリージョンではアカウントが IMDSv2 を強制しています（`{1}`）: IMDSv1 を求める起動は失敗するため、設定が直るまで、これらの起動は IMDSv1 で始まるのではなく失敗します",
    ),
    (
        "the account enforces IMDSv2 in this region (`{b}` (managed by `{b}`)): a launch that asks for IMDSv1 fails, so these launches fail rather than start with IMDSv1 until the setting is fixed",
        "このリージョンではアカウントが IMDSv2 を強制しています（`{1}`、`{2}` が管理）: IMDSv1 を求める起動は失敗するため、設定が直るまで、これらの起動は IMDSv1 で始まるのではなく失敗します",
    ),
    (
        "hop limit {v}: launch template `{b}` is used by EKS node group `{b}`, whose pods reach IMDS through one more network hop",
        "ホップ制限 {1}: 起動テンプレート `{2}` は EKS ノードグループ `{3}` が使っており、その Pod はネットワークホップを 1 つ多く経由して IMDS に到達します",
    ),
    (
        "replaces the hop limit {v} it sets, which AWS rejects (it accepts 1 to 64), with {v}",
        "設定されているホップ制限 {1} は AWS が受け付けない値（1 から 64 まで）なので、{2} に置き換えます",
    ),
    (
        "It belongs to Auto Scaling group `{b}`, which launches launch template `{b}` ({}) with `{b}`: a replacement instance requires IMDSv2",
        "Auto Scaling グループ `{1}` に属しており、そのグループは `{4}` の起動テンプレート `{2}`（{3}）から起動します: 置き換えのインスタンスは IMDSv2 が必須です",
    ),
    (
        "{v} block of the input was not found in the source given with `{b}`, so its findings point at the input file: {*}",
        "入力のブロック {1} 件が `{2}` で与えられたソースに見つからないため、その検出結果は入力ファイルを指しています: {3}",
    ),
    (
        "{v} blocks of the input were not found in the source given with `{b}`, so their findings point at the input file: {*}",
        "入力のブロック {1} 件が `{2}` で与えられたソースに見つからないため、それらの検出結果は入力ファイルを指しています: {3}",
    ),
    (
        "the suppression at {v} expires on {v}, but today's date is not known, so it does not apply",
        "{1} の抑制は {2} に期限が切れますが、今日の日付が分からないため適用されません",
    ),
    (
        "the suppression at the ignore entry for `{b}` expired on {v}, so it no longer applies",
        "`{1}` の抑制エントリは {2} に期限が切れたため、もう適用されません",
    ),
    (
        "the suppression at the ignore entry for `{b}` expires on {v}, but today's date is not known, so it does not apply",
        "`{1}` の抑制エントリは {2} に期限が切れますが、今日の日付が分からないため適用されません",
    ),
    (
        "the suppression of `{b}` at the ignore entry for `{b}` expired on {v}; the finding counts again (reason given: {*})",
        "`{2}` の抑制エントリ（`{1}`）は {3} に期限が切れたため、検出結果は再び数えられます（記載された理由: {4}）",
    ),
    (
        "the suppression of `{b}` at {v} has an expiry date and this host has no clock; pass `{b}` in the options",
        "{2} にある `{1}` の抑制には有効期限がありますが、このホストには時計がありません。オプションで `{3}` を指定してください",
    ),
    (
        "the suppression of `{b}` at the ignore entry for `{b}` has an expiry date and this host has no clock; pass `{b}` in the options",
        "`{2}` の抑制エントリ（`{1}`）には有効期限がありますが、このホストには時計がありません。オプションで `{3}` を指定してください",
    ),
    (
        "the suppression at {v} matches no finding: nothing named `{b}` is judged in this input",
        "{1} の抑制はどの検出結果にも一致しません: この入力では `{2}` という名前のものは判定されていません",
    ),
    (
        "the suppression at the ignore entry for `{b}` matches no finding: nothing named `{b}` is judged in this input",
        "`{1}` の抑制エントリはどの検出結果にも一致しません: この入力では `{2}` という名前のものは判定されていません",
    ),
    (
        "the suppression at the ignore entry for `{b}` is not needed: `{b}` passes; remove it",
        "`{1}` の抑制エントリは不要です: `{2}` は成功しています。抑制を削除してください",
    ),
    (
        "the suppression at {v} is not on a resource: put it on the comment lines directly above the resource, or inside its block",
        "{1} の抑制はリソースに付いていません: リソースの直前のコメント行か、そのブロックの中に書いてください",
    ),
    (
        "the input holds hashicorp/setup-terraform's wrapper output (a `{b}` line or `{b}` lines) around the JSON; the JSON was read. Turn the wrapper off with `{b}` in the setup-terraform step, or call `{b}`, so the saved file is plain JSON",
        "入力には JSON の前後に hashicorp/setup-terraform のラッパーの出力（`{1}` 行や `{2}` 行）があります。JSON は読み取りました。setup-terraform ステップで `{3}` としてラッパーを無効にするか、`{4}` を呼び出して、保存するファイルを JSON だけにしてください",
    ),
    (
        "`{b}` output names no account or region, and the other documents name several: its defaults join no subject. Check one account and region per run",
        "`{1}` の出力にはアカウントもリージョンもなく、他のドキュメントには複数あるため、そのデフォルトはどの対象にも結び付きません。1 回の実行では 1 つのアカウントとリージョンをチェックしてください",
    ),
    (
        "`{b}` is {}, not a string, which Terraform never writes for it",
        "`{1}` が文字列ではなく{2}です。Terraform がここに書くことはありません",
    ),
    (
        "`{b}` is {}, not a whole number",
        "`{1}` が整数ではなく{2}です",
    ),
    ("a bool", "真偽値"),
    ("a number", "数値"),
    ("a string", "文字列"),
    ("an array or an object", "配列かオブジェクト"),
    (
        "`{b}` is set by an expression whose value is known only after apply",
        "`{1}` は apply 後にしか値が分からない式で設定されています",
    ),
    (
        "the region of provider `{b}` comes from `{b}`",
        "プロバイダー `{1}` のリージョンは `{2}` から来ています",
    ),
    (
        "the region of provider `{b}` cannot be known from source: {}",
        "プロバイダー `{1}` のリージョンはソースからは分かりません: {2}",
    ),
    (
        "the `{b}` or `{b}` of `{b}` cannot be known from source: {}",
        "`{3}` の `{1}` や `{2}` はソースからは分かりません: {4}",
    ),
    (
        "`{b}` cannot be known from source: {}",
        "`{1}` はソースからは分かりません: {2}",
    ),
    (
        "`{b}` has no default and no value in a `{b}` file this tool read",
        "`{1}` にはデフォルトがなく、このツールが読んだ `{2}` ファイルにも値がありません",
    ),
    (
        "Amazon EMR launches this instance group's instances with metadata options of its own, which are not in this input",
        "Amazon EMR はこのインスタンスグループのインスタンスを独自のメタデータオプションで起動します。その設定はこの入力にありません",
    ),
    (
        "Amazon EMR launches this instance fleet's instances with metadata options of its own, which are not in this input",
        "Amazon EMR はこのインスタンスフリートのインスタンスを独自のメタデータオプションで起動します。その設定はこの入力にありません",
    ),
    (
        "AWS Cloud9 launches this environment's instance with metadata options of its own, which are not in this input",
        "AWS Cloud9 はこの環境のインスタンスを独自のメタデータオプションで起動します。その設定はこの入力にありません",
    ),
    (
        "AWS OpsWorks launches this instance with metadata options of its own, which are not in this input",
        "AWS OpsWorks はこのインスタンスを独自のメタデータオプションで起動します。その設定はこの入力にありません",
    ),
    (
        "check the instances live (`{b}`), then suppress this finding with a reason once they require IMDSv2",
        "インスタンスを実機で確認し（`{1}`）、IMDSv2 が必須になったら理由を付けてこの検出結果を抑制してください",
    ),
    (
        "require IMDSv2 on the instance live (`{b}`), then suppress this finding with that reason",
        "実行中のインスタンスで IMDSv2 を必須にし（`{1}`）、その理由を付けてこの検出結果を抑制してください",
    ),
    (
        "`{b}` ({}) nests modules {v} deep, which this tool takes for a cycle; check a plan instead",
        "`{1}`（{2}）はモジュールを {3} 段入れ子にしており、このツールは循環とみなします。代わりに plan をチェックしてください",
    ),
    (
        "`{b}` ({}) is not on disk, so the instances it may launch were not read: run `{b}` (which puts it under `{b}`) and check again, or check a plan (`{b}`)",
        "`{1}`（{2}）がディスクにないため、それが起動しうるインスタンスを読めませんでした: `{3}` を実行して（`{4}` の下に置かれます）もう一度チェックするか、plan（`{5}`）をチェックしてください",
    ),
    ("source `{b}`", "source `{1}`"),
    (
        "a `{b}` that is not a literal string",
        "リテラル文字列でない `{1}`",
    ),
    (
        "`{b}` (source `{b}`) calls a directory whose `{b}` files were not given (`{b}`), so the instances it may launch were not read: check the directory that holds both, or a plan (`{b}`)",
        "`{1}`（source `{2}`）が呼び出すディレクトリの `{3}` ファイルが与えられていない（`{4}`）ため、それが起動しうるインスタンスを読めませんでした: 両方を含むディレクトリか plan（`{5}`）をチェックしてください",
    ),
    (
        "`{b}` ({}) calls a directory whose `{b}` files were not given (`{b}`), so the instances it may launch were not read: check the directory that holds both, or a plan (`{b}`)",
        "`{1}`（{2}）が呼び出すディレクトリの `{3}` ファイルが与えられていない（`{4}`）ため、それが起動しうるインスタンスを読めませんでした: 両方を含むディレクトリか plan（`{5}`）をチェックしてください",
    ),
    (
        "`{b}` is set by `{b}` to `{b}`: {}",
        "`{1}` は `{2}` によって `{3}` に設定されています: {4}",
    ),
    ("`{b}` is not a number", "`{1}` は数値ではありません"),
    (
        "`{b}` makes {v} instances, more than the {v} this tool expands",
        "`{1}` はインスタンスを {2} 個作り、このツールが展開する {3} 個を超えます",
    ),
    (
        "`{b}` holds values that are not strings",
        "`{1}` には文字列でない値があります",
    ),
    (
        "`{b}` is not a map or a set",
        "`{1}` はマップでもセットでもありません",
    ),
    (
        "`{b}` is set to a value that is not a string",
        "`{1}` に文字列でない値が設定されています",
    ),
    (
        "`{b}` is set to a value that is not a number",
        "`{1}` に数値でない値が設定されています",
    ),
    (
        "the `{b}` block of `{b}` has no `{b}`",
        "`{2}` の `{1}` ブロックに `{3}` がありません",
    ),
    (
        "the `{b}` of `{b}` in `{b}` is `{b}`, not a collection",
        "`{3}` の `{2}` の `{1}` は `{4}` で、コレクションではありません",
    ),
    (
        "the launch template id is known only after apply",
        "起動テンプレートの ID は apply 後にしか分かりません",
    ),
    (
        "the AMI id is known only after apply",
        "AMI の ID は apply 後にしか分かりません",
    ),
    // Why a value cannot be known from source (src/read/source/eval.rs).
    (
        "`{b}` refers to itself through locals",
        "`{1}` は locals を通じて自身を参照しています",
    ),
    (
        "`{b}` is not a number this tool reads",
        "`{1}` はこのツールが読める数値ではありません",
    ),
    (
        "the object key `{b}` is not a string",
        "オブジェクトのキー `{1}` が文字列ではありません",
    ),
    (
        "`{b}` is a heredoc, which this tool does not evaluate",
        "`{1}` はヒアドキュメントで、このツールは評価しません",
    ),
    (
        "`{b}` is not a value source alone can know",
        "`{1}` はソースだけでは分からない値です",
    ),
    (
        "the condition of `{b}` is a {v}, not a bool",
        "`{1}` の条件が真偽値ではなく {2} です",
    ),
    (
        "`{b}` applies an operator to a value of the wrong type",
        "`{1}` は型の合わない値に演算子を適用しています",
    ),
    (
        "`{b}` applies `{b}` to a {v} and a {v}",
        "`{1}` は {3} と {4} に `{2}` を適用しています",
    ),
    (
        "`{b}` is a `{b}` expression, which this tool does not evaluate",
        "`{1}` は `{2}` 式で、このツールは評価しません",
    ),
    (
        "`{b}` interpolates a value that is not a string",
        "`{1}` は文字列でない値を埋め込んでいます",
    ),
    (
        "`{b}` holds a template directive, which this tool does not evaluate",
        "`{1}` にはテンプレートディレクティブがあり、このツールは評価しません",
    ),
    (
        "`{b}` is not declared in this configuration",
        "`{1}` はこの設定で宣言されていません",
    ),
    (
        "`{b}` is not defined in this configuration",
        "`{1}` はこの設定で定義されていません",
    ),
    (
        "`{b}` differs per instance of a `{b}` or `{b}` resource",
        "`{1}` は `{2}` や `{3}` のリソースのインスタンスごとに異なります",
    ),
    (
        "`{b}` is read from the provider when Terraform plans",
        "`{1}` は Terraform が plan するときにプロバイダーから読まれます",
    ),
    (
        "`{b}` is not a module output this tool can read",
        "`{1}` はこのツールが読めるモジュールの出力ではありません",
    ),
    (
        "`{b}` is known only to Terraform",
        "`{1}` は Terraform にしか分かりません",
    ),
    (
        "`{b}` is an output of `{b}`, which was not read",
        "`{1}` は読まれなかった `{2}` の出力です",
    ),
    (
        "`{b}` reads every instance of `{b}` at once, which this tool does not evaluate",
        "`{1}` は `{2}` のすべてのインスタンスを一度に読み、このツールはそれを評価しません",
    ),
    (
        "`{b}` names an instance `{b}` does not have",
        "`{1}` は `{2}` にないインスタンスを指しています",
    ),
    (
        "`{b}` reads `{b}` as a whole, which this tool does not evaluate",
        "`{1}` は `{2}` を丸ごと読み、このツールはそれを評価しません",
    ),
    (
        "`{b}` is an output of `{b}`: {}",
        "`{1}` は `{2}` の出力です: {3}",
    ),
    (
        "`{b}` names an output `{b}` does not declare",
        "`{1}` は `{2}` が宣言していない出力を指しています",
    ),
    (
        "`{b}` names an attribute the value does not have",
        "`{1}` は値にない属性を指しています",
    ),
    (
        "`{b}` indexes past the value",
        "`{1}` は値の範囲外を参照しています",
    ),
    (
        "`{b}` indexes past the list",
        "`{1}` はリストの範囲外を参照しています",
    ),
    (
        "`{b}` is a traversal this tool does not evaluate",
        "`{1}` はこのツールが評価しない参照です",
    ),
    (
        "`{b}` calls `{b}`, which this tool does not evaluate",
        "`{1}` は `{2}` を呼び出しており、このツールはそれを評価しません",
    ),
    ("`{b}` has too few arguments", "`{1}` の引数が足りません"),
    (
        "`{b}` needs a string argument",
        "`{1}` には文字列の引数が必要です",
    ),
    (
        "`{b}` changes the case of text outside ASCII",
        "`{1}` は ASCII 以外の文字の大文字・小文字を変えます",
    ),
    ("`{b}` is not a bool", "`{1}` は真偽値ではありません"),
    (
        "`{b}` has no non-empty argument",
        "`{1}` には空でない引数がありません",
    ),
    (
        "`{b}` looks up a key the map does not have",
        "`{1}` はマップにないキーを参照しています",
    ),
    (
        "`{b}` takes the length of a value that has none",
        "`{1}` は長さのない値の長さを求めています",
    ),
    (
        "`{b}` merges a value that is not an object",
        "`{1}` はオブジェクトでない値をマージしています",
    ),
    (
        "`{b}` joins a value that is not a list",
        "`{1}` はリストでない値を連結しています",
    ),
    (
        "`{b}` makes a set of values that are not strings",
        "`{1}` は文字列でない値のセットを作っています",
    ),
    // --- Joints, last
    ("{}. Note: {}", "{1}。注: {2}"),
    ("{}; {}", "{1}。{2}"),
    ("{}. {}", "{1}。{2}"),
    ("{}, {}", "{1}、{2}"),
];

/// One piece of an English template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'t> {
    Lit(&'t str),
    /// Translated in turn.
    Text,
    /// A backquoted span's content.
    Code,
    /// One word.
    Word,
    /// Anything, kept.
    Any,
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        let hole = [
            ("{}", Piece::Text),
            ("{b}", Piece::Code),
            ("{v}", Piece::Word),
            ("{*}", Piece::Any),
        ]
        .into_iter()
        .filter_map(|(h, p)| rest.find(h).map(|i| (i, h.len(), p)))
        .min_by_key(|(i, _, _)| *i);
        match hole {
            Some((i, len, p)) => {
                if let Some(lit) = rest.get(..i).filter(|l| !l.is_empty()) {
                    out.push(Piece::Lit(lit));
                }
                out.push(p);
                rest = rest.get(i + len..).unwrap_or_default();
            }
            None => {
                out.push(Piece::Lit(rest));
                rest = "";
            }
        }
    }
    out
}

/// Translates report texts, remembering what it has translated (reports repeat the same
/// sentences across thousands of findings).
pub struct Translator {
    /// Shared, so that matching (which fills `memo`) can walk it without copying it.
    templates: std::rc::Rc<[(Vec<Piece<'static>>, &'static str)]>,
    memo: BTreeMap<String, Option<String>>,
}

impl Default for Translator {
    fn default() -> Self {
        Translator::new()
    }
}

/// How deep joints may nest: far beyond any message the core writes, and a bound on the work.
const MAX_DEPTH: usize = 12;

impl Translator {
    pub fn new() -> Translator {
        Translator {
            templates: CATALOGUE
                .iter()
                .map(|(en, ja)| (pieces(en), *ja))
                .collect::<Vec<_>>()
                .into(),
            memo: BTreeMap::new(),
        }
    }

    /// The Japanese of `text`, or `None` when the catalogue does not cover it.
    pub fn translate(&mut self, text: &str) -> Option<String> {
        self.at_depth(text, 0)
    }

    /// `text` in Japanese, or as it is when the catalogue does not cover it (text the user
    /// wrote, or a message newer than the catalogue: English is better than nothing).
    pub fn or_keep(&mut self, text: &str) -> String {
        self.translate(text).unwrap_or_else(|| text.to_owned())
    }

    fn at_depth(&mut self, text: &str, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH || text.is_empty() {
            return None;
        }
        if let Some(hit) = self.memo.get(text) {
            return hit.clone();
        }
        let mut found = None;
        let templates = std::rc::Rc::clone(&self.templates);
        for (pieces, ja) in templates.iter() {
            let mut holes = Vec::new();
            if self.matches(pieces, text, depth, &mut holes) {
                found = Some(fill(ja, &holes));
                break;
            }
        }
        self.memo.insert(text.to_owned(), found.clone());
        found
    }

    /// Whether `text` is `pieces`, with the holes' values (translated where they are text)
    /// pushed onto `holes`.
    fn matches(
        &mut self,
        pieces: &[Piece<'_>],
        text: &str,
        depth: usize,
        holes: &mut Vec<String>,
    ) -> bool {
        let Some((first, rest)) = pieces.split_first() else {
            return text.is_empty();
        };
        match first {
            Piece::Lit(l) => text
                .strip_prefix(l)
                .is_some_and(|t| self.matches(rest, t, depth, holes)),
            hole => {
                // Where the hole may end: before each occurrence of the next literal, or at the
                // end when the template ends.
                let ends: Vec<usize> = match rest.first() {
                    None => vec![text.len()],
                    Some(Piece::Lit(next)) => text.match_indices(next).map(|(i, _)| i).collect(),
                    // Two holes in a row are not in the catalogue.
                    Some(_) => Vec::new(),
                };
                for end in ends {
                    let (Some(value), Some(after)) = (text.get(..end), text.get(end..)) else {
                        continue;
                    };
                    // A backquoted span ends at the first backquote: no later end can do.
                    if *hole == Piece::Code && value.contains('`') {
                        break;
                    }
                    let ok = match hole {
                        Piece::Code => true,
                        Piece::Word => !value.is_empty() && !value.contains(char::is_whitespace),
                        _ => !value.is_empty(),
                    };
                    if !ok {
                        continue;
                    }
                    let filled = if *hole == Piece::Text {
                        match self.at_depth(value, depth + 1) {
                            Some(t) => t,
                            None => continue,
                        }
                    } else {
                        value.to_owned()
                    };
                    let mark = holes.len();
                    holes.push(filled);
                    if self.matches(rest, after, depth, holes) {
                        return true;
                    }
                    holes.truncate(mark);
                }
                false
            }
        }
    }

    /// The report with its texts in Japanese: finding messages, remediation summaries, notes
    /// and reasons, and report notes. What the user wrote (suppression reasons), codes,
    /// addresses and fixes stay as they are.
    pub fn report(&mut self, report: &Report) -> Report {
        let mut r = report.clone();
        for f in &mut r.findings {
            f.message = self.or_keep(&f.message);
            if let Some(rem) = f.remediation.as_mut() {
                rem.summary = self.or_keep(&rem.summary);
                for n in &mut rem.notes {
                    *n = self.or_keep(n);
                }
                for p in rem.terraform.iter_mut().chain(rem.alternatives.iter_mut()) {
                    p.reason = self.or_keep(&p.reason);
                }
            }
        }
        for n in &mut r.notes {
            n.message = self.or_keep(&n.message);
        }
        r
    }
}

/// `ja` with `{1}`, `{2}`, ... replaced by the holes' values.
fn fill(ja: &str, holes: &[String]) -> String {
    let mut out = String::with_capacity(ja.len() + holes.iter().map(String::len).sum::<usize>());
    let mut rest = ja;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        let close = after.find('}');
        let n = close
            .and_then(|c| after.get(..c))
            .and_then(|d| d.parse::<usize>().ok());
        match (n, close) {
            (Some(n), Some(c)) => {
                out.push_str(
                    n.checked_sub(1)
                        .and_then(|i| holes.get(i))
                        .map(String::as_str)
                        .unwrap_or_default(),
                );
                rest = after.get(c + 1..).unwrap_or_default();
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The report as `lang` reads it: itself for English.
pub fn localize(report: &Report, lang: Lang) -> std::borrow::Cow<'_, Report> {
    match lang {
        Lang::En => std::borrow::Cow::Borrowed(report),
        Lang::Ja => std::borrow::Cow::Owned(Translator::new().report(report)),
    }
}

/// A policy's title and description as `lang` reads them (SARIF rules print them). Security
/// Hub's own Japanese titles where AWS publishes them.
pub fn policy_title<'p>(id: &str, english: &'p str, lang: Lang) -> &'p str {
    if lang == Lang::En {
        return english;
    }
    match id {
        "EC2.8" => {
            "EC2 インスタンスは、インスタンスメタデータサービスバージョン 2 (IMDSv2) を使用することをお勧めします"
        }
        "EC2.170" => {
            "EC2 起動テンプレートは、インスタンスメタデータサービスバージョン 2 (IMDSv2) を使用する必要があります"
        }
        "AutoScaling.3" => {
            "Auto Scaling グループの起動設定は、インスタンスメタデータサービスバージョン 2 (IMDSv2) を必須とするように EC2 インスタンスを設定する必要があります"
        }
        "AutoScaling.4" => {
            "Auto Scaling グループの起動設定では、メタデータのレスポンスホップ制限が 1 より大きくならないようにする必要があります"
        }
        _ => english,
    }
}

pub fn policy_description<'p>(id: &str, english: &'p str, lang: Lang) -> &'p str {
    if lang == Lang::En {
        return english;
    }
    match id {
        "EC2.8" => {
            "リソースが起動するインスタンスで IMDSv2 が必須かどうかをチェックします。実際に適用される `HttpTokens` が `required` ならコントロールは成功し、`optional` なら失敗します。適用される値は、インスタンス自身のメタデータオプション、起動テンプレートのバージョン、リージョンのアカウントのデフォルト、`ImdsSupport = v2.0` の AMI、EC2 のデフォルト（`optional`）のうち、最初に設定されているものです。"
        }
        "EC2.170" => {
            "各起動テンプレートのデフォルトバージョンをチェックします。メタデータオプションで `HttpTokens` が `required` ならコントロールは成功し、`optional` または未設定なら失敗します。判定するのはテンプレートだけで、アカウントのデフォルトや AMI は見ません: 使われているかどうかにかかわらず、次のフリートはテンプレートから起動するからです。"
        }
        "AutoScaling.3" => {
            "各起動設定をチェックします。メタデータオプションで `HttpTokens` が `required` ならコントロールは成功し、`optional` または未設定なら失敗します（Auto Scaling のデフォルトは `optional`）。"
        }
        "AutoScaling.4" => {
            "各起動設定のメタデータのレスポンスホップ制限をチェックします。1 または未設定ならコントロールは成功し（Auto Scaling のデフォルトは 1）、1 より大きければ失敗します。"
        }
        _ => english,
    }
}

pub fn policy_rationale<'p>(id: &str, english: &'p str, lang: Lang) -> &'p str {
    if lang == Lang::En {
        return english;
    }
    match id {
        "EC2.8" => {
            "IMDSv1 は単純な GET リクエストにも応答します。インスタンス上のアプリケーションにサーバーサイドリクエストフォージェリ (SSRF) があったり、プロキシの設定を誤っていたりすると、インスタンスロールの一時的な認証情報を読まれてしまいます。IMDSv2 では PUT リクエストで取得するセッショントークンが必要で、そうした偽造リクエストでは通常これを取得できません。さらにホップ制限を 1 にすると、トークンはインスタンスの外に出ません。"
        }
        "EC2.170" => {
            "IMDSv1 を許可するテンプレートから起動したインスタンス、Auto Scaling グループ、EKS ノードグループ、フリートはどれも、サーバーサイドリクエストフォージェリ (SSRF) でインスタンスロールの認証情報を読まれるおそれがあります。テンプレートで IMDSv2 を必須にすれば、今後の起動がすべて一度に修正されます。"
        }
        "AutoScaling.3" => {
            "IMDSv1 を許可する起動設定から起動したインスタンスは、ロールの認証情報を求める単純な GET リクエストに応答します。このリクエストはサーバーサイドリクエストフォージェリ (SSRF) で送れてしまいます。"
        }
        "AutoScaling.4" => {
            "ホップ制限が 1 なら、IMDSv2 のセッショントークンはインスタンス自身のネットワークスタックの外に出られないため、コンテナや転送されたリクエストはそれを使えません。制限を上げると、インスタンス上のコンテナが IMDS に到達できるようになります。"
        }
        _ => english,
    }
}

/// The fixed words of the writers.
pub struct Words {
    pub resource: &'static str,
    pub control: &'static str,
    pub layer: &'static str,
    pub reason_heading: &'static str,
    pub at: &'static str,
    pub fix_in: &'static str,
    pub fix: &'static str,
    pub note: &'static str,
    pub reason: &'static str,
    pub suppressed_heading: &'static str,
}

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &Words {
            resource: "RESOURCE",
            control: "CONTROL",
            layer: "LAYER",
            reason_heading: "REASON",
            at: "at",
            fix_in: "fix in",
            fix: "fix:",
            note: "note:",
            reason: "reason:",
            suppressed_heading: "SUPPRESSED",
        },
        Lang::Ja => &Words {
            resource: "リソース",
            control: "コントロール",
            layer: "レイヤー",
            reason_heading: "理由",
            at: "場所",
            fix_in: "修正箇所",
            fix: "修正:",
            note: "注:",
            reason: "理由:",
            suppressed_heading: "抑制",
        },
    }
}

/// A status as a heading or a word in running text.
pub fn status_word(status: Status, lang: Lang) -> &'static str {
    match (lang, status) {
        (Lang::En, Status::Fail) => "fail",
        (Lang::En, Status::Unknown) => "unknown",
        (Lang::En, Status::Pass) => "pass",
        (Lang::Ja, Status::Fail) => "失敗",
        (Lang::Ja, Status::Unknown) => "不明",
        (Lang::Ja, Status::Pass) => "成功",
    }
}

/// A status as the text table's heading of its rows.
pub fn status_heading(status: Status, lang: Lang) -> &'static str {
    match (lang, status) {
        (Lang::En, Status::Fail) => "FAIL",
        (Lang::En, Status::Unknown) => "UNKNOWN",
        (Lang::En, Status::Pass) => "PASS",
        (Lang::Ja, s) => status_word(s, Lang::Ja),
    }
}

pub fn verdict_word(verdict: Verdict, lang: Lang) -> &'static str {
    match verdict {
        Verdict::Pass => status_word(Status::Pass, lang),
        Verdict::Fail => status_word(Status::Fail, lang),
    }
}

/// `N fail, N unknown, N pass[, N suppressed]`: the counts of the summary lines.
pub fn counts(s: &crate::report::model::Summary, lang: Lang) -> String {
    match lang {
        Lang::En => {
            let mut out = format!("{} fail, {} unknown, {} pass", s.fail, s.unknown, s.pass);
            if s.suppressed > 0 {
                out.push_str(&format!(", {} suppressed", s.suppressed));
            }
            out
        }
        Lang::Ja => {
            let mut out = format!("失敗 {}、不明 {}、成功 {}", s.fail, s.unknown, s.pass);
            if s.suppressed > 0 {
                out.push_str(&format!("、抑制 {}", s.suppressed));
            }
            out
        }
    }
}

/// `N subject(s)`.
pub fn subjects(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{n} subject{}", if n == 1 { "" } else { "s" }),
        Lang::Ja => format!("対象 {n} 件"),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn nested_holes_are_translated_and_code_is_kept() {
        let mut t = Translator::new();
        assert_eq!(
            t.translate("IMDSv1 is reachable: nothing sets `http_tokens` (unset in the resource, launch template `aws_launch_template.app`), so EC2's default `optional` applies").unwrap(),
            "IMDSv1 が使える状態です: `http_tokens` を設定しているものがありません（未設定: リソース、起動テンプレート `aws_launch_template.app`）。そのため EC2 のデフォルト `optional` が適用されます"
        );
        assert_eq!(t.translate("nothing here is in the catalogue"), None);
        // A backquoted hole never spans a backquote.
        assert_eq!(t.translate("`a` sets `b` `c`"), None);
    }

    /// Texts no test input reaches, written out as the core writes them.
    #[test]
    fn texts_beyond_the_test_inputs_are_covered() {
        let mut t = Translator::new();
        for en in [
            "cannot tell whether IMDSv2 is required: `module.app` (a `source` that is not a literal string) nests modules 24 deep, which this tool takes for a cycle; check a plan instead",
            "cannot tell from the source alone whether IMDSv2 is required: `aws_instance.x` cannot be known from source: `local.a` refers to itself through locals",
            "IMDSv1 is reachable: nothing sets `http_tokens`, so EC2's default `optional` applies. Note: the suppression at the ignore entry for `aws_instance.x` expires on 2026-01-01, but today's date is not known, so it does not apply",
            "cannot tell the hop limit of `aws_launch_configuration.lc`: `metadata_options.0.http_put_response_hop_limit` is a string, not a whole number",
            "1 block of the input was not found in the source given with `--source`, so its findings point at the input file: aws_instance.web",
            "the account enforces IMDSv2 in this region (`HttpTokensEnforced` (managed by `aws_ec2_instance_metadata_defaults.this`)): a launch that asks for IMDSv1 fails, so these launches fail rather than start with IMDSv1 until the setting is fixed",
        ] {
            let ja = t.translate(en);
            assert!(ja.is_some(), "{en}");
        }
    }

    #[test]
    fn locale_order_is_posix() {
        assert_eq!(
            Lang::from_locale(Some("C"), Some("ja_JP.UTF-8"), None),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(Some(""), Some("ja_JP.UTF-8"), None),
            Lang::Ja
        );
        assert_eq!(Lang::from_locale(None, None, Some("ja")), Lang::Ja);
        assert_eq!(Lang::from_locale(None, None, Some("jav_ID")), Lang::En);
        assert_eq!(Lang::from_locale(None, None, None), Lang::En);
    }

    #[test]
    fn fill_takes_holes_in_any_order() {
        assert_eq!(
            fill("{2} の {1}", &["a".to_owned(), "b".to_owned()]),
            "b の a"
        );
    }
}
