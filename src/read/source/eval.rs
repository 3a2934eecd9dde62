//! What source alone can settle: literals, variables with a default or a `.tfvars` value,
//! locals built from those, and the plain operators and functions over them. Anything else
//! (a resource attribute, a data source, `each`/`count`, a module output, a function this
//! module does not know) is unknown, with the expression named in the reason.

use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::template::{Element, Template};
use std::collections::BTreeMap;

/// A value HCL can write down.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Object(BTreeMap<String, Value>),
    /// An element of a list or object that source alone cannot know (why): the container's
    /// other elements, and its keys, stay known. Never the value of a whole expression:
    /// reading it gives `Err(Unknown)`.
    Unknown(String),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// An integer, from a number or a string of digits (Terraform converts either way).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            #[expect(
                clippy::cast_possible_truncation,
                reason = "checked to be integral and in range"
            )]
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(*n as i64),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The string Terraform would convert a primitive to.
    pub fn to_text(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(number_text(*n)),
            _ => None,
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Object(_) => "object",
            Value::Unknown(_) => "unknown value",
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// Why a value cannot be known from source; one clause naming the expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown(pub String);

pub type Eval = Result<Value, Unknown>;

/// The expression as written, on one line and cut short, for messages.
pub fn show(e: &Expression) -> String {
    let text = e.to_string();
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 60 {
        let cut: String = one.chars().take(57).collect();
        format!("{cut}...")
    } else {
        one
    }
}

/// A variable: its default, and the value a `.tfvars` file or a module call gives it (which
/// wins).
#[derive(Debug, Clone, Default)]
pub struct Variable {
    pub default: Option<Expression>,
    /// The value and where it comes from (`terraform.tfvars:3`, or the module call).
    pub value: Option<(Value, String)>,
    /// Set when a module call passes a value source alone cannot know: why.
    pub unknown: Option<String>,
    /// The resources (absolute addresses) the module call's argument refers to.
    pub refs: Vec<String>,
}

/// What a module call's outputs are, as its caller sees them: one set of outputs, or one per
/// instance key of a `count` / `for_each` call.
#[derive(Debug, Clone, Default)]
pub struct CallOutputs {
    pub keyed: bool,
    /// By instance key (`""` for a call without `count` or `for_each`), then output name.
    pub instances: BTreeMap<String, BTreeMap<String, Eval>>,
    /// The resources (absolute addresses) each output refers to, over every instance.
    pub refs: BTreeMap<String, Vec<String>>,
}

/// The names an expression can use: the module's variables and locals, a `dynamic` block's
/// iterator, the instance's `count.index` / `each`, and the outputs of the module calls.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub variables: &'a BTreeMap<String, Variable>,
    pub locals: &'a BTreeMap<String, Expression>,
    /// `(name, key, value)` of the iterator of the `dynamic` block being read.
    pub iterator: Option<(&'a str, &'a Value, &'a Value)>,
    /// `count.index` of the resource or module instance being read.
    pub count: Option<i64>,
    /// `each.key` and `each.value` of the instance being read.
    pub each: Option<(&'a Value, &'a Value)>,
    pub calls: &'a BTreeMap<String, CallOutputs>,
    /// The module instance's address with a final dot (`module.a["k"].`), `""` at the root:
    /// references are made absolute with it.
    pub prefix: &'a str,
}

impl<'a> Scope<'a> {
    /// A scope over a module's names alone.
    pub fn new(
        variables: &'a BTreeMap<String, Variable>,
        locals: &'a BTreeMap<String, Expression>,
        calls: &'a BTreeMap<String, CallOutputs>,
        prefix: &'a str,
    ) -> Self {
        Scope {
            variables,
            locals,
            iterator: None,
            count: None,
            each: None,
            calls,
            prefix,
        }
    }
}

const MAX_DEPTH: usize = 32;

impl Scope<'_> {
    pub fn eval(&self, e: &Expression) -> Eval {
        self.eval_at(e, 0)
    }

    /// An expression's value; an unknown element read on its own is unknown.
    fn eval_at(&self, e: &Expression, depth: usize) -> Eval {
        match self.eval_inner(e, depth)? {
            Value::Unknown(why) => Err(Unknown(why)),
            v => Ok(v),
        }
    }

    /// An element of a list or object: kept as `Value::Unknown` when it cannot be known.
    fn element(&self, e: &Expression, depth: usize) -> Value {
        self.eval_at(e, depth)
            .unwrap_or_else(|Unknown(why)| Value::Unknown(why))
    }

    fn eval_inner(&self, e: &Expression, depth: usize) -> Eval {
        if depth > MAX_DEPTH {
            return Err(Unknown(format!(
                "`{}` refers to itself through locals",
                show(e)
            )));
        }
        let d = depth + 1;
        match e {
            Expression::Null(_) => Ok(Value::Null),
            Expression::Bool(b) => Ok(Value::Bool(*b.value())),
            Expression::Number(n) => {
                n.value().as_f64().map(Value::Number).ok_or_else(|| {
                    Unknown(format!("`{}` is not a number this tool reads", show(e)))
                })
            }
            Expression::String(s) => Ok(Value::String(s.value().clone())),
            Expression::Array(a) => Ok(Value::List(a.iter().map(|x| self.element(x, d)).collect())),
            Expression::Object(o) => {
                let mut out = BTreeMap::new();
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => i.value().as_str().to_owned(),
                        ObjectKey::Expression(x) => match self.eval_at(x, d)?.to_text() {
                            Some(t) => t,
                            None => {
                                return Err(Unknown(format!(
                                    "the object key `{}` is not a string",
                                    show(x)
                                )));
                            }
                        },
                    };
                    out.insert(key, self.element(v.expr(), d));
                }
                Ok(Value::Object(out))
            }
            Expression::StringTemplate(t) => self.template(t, e, d).map(Value::String),
            Expression::HeredocTemplate(_) => Err(Unknown(format!(
                "`{}` is a heredoc, which this tool does not evaluate",
                show(e)
            ))),
            Expression::Parenthesis(p) => self.eval_at(p.inner(), d),
            Expression::Variable(v) => Err(Unknown(format!(
                "`{}` is not a value source alone can know",
                v.value().as_str()
            ))),
            Expression::Conditional(c) => match self.eval_at(&c.cond_expr, d)? {
                Value::Bool(true) => self.eval_at(&c.true_expr, d),
                Value::Bool(false) => self.eval_at(&c.false_expr, d),
                other => Err(Unknown(format!(
                    "the condition of `{}` is a {}, not a bool",
                    show(e),
                    other.type_name()
                ))),
            },
            Expression::FuncCall(f) => self.call(f, e, d),
            Expression::Traversal(t) => self.traversal(&t.expr, &t.operators, e, d),
            Expression::UnaryOp(u) => match (u.operator.value(), self.eval_at(&u.expr, d)?) {
                (UnaryOperator::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
                (UnaryOperator::Neg, Value::Number(n)) => Ok(Value::Number(-n)),
                _ => Err(Unknown(format!(
                    "`{}` applies an operator to a value of the wrong type",
                    show(e)
                ))),
            },
            Expression::BinaryOp(b) => {
                let op = *b.operator.value();
                // `&&` and `||` short-circuit on a known side, as a fixed side decides.
                let lhs = self.eval_at(&b.lhs_expr, d);
                if let (BinaryOperator::And, Ok(Value::Bool(false)))
                | (BinaryOperator::Or, Ok(Value::Bool(true))) = (op, &lhs)
                {
                    return lhs;
                }
                let (l, r) = (lhs?, self.eval_at(&b.rhs_expr, d)?);
                binary(op, &l, &r).ok_or_else(|| {
                    Unknown(format!(
                        "`{}` applies `{}` to a {} and a {}",
                        show(e),
                        op.as_str(),
                        l.type_name(),
                        r.type_name()
                    ))
                })
            }
            Expression::ForExpr(_) => Err(Unknown(format!(
                "`{}` is a `for` expression, which this tool does not evaluate",
                show(e)
            ))),
        }
    }

    fn template(&self, t: &Template, whole: &Expression, d: usize) -> Result<String, Unknown> {
        let mut out = String::new();
        for el in t.iter() {
            match el {
                Element::Literal(l) => out.push_str(l.value()),
                Element::Interpolation(i) => match self.eval_at(&i.expr, d)?.to_text() {
                    Some(s) => out.push_str(&s),
                    None => {
                        return Err(Unknown(format!(
                            "`{}` interpolates a value that is not a string",
                            show(whole)
                        )));
                    }
                },
                Element::Directive(_) => {
                    return Err(Unknown(format!(
                        "`{}` holds a template directive, which this tool does not evaluate",
                        show(whole)
                    )));
                }
            }
        }
        Ok(out)
    }

    fn traversal(
        &self,
        root: &Expression,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        whole: &Expression,
        d: usize,
    ) -> Eval {
        let Expression::Variable(name) = root else {
            let v = self.eval_at(root, d)?;
            return self.walk(v, ops, whole, d);
        };
        let name = name.value().as_str();
        let first = ops.first().map(|o| o.value());
        let attr = match first {
            Some(TraversalOperator::GetAttr(a)) => Some(a.value().as_str()),
            _ => None,
        };
        let rest = ops.get(1..).unwrap_or_default();
        match (name, attr) {
            ("var", Some(v)) => {
                let Some(var) = self.variables.get(v) else {
                    return Err(Unknown(format!(
                        "`var.{v}` is not declared in this configuration"
                    )));
                };
                if let Some(why) = &var.unknown {
                    return Err(Unknown(why.clone()));
                }
                let value = match (&var.value, &var.default) {
                    (Some((value, _)), _) => value.clone(),
                    (None, Some(default)) => self.eval_at(default, d)?,
                    (None, None) => {
                        return Err(Unknown(format!(
                            "`var.{v}` has no default and no value in a `.tfvars` file this tool read"
                        )));
                    }
                };
                self.walk(value, rest, whole, d)
            }
            ("local", Some(l)) => match self.locals.get(l) {
                Some(x) => {
                    let v = self.eval_at(x, d)?;
                    self.walk(v, rest, whole, d)
                }
                None => Err(Unknown(format!(
                    "`local.{l}` is not defined in this configuration"
                ))),
            },
            (it, Some(field)) if self.iterator.as_ref().is_some_and(|(n, _, _)| *n == it) => {
                let Some((_, key, value)) = &self.iterator else {
                    return Err(Unknown(format!("`{}` is not known", show(whole))));
                };
                match field {
                    "key" => self.walk((*key).clone(), rest, whole, d),
                    "value" => self.walk((*value).clone(), rest, whole, d),
                    _ => Err(Unknown(format!(
                        "`{}` is not `{it}.key` or `{it}.value`",
                        show(whole)
                    ))),
                }
            }
            ("count", Some("index")) if self.count.is_some() => {
                let i = self.count.unwrap_or_default();
                #[expect(clippy::cast_precision_loss, reason = "instance counts are small")]
                self.walk(Value::Number(i as f64), rest, whole, d)
            }
            ("each", Some("key")) if self.each.is_some() => match self.each {
                Some((k, _)) => self.walk(k.clone(), rest, whole, d),
                None => Err(Unknown(format!("`{}` is not known", show(whole)))),
            },
            ("each", Some("value")) if self.each.is_some() => match self.each {
                Some((_, v)) => self.walk(v.clone(), rest, whole, d),
                None => Err(Unknown(format!("`{}` is not known", show(whole)))),
            },
            ("each" | "count", _) => Err(Unknown(format!(
                "`{}` differs per instance of a `count` or `for_each` resource",
                show(whole)
            ))),
            ("data", _) => Err(Unknown(format!(
                "`{}` is read from the provider when Terraform plans",
                show(whole)
            ))),
            ("module", Some(call)) => self.module_output(call, rest, whole, d),
            ("module", _) => Err(Unknown(format!(
                "`{}` is not a module output this tool can read",
                show(whole)
            ))),
            ("path" | "terraform" | "self", _) => Err(Unknown(format!(
                "`{}` is known only to Terraform",
                show(whole)
            ))),
            _ => Err(Unknown(format!(
                "`{}` is known only after apply",
                show(whole)
            ))),
        }
    }

    /// `module.NAME.OUTPUT` or `module.NAME[KEY].OUTPUT`, from the expanded call.
    fn module_output(
        &self,
        call: &str,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        whole: &Expression,
        d: usize,
    ) -> Eval {
        let not_read = || {
            Unknown(format!(
                "`{}` is an output of `module.{call}`, which was not read",
                show(whole)
            ))
        };
        let Some(outputs) = self.calls.get(call) else {
            return Err(not_read());
        };
        let (key, rest) = if outputs.keyed {
            match ops.first().map(|o| o.value()) {
                Some(TraversalOperator::Index(i)) => {
                    let k = self.eval_at(i, d)?.to_text().ok_or_else(not_read)?;
                    (k, ops.get(1..).unwrap_or_default())
                }
                _ => {
                    return Err(Unknown(format!(
                        "`{}` reads every instance of `module.{call}` at once, which this tool does not evaluate",
                        show(whole)
                    )));
                }
            }
        } else {
            (String::new(), ops)
        };
        let Some(instance) = outputs.instances.get(&key) else {
            return Err(Unknown(format!(
                "`{}` names an instance `module.{call}` does not have",
                show(whole)
            )));
        };
        let Some(TraversalOperator::GetAttr(out)) = rest.first().map(|o| o.value()) else {
            return Err(Unknown(format!(
                "`{}` reads `module.{call}` as a whole, which this tool does not evaluate",
                show(whole)
            )));
        };
        match instance.get(out.value().as_str()) {
            Some(Ok(v)) => self.walk(v.clone(), rest.get(1..).unwrap_or_default(), whole, d),
            Some(Err(Unknown(why))) => Err(Unknown(format!(
                "`{}` is an output of `module.{call}`: {why}",
                show(whole)
            ))),
            None => Err(Unknown(format!(
                "`{}` names an output `module.{call}` does not declare",
                show(whole)
            ))),
        }
    }

    fn walk(
        &self,
        mut v: Value,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        whole: &Expression,
        d: usize,
    ) -> Eval {
        for op in ops {
            if let Value::Unknown(_) = v {
                // What lies under an unknown element is unknown too.
                return Ok(v);
            }
            v = match (op.value(), v) {
                (TraversalOperator::GetAttr(a), Value::Object(mut o)) => {
                    o.remove(a.value().as_str()).ok_or_else(|| {
                        Unknown(format!(
                            "`{}` names an attribute the value does not have",
                            show(whole)
                        ))
                    })?
                }
                (TraversalOperator::Index(i), v) => {
                    let key = self.eval_at(i, d)?;
                    index(v, &key).ok_or_else(|| {
                        Unknown(format!("`{}` indexes past the value", show(whole)))
                    })?
                }
                (TraversalOperator::LegacyIndex(i), Value::List(l)) => usize::try_from(*i.value())
                    .ok()
                    .and_then(|i| l.into_iter().nth(i))
                    .ok_or_else(|| Unknown(format!("`{}` indexes past the list", show(whole))))?,
                _ => {
                    return Err(Unknown(format!(
                        "`{}` is a traversal this tool does not evaluate",
                        show(whole)
                    )));
                }
            };
        }
        Ok(v)
    }

    fn call(&self, f: &hcl_edit::expr::FuncCall, whole: &Expression, d: usize) -> Eval {
        let name = f.name.name.value().as_str();
        let unsupported = || {
            Unknown(format!(
                "`{}` calls `{name}`, which this tool does not evaluate",
                show(whole)
            ))
        };
        if f.name.is_namespaced() {
            return Err(unsupported());
        }
        let args: Vec<&Expression> = f.args.iter().collect();
        let arg = |i: usize| -> Eval {
            match args.get(i) {
                Some(a) => self.eval_at(a, d),
                None => Err(Unknown(format!("`{}` has too few arguments", show(whole)))),
            }
        };
        let text = |v: Value| {
            v.to_text()
                .ok_or_else(|| Unknown(format!("`{}` needs a string argument", show(whole))))
        };
        match name {
            "tostring" => arg(0).and_then(text).map(Value::String),
            // ASCII only: Unicode case tables would add ~30 KB to the wasm module, and a
            // setting spelt outside ASCII is invalid for EC2 anyway; such a value stays unknown.
            "lower" | "upper" => arg(0).and_then(text).and_then(|s| {
                if !s.is_ascii() {
                    return Err(Unknown(format!(
                        "`{}` changes the case of text outside ASCII",
                        show(whole)
                    )));
                }
                Ok(Value::String(if name == "lower" {
                    s.to_ascii_lowercase()
                } else {
                    s.to_ascii_uppercase()
                }))
            }),
            "trimspace" => arg(0)
                .and_then(text)
                .map(|s| Value::String(s.trim().to_owned())),
            "tonumber" => match arg(0)? {
                Value::Number(n) => Ok(Value::Number(n)),
                Value::String(s) => s
                    .trim()
                    .parse()
                    .map(Value::Number)
                    .map_err(|_| Unknown(format!("`{}` is not a number", show(whole)))),
                _ => Err(Unknown(format!("`{}` is not a number", show(whole)))),
            },
            "tobool" => match arg(0)? {
                Value::Bool(b) => Ok(Value::Bool(b)),
                Value::String(s) if s == "true" => Ok(Value::Bool(true)),
                Value::String(s) if s == "false" => Ok(Value::Bool(false)),
                _ => Err(Unknown(format!("`{}` is not a bool", show(whole)))),
            },
            "coalesce" => {
                for i in 0..args.len() {
                    match arg(i)? {
                        Value::Null => {}
                        Value::String(s) if s.is_empty() => {}
                        v => return Ok(v),
                    }
                }
                Err(Unknown(format!(
                    "`{}` has no non-empty argument",
                    show(whole)
                )))
            }
            "lookup" => {
                let (map, key) = (arg(0)?, arg(1)?);
                let key = text(key)?;
                match map {
                    Value::Object(mut o) => match o.remove(&key) {
                        Some(v) => Ok(v),
                        None if args.len() > 2 => arg(2),
                        None => Err(Unknown(format!(
                            "`{}` looks up a key the map does not have",
                            show(whole)
                        ))),
                    },
                    _ => Err(unsupported()),
                }
            }
            // Errors in a `try` argument fall through to the next one; values source cannot
            // know stay unknown (the fallback might not be what Terraform picks).
            "try" => {
                for i in 0..args.len() {
                    match arg(i) {
                        Ok(v) => return Ok(v),
                        Err(u) if is_error(&u) => {}
                        Err(u) => return Err(u),
                    }
                }
                Err(Unknown(format!(
                    "`{}` has no argument that evaluates",
                    show(whole)
                )))
            }
            "can" => match arg(0) {
                Ok(_) => Ok(Value::Bool(true)),
                Err(u) if is_error(&u) => Ok(Value::Bool(false)),
                Err(u) => Err(u),
            },
            "length" => match arg(0)? {
                Value::List(l) => Ok(Value::Number(count(l.len()))),
                Value::Object(o) => Ok(Value::Number(count(o.len()))),
                Value::String(s) => Ok(Value::Number(count(s.chars().count()))),
                _ => Err(Unknown(format!(
                    "`{}` takes the length of a value that has none",
                    show(whole)
                ))),
            },
            "merge" => {
                let mut out = BTreeMap::new();
                for i in 0..args.len() {
                    match arg(i)? {
                        Value::Object(o) => out.extend(o),
                        Value::Null => {}
                        _ => {
                            return Err(Unknown(format!(
                                "`{}` merges a value that is not an object",
                                show(whole)
                            )));
                        }
                    }
                }
                Ok(Value::Object(out))
            }
            "concat" => {
                let mut out = Vec::new();
                for i in 0..args.len() {
                    match arg(i)? {
                        Value::List(l) => out.extend(l),
                        _ => {
                            return Err(Unknown(format!(
                                "`{}` joins a value that is not a list",
                                show(whole)
                            )));
                        }
                    }
                }
                Ok(Value::List(out))
            }
            "toset" => match arg(0)? {
                Value::List(l) => {
                    // Terraform's sets of strings iterate in lexical order, without repeats.
                    let mut texts: Vec<(String, Value)> = Vec::new();
                    for v in l {
                        let t = v.to_text().ok_or_else(|| {
                            Unknown(format!(
                                "`{}` makes a set of values that are not strings",
                                show(whole)
                            ))
                        })?;
                        texts.push((t, v));
                    }
                    texts.sort_by(|a, b| a.0.cmp(&b.0));
                    texts.dedup_by(|a, b| a.0 == b.0);
                    Ok(Value::List(
                        texts.into_iter().map(|(t, _)| Value::String(t)).collect(),
                    ))
                }
                _ => Err(unsupported()),
            },
            "tolist" | "tomap" | "nonsensitive" | "sensitive" => arg(0),
            "keys" | "values" => match arg(0)? {
                Value::Object(o) if name == "keys" => {
                    Ok(Value::List(o.into_keys().map(Value::String).collect()))
                }
                Value::Object(o) => Ok(Value::List(o.into_values().collect())),
                _ => Err(unsupported()),
            },
            "element" => match (arg(0)?, arg(1)?.as_i64()) {
                (Value::List(l), Some(i)) if !l.is_empty() => {
                    let n = i64::try_from(l.len()).unwrap_or(i64::MAX);
                    let at = usize::try_from(i.rem_euclid(n)).unwrap_or_default();
                    l.into_iter().nth(at).ok_or_else(unsupported)
                }
                _ => Err(unsupported()),
            },
            "contains" => match arg(0)? {
                Value::List(l) => {
                    let v = arg(1)?;
                    Ok(Value::Bool(l.contains(&v)))
                }
                _ => Err(unsupported()),
            },
            _ => Err(unsupported()),
        }
    }
}

