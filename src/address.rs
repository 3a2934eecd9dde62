//! The Terraform address grammar, written once: `module.a["k"].data.aws_ami.x[0]` taken
//! apart, and the address helpers the plan, state and source readers, the suppressions and
//! the fixes share (they had it through the plan reader, which made `suppress` depend on
//! `read`).

/// A Terraform address taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// As Terraform prints it.
    pub full: String,
    /// The module instance (`module.a["k"].module.b`), `""` for the root.
    pub module: String,
    /// The module path without instance keys, as the configuration names it.
    pub config_module: String,
    pub data: bool,
    pub rtype: String,
    pub name: String,
}

impl Address {
    /// The configuration address (no instance keys).
    pub fn config(&self) -> String {
        let data = if self.data { "data." } else { "" };
        if self.config_module.is_empty() {
            format!("{data}{}.{}", self.rtype, self.name)
        } else {
            format!("{}.{data}{}.{}", self.config_module, self.rtype, self.name)
        }
    }
}

/// Byte offsets of the characters `is_sep` accepts that stand outside brackets and quoted
/// strings, as in Terraform addresses with keys (`module.a["x.y z"].aws_instance.b[0]`).
pub fn top_level_matches(s: &str, is_sep: impl Fn(char) -> bool) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for (i, c) in s.char_indices() {
        if quoted {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => quoted = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            c if depth == 0 && is_sep(c) => out.push(i),
            _ => {}
        }
    }
    out
}

/// Splits on dots outside brackets and quotes: `module.a["x.y"].aws_instance.b[0]`.
pub fn segments(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in top_level_matches(s, |c| c == '.') {
        out.push(s.get(start..i).unwrap_or_default());
        start = i + 1;
    }
    out.push(s.get(start..).unwrap_or_default());
    out
}

pub fn strip_key(seg: &str) -> &str {
    seg.split('[').next().unwrap_or(seg)
}

pub fn parse_address(full: &str) -> Option<Address> {
    // One pass over the dots outside brackets and quotes; the module instance path is a
    // prefix of `full`, so only the configuration path is built.
    let dots = top_level_matches(full, |c| c == '.');
    let bounds = |i: usize| -> Option<(usize, usize)> {
        let start = match i {
            0 => 0,
            _ => dots.get(i - 1)? + 1,
        };
        let end = match dots.get(i) {
            Some(&d) => d,
            None if i == dots.len() => full.len(),
            None => return None,
        };
        Some((start, end))
    };
    let seg = |i: usize| bounds(i).and_then(|(a, b)| full.get(a..b));
    let mut i = 0;
    let mut module_end = 0;
    let mut config_module = String::new();
    while seg(i) == Some("module") {
        let m = seg(i + 1)?;
        if !config_module.is_empty() {
            config_module.push('.');
        }
        config_module.push_str("module.");
        config_module.push_str(strip_key(m));
        module_end = bounds(i + 1)?.1;
        i += 2;
    }
    let data = seg(i) == Some("data");
    if data {
        i += 1;
    }
    let rtype = seg(i)?;
    let name = seg(i + 1)?;
    Some(Address {
        full: full.to_owned(),
        module: full.get(..module_end).unwrap_or_default().to_owned(),
        config_module,
        data,
        rtype: rtype.to_owned(),
        name: strip_key(name).to_owned(),
    })
}

/// `module.a["k"].aws_launch_template.lt[0]` → `module.a["k"].aws_launch_template.lt`.
pub fn without_last_key(a: &str) -> String {
    let segs = segments(a);
    let n = segs.len();
    segs.iter()
        .enumerate()
        .map(|(i, s)| if i + 1 == n { strip_key(s) } else { s })
        .collect::<Vec<_>>()
        .join(".")
}

/// A name without its instance keys: `module.a["x"].aws_instance.web[0]` is
/// `module.a.aws_instance.web`.
pub fn config_address(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut depth = 0usize;
    let mut quoted = false;
    for c in name.chars() {
        match c {
            '"' if depth > 0 => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}