#[expect(clippy::cast_precision_loss, reason = "collection sizes are small")]
fn count(n: usize) -> f64 {
    n as f64
}

/// What Terraform reports as an error (so `try` moves on), as opposed to a value source alone
/// cannot know: the clauses `walk`, `index` and `lookup` give for a missing attribute, key or
/// index.
const ERRORS: &[&str] = &[
    "names an attribute the value does not have",
    "indexes past the",
    "looks up a key the map does not have",
    "is a traversal this tool does not evaluate",
    "applies an operator to a value of the wrong type",
];

fn is_error(u: &Unknown) -> bool {
    ERRORS.iter().any(|e| u.0.contains(e))
}

fn index(v: Value, key: &Value) -> Option<Value> {
    match (v, key) {
        (Value::List(l), k) => usize::try_from(k.as_i64()?)
            .ok()
            .and_then(|i| l.into_iter().nth(i)),
        (Value::Object(mut o), k) => o.remove(&k.to_text()?),
        _ => None,
    }
}

fn binary(op: BinaryOperator, l: &Value, r: &Value) -> Option<Value> {
    use BinaryOperator as B;
    Some(match (op, l, r) {
        (B::Eq, l, r) => Value::Bool(l == r),
        (B::NotEq, l, r) => Value::Bool(l != r),
        (B::And, Value::Bool(a), Value::Bool(b)) => Value::Bool(*a && *b),
        (B::Or, Value::Bool(a), Value::Bool(b)) => Value::Bool(*a || *b),
        (op, Value::Number(a), Value::Number(b)) => match op {
            B::Less => Value::Bool(a < b),
            B::LessEq => Value::Bool(a <= b),
            B::Greater => Value::Bool(a > b),
            B::GreaterEq => Value::Bool(a >= b),
            B::Plus => Value::Number(a + b),
            B::Minus => Value::Number(a - b),
            B::Mul => Value::Number(a * b),
            B::Div if *b != 0.0 => Value::Number(a / b),
            B::Mod if *b != 0.0 => Value::Number(a % b),
            _ => return None,
        },
        _ => return None,
    })
}

/// The resources an expression refers to, as `type.name` (or `data.type.name`), for the
/// given types; locals are followed, so `local.lt_id = aws_launch_template.a.id` counts.
/// The resources an expression refers to, as absolute addresses without instance keys
/// (`module.a["k"].aws_launch_template.t`), for the given types (every type when `types` is
/// empty). Locals, module call arguments (`var.x`) and module outputs are followed.
pub fn references(e: &Expression, types: &[&str], scope: &Scope, out: &mut Vec<String>) {
    refs_at(e, types, scope, out, 0);
}

/// Whether an absolute address is of one of `types` (any type when `types` is empty).
fn of_types(address: &str, types: &[&str]) -> bool {
    types.is_empty()
        || crate::address::parse_address(address).is_some_and(|a| {
            let t = if a.data {
                format!("data.{}", a.rtype)
            } else {
                a.rtype.clone()
            };
            types.contains(&a.rtype.as_str()) || types.contains(&t.as_str())
        })
}

/// The attribute names an expression reads from resources of `types` (`latest_version`).
pub fn referenced_attrs(e: &Expression, locals: &BTreeMap<String, Expression>) -> Vec<String> {
    let mut out = Vec::new();
    attrs_at(e, locals, &mut out, 0);
    out
}

fn traversal_parts(t: &hcl_edit::expr::Traversal) -> Option<Vec<&str>> {
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let mut parts = vec![root.value().as_str()];
    for op in &t.operators {
        match op.value() {
            TraversalOperator::GetAttr(a) => parts.push(a.value().as_str()),
            _ => break,
        }
    }
    Some(parts)
}

fn refs_at(e: &Expression, types: &[&str], scope: &Scope, out: &mut Vec<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut push = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    if let Expression::Traversal(t) = e
        && let Some(parts) = traversal_parts(t)
    {
        let prefix = scope.prefix;
        match parts.as_slice() {
            ["local", name, ..] => {
                if let Some(x) = scope.locals.get(*name) {
                    refs_at(x, types, scope, out, depth + 1);
                }
            }
            ["var", name, ..] => {
                if let Some(v) = scope.variables.get(*name) {
                    for r in v.refs.iter().filter(|r| of_types(r, types)) {
                        push(r.clone());
                    }
                }
            }
            ["module", call, rest @ ..] => {
                if let Some(c) = scope.calls.get(*call) {
                    let outputs: Vec<&String> = match rest.first() {
                        Some(o) => c.refs.keys().filter(|k| k == o).collect(),
                        None => c.refs.keys().collect(),
                    };
                    for o in outputs {
                        for r in c.refs.get(o).into_iter().flatten() {
                            if of_types(r, types) {
                                push(r.clone());
                            }
                        }
                    }
                }
            }
            ["data", rtype, name, ..] if types.is_empty() || types.contains(rtype) => {
                push(format!("{prefix}data.{rtype}.{name}"))
            }
            [rtype, name, ..]
                if (types.is_empty() && rtype.starts_with("aws_")) || types.contains(rtype) =>
            {
                push(format!("{prefix}{rtype}.{name}"))
            }
            _ => {}
        }
    }
    for child in children(e) {
        refs_at(child, types, scope, out, depth + 1);
    }
}

fn attrs_at(
    e: &Expression,
    locals: &BTreeMap<String, Expression>,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    if let Expression::Traversal(t) = e
        && let Some(parts) = traversal_parts(t)
    {
        match parts.as_slice() {
            ["local", name, ..] => {
                if let Some(x) = locals.get(*name) {
                    attrs_at(x, locals, out, depth + 1);
                }
            }
            [_, _, attr, ..] => out.push((*attr).to_owned()),
            _ => {}
        }
    }
    for child in children(e) {
        attrs_at(child, locals, out, depth + 1);
    }
}

/// The direct sub-expressions of an expression.
pub fn children(e: &Expression) -> Vec<&Expression> {
    let mut v: Vec<&Expression> = Vec::new();
    match e {
        Expression::Array(a) => v.extend(a.iter()),
        Expression::Object(o) => {
            for (k, val) in o.iter() {
                if let ObjectKey::Expression(x) = k {
                    v.push(x);
                }
                v.push(val.expr());
            }
        }
        Expression::StringTemplate(t) => template_exprs(t, &mut v),
        Expression::HeredocTemplate(h) => template_exprs(&h.template, &mut v),
        Expression::Parenthesis(p) => v.push(p.inner()),
        Expression::Conditional(c) => v.extend([&c.cond_expr, &c.true_expr, &c.false_expr]),
        Expression::FuncCall(f) => v.extend(f.args.iter()),
        Expression::Traversal(t) => {
            v.push(&t.expr);
            for op in &t.operators {
                if let TraversalOperator::Index(i) = op.value() {
                    v.push(i);
                }
            }
        }
        Expression::UnaryOp(u) => v.push(&u.expr),
        Expression::BinaryOp(b) => v.extend([&b.lhs_expr, &b.rhs_expr]),
        Expression::ForExpr(f) => {
            v.push(&f.intro.collection_expr);
            if let Some(k) = &f.key_expr {
                v.push(k);
            }
            v.push(&f.value_expr);
            if let Some(c) = &f.cond {
                v.push(&c.expr);
            }
        }
        Expression::Null(_)
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_)
        | Expression::Variable(_) => {}
    }
    v
}

fn template_exprs<'a>(t: &'a Template, v: &mut Vec<&'a Expression>) {
    for el in t.iter() {
        match el {
            Element::Interpolation(i) => v.push(&i.expr),
            Element::Literal(_) => {}
            Element::Directive(dir) => match dir.as_ref() {
                hcl_edit::template::Directive::If(i) => {
                    v.push(&i.if_expr.cond_expr);
                    template_exprs(&i.if_expr.template, v);
                    if let Some(e) = &i.else_expr {
                        template_exprs(&e.template, v);
                    }
                }
                hcl_edit::template::Directive::For(f) => {
                    v.push(&f.for_expr.collection_expr);
                    template_exprs(&f.for_expr.template, v);
                }
            },
        }
    }
}

/// A bare `var.NAME` or `local.NAME`: the named value an attribute is set from.
pub fn named_value(e: &Expression) -> Option<(&'static str, String)> {
    let Expression::Traversal(t) = e else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let [op] = t.operators.as_slice() else {
        return None;
    };
    let TraversalOperator::GetAttr(a) = op.value() else {
        return None;
    };
    match root.value().as_str() {
        "var" => Some(("var", a.value().as_str().to_owned())),
        "local" => Some(("local", a.value().as_str().to_owned())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope_eval(
        vars: &[(&str, Option<&str>, Option<Value>)],
        locals: &[(&str, &str)],
        expr: &str,
    ) -> Eval {
        let variables: BTreeMap<String, Variable> = vars
            .iter()
            .map(|(n, d, v)| {
                (
                    (*n).to_owned(),
                    Variable {
                        default: d.map(|d| hcl_edit::parser::parse_expr(d).unwrap()),
                        value: v.clone().map(|v| (v, "terraform.tfvars:1".to_owned())),
                        ..Variable::default()
                    },
                )
            })
            .collect();
        let locals: BTreeMap<String, Expression> = locals
            .iter()
            .map(|(n, e)| ((*n).to_owned(), hcl_edit::parser::parse_expr(e).unwrap()))
            .collect();
        let calls = BTreeMap::new();
        let scope = Scope::new(&variables, &locals, &calls, "");
        scope.eval(&hcl_edit::parser::parse_expr(expr).unwrap())
    }

    #[test]
    fn literals_variables_locals() {
        let s = |v: &str| Ok(Value::String(v.to_owned()));
        assert_eq!(scope_eval(&[], &[], "\"required\""), s("required"));
        assert_eq!(
            scope_eval(&[("t", Some("\"optional\""), None)], &[], "var.t"),
            s("optional")
        );
        assert_eq!(
            scope_eval(
                &[(
                    "t",
                    Some("\"optional\""),
                    Some(Value::String("required".into()))
                )],
                &[],
                "var.t"
            ),
            s("required")
        );
        assert_eq!(
            scope_eval(
                &[("strict", Some("true"), None)],
                &[("t", "var.strict ? \"required\" : \"optional\"")],
                "local.t"
            ),
            s("required")
        );
        assert_eq!(
            scope_eval(
                &[("o", Some("{ tokens = \"required\" }"), None)],
                &[],
                "var.o.tokens"
            ),
            s("required")
        );
        assert_eq!(
            scope_eval(&[], &[("l", "[\"a\", \"b\"]")], "local.l[1]"),
            s("b")
        );
        assert_eq!(
            scope_eval(&[("env", Some("\"prod\""), None)], &[], "\"${var.env}-lt\""),
            s("prod-lt")
        );
        assert_eq!(scope_eval(&[], &[], "1 + 1"), Ok(Value::Number(2.0)));
        assert_eq!(scope_eval(&[], &[], "lower(\"REQUIRED\")"), s("required"));
        assert_eq!(scope_eval(&[], &[], "upper(\"optional\")"), s("OPTIONAL"));
        // Case outside ASCII is not guessed at: the value stays unknown.
        assert_eq!(
            scope_eval(&[], &[], "lower(\"REQUİRED\")"),
            Err(Unknown(
                "`lower(\"REQUİRED\")` changes the case of text outside ASCII".to_owned()
            ))
        );
    }

    #[test]
    fn unknowns_name_the_expression() {
        assert_eq!(
            scope_eval(&[("t", None, None)], &[], "var.t"),
            Err(Unknown(
                "`var.t` has no default and no value in a `.tfvars` file this tool read".into()
            ))
        );
        assert_eq!(
            scope_eval(&[], &[], "aws_launch_template.a.id"),
            Err(Unknown(
                "`aws_launch_template.a.id` is known only after apply".into()
            ))
        );
        let cycle = scope_eval(&[], &[("a", "local.b"), ("b", "local.a")], "local.a").unwrap_err();
        assert!(
            cycle.0.ends_with("refers to itself through locals"),
            "{cycle:?}"
        );
        assert!(
            scope_eval(&[], &[], "jsonencode({})")
                .unwrap_err()
                .0
                .contains("calls `jsonencode`")
        );
    }

    #[test]
    fn references_follow_locals() {
        let locals: BTreeMap<String, Expression> = [(
            "lt".to_owned(),
            hcl_edit::parser::parse_expr("aws_launch_template.a.id").unwrap(),
        )]
        .into();
        let (variables, calls) = (BTreeMap::new(), BTreeMap::new());
        let scope = Scope::new(&variables, &locals, &calls, "");
        let mut out = Vec::new();
        references(
            &hcl_edit::parser::parse_expr("local.lt").unwrap(),
            &["aws_launch_template"],
            &scope,
            &mut out,
        );
        references(
            &hcl_edit::parser::parse_expr("data.aws_ami.x.id").unwrap(),
            &["aws_ami"],
            &scope,
            &mut out,
        );
        assert_eq!(
            out,
            vec![
                "aws_launch_template.a".to_owned(),
                "data.aws_ami.x".to_owned()
            ]
        );
        assert_eq!(
            referenced_attrs(
                &hcl_edit::parser::parse_expr("aws_launch_template.a.latest_version").unwrap(),
                &locals
            ),
            vec!["latest_version".to_owned()]
        );
    }
}
