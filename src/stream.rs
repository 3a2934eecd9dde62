//! A file of DescribeInstances pages, one JSON document a line (`aws ec2 describe-instances
//! --output json | jq -c`, or one page per region and account), checked in memory that does
//! not grow with the file: the pages are read a document at a time and judged in batches; the
//! findings of each batch, sorted and suppressed, go to a spool file (unlinked as soon as it is
//! made, so nothing is left behind); the JSON report is then written by merging the spooled
//! runs. Its bytes are those of [`crate::evaluate`] on the same file (`tests/stream.rs`
//! compares them on every fixture and on generated files with duplicates and suppressions).
//!
//! A file that does not start as a page (`{"Reservations"`) is declined from its first bytes,
//! so a plan is not read twice. Anything this path does not read exactly as the whole-file
//! reader does (another kind of
//! document, an AWS response other than DescribeInstances, a byte-order mark, a broken
//! document, one document only) makes [`prepare`] answer `None` before anything is written,
//! and the caller reads the file whole: that reader's verdicts and errors are the reference.

use crate::inventory::Inventory;
use crate::read::describe;
use crate::report::model::{Finding, Group, InputInfo, InputKind, Note, Summary, Tool};
use crate::{Judge, Options, Seen, Tally, suppress};
use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};
use std::cell::RefCell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::Path;

/// Subjects judged together: the findings of one batch are one sorted run of the spool.
const BATCH: usize = 16_384;
/// Runs merged at once; more are first merged into longer runs, this many at a time.
const FAN_IN: usize = 64;

/// A finding as spooled, with the notes its suppression called for (an expired entry).
#[derive(Serialize, Deserialize)]
struct Spooled {
    f: Finding,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    n: Vec<Note>,
}

/// The file checked, read up to the point of writing: summary and notes known, findings in
/// the spool.
pub struct Prepared {
    tool: Tool,
    input: InputInfo,
    summary: Summary,
    /// The notes before the expired suppressions' (which come from the findings, in their
    /// order), and after them.
    notes_before: Vec<Note>,
    notes_after: Vec<Note>,
    spool: Spool,
}

/// Reads `path` as DescribeInstances pages, one a line, or answers `None` when this path
/// would not read it as [`crate::evaluate`] does (see the module's documentation).
pub fn prepare(path: &Path, options: &Options) -> Option<Prepared> {
    prepare_in(path, options, BATCH, FAN_IN)
}

/// [`prepare`] with other batch and merge sizes (at least 1 and 2): tests make many runs and
/// merge levels of small files with them.
#[doc(hidden)]
pub fn prepare_in(path: &Path, options: &Options, batch: usize, fan_in: usize) -> Option<Prepared> {
    if options.input_kind.is_some() || options.lang.is_some() {
        return None;
    }
    let file = File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    crate::limits::check(meta.len(), options).ok()?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    if !starts_as_a_page(reader.fill_buf().ok()?) {
        return None;
    }
    let judge = Judge::new(options).ok()?;
    let mut run = Pass {
        judge: &judge,
        suppressor: suppress::Suppressor::new(&judge.ignores, judge.today),
        tally: Tally::new(InputKind::Ec2DescribeInstances),
        seen: Seen::new(),
        collector: describe::Collector::default(),
        spool: Spool::new().ok()?,
        notes: Vec::new(),
        batch: batch.max(1),
        first: true,
    };
    let documents = documents(reader, |doc| run.document(doc))?;
    if documents < 2 {
        // One document is read as an object, not as lines.
        return None;
    }
    run.batch()?;
    let Pass {
        suppressor,
        tally,
        seen,
        mut spool,
        ..
    } = run;
    let (summary, mut notes_before) =
        crate::summarize(&judge, InputKind::Ec2DescribeInstances, &tally, &seen);
    let subjects = seen.subjects;
    notes_before.extend(seen.notes);
    spool.finish().ok()?;
    spool.fan_in = fan_in.max(2);
    Some(Prepared {
        tool: crate::tool(),
        input: InputInfo {
            kind: InputKind::Ec2DescribeInstances,
            format_version: None,
            terraform_version: None,
            encoding: None,
            subjects,
        },
        summary,
        notes_before,
        notes_after: suppressor.finish(),
        spool,
    })
}

/// Whether the text starts as a DescribeInstances page does (`{"Reservations"`, as the AWS
/// CLI, boto3 and `jq -c` write one): anything else (a plan above all, which would otherwise be
/// read through once more before the whole read) is declined from its first bytes.
fn starts_as_a_page(head: &[u8]) -> bool {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let rest = match head.iter().position(|b| !ws(b)) {
        Some(i) if head.get(i) == Some(&b'{') => head.get(i + 1..).unwrap_or_default(),
        _ => return false,
    };
    let skip = rest.iter().position(|b| !ws(b)).unwrap_or(rest.len());
    rest.get(skip..)
        .is_some_and(|r| r.starts_with(b"\"Reservations\""))
}

/// Splits the text into top-level JSON documents, handing each to `each` (which answers
/// `None` to stop). The number of documents, or `None` when the text is not a sequence of
/// objects and arrays, the first an object (what [`crate::read::read`] reads as lines). A
/// document is handed over once the next one starts, so a file of one document (what
/// `aws ec2 describe-instances > out.json` writes, which `read` takes as an object) is only
/// scanned here, never judged, before the whole read.
fn documents(mut r: impl BufRead, mut each: impl FnMut(&[u8]) -> Option<()>) -> Option<usize> {
    let mut doc: Vec<u8> = Vec::new();
    let mut pending: Vec<u8> = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut count = 0usize;
    loop {
        let buf = r.fill_buf().ok()?;
        if buf.is_empty() {
            break;
        }
        let mut from = 0usize;
        for (i, &b) in buf.iter().enumerate() {
            if depth == 0 {
                match b {
                    b' ' | b'\t' | b'\r' | b'\n' => from = i + 1,
                    b'{' => depth = 1,
                    b'[' if count > 0 => depth = 1,
                    // A byte-order mark, `[` first, anything but a document: not for here.
                    _ => return None,
                }
                if depth == 1 && !pending.is_empty() {
                    each(&pending)?;
                    pending.clear();
                }
                continue;
            }
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        doc.extend_from_slice(buf.get(from..=i)?);
                        from = i + 1;
                        std::mem::swap(&mut doc, &mut pending);
                        doc.clear();
                        count += 1;
                    }
                }
                _ => {}
            }
        }
        if depth > 0 {
            doc.extend_from_slice(buf.get(from..)?);
        }
        let n = buf.len();
        r.consume(n);
    }
    if depth > 0 {
        return None;
    }
    if count >= 2 && !pending.is_empty() {
        each(&pending)?;
    }
    Some(count)
}

/// The first pass: documents in, sorted and suppressed runs of findings out.
struct Pass<'j> {
    judge: &'j Judge<'j>,
    suppressor: suppress::Suppressor<'j>,
    tally: Tally,
    seen: Seen,
    collector: describe::Collector,
    spool: Spool,
    notes: Vec<Note>,
    batch: usize,
    /// Whether the next document is the first.
    first: bool,
}

impl Pass<'_> {
    /// One document, as `read_lines` reads it: a DescribeInstances response (or instances).
    fn document(&mut self, doc: &[u8]) -> Option<()> {
        let text = std::str::from_utf8(doc).ok()?;
        if crate::read::live::mentions_live(text) {
            return None;
        }
        if std::mem::take(&mut self.first) {
            // `read` takes the first document for a Terraform one, and reads lines only
            // when it is not one and reads as one.
            let top: crate::read::terraform::TopLevel<'_> = serde_json::from_str(text).ok()?;
            if top.is_terraform() || top.is_raw_state() {
                return None;
            }
        }
        let item: describe::Item = serde_json::from_str(text).ok()?;
        let c = &mut self.collector;
        c.item(&item, "");
        if !c.strays.is_empty() {
            return None;
        }
        if c.subjects.len() >= self.batch {
            self.batch()?;
        }
        Some(())
    }

    /// Judges the subjects read since the last batch and spools their findings as one run.
    fn batch(&mut self) -> Option<()> {
        let mut inv = Inventory::new(InputKind::Ec2DescribeInstances);
        std::mem::take(&mut self.collector).into_inventory(&mut inv);
        if inv.subjects.is_empty() {
            return Some(());
        }
        if !inv.sensitive.is_empty() || !inv.ignores.is_empty() {
            return None;
        }
        self.seen.add(&inv);
        let mut found = Vec::new();
        self.judge.findings(&inv, &mut found);
        drop(inv);
        let findings = crate::sorted(found);
        for mut f in findings {
            // Groups are made a subject at a time below, which holds while a group's
            // subject is the name findings are sorted by: a live id, never an address.
            if f.resource.address.is_some() {
                return None;
            }
            self.suppressor.one(&mut f, &mut self.notes);
            self.tally.add(&f);
            let n = std::mem::take(&mut self.notes);
            self.spool.put(&Spooled { f, n }).ok()?;
        }
        self.spool.end_run();
        Some(())
    }
}

impl Prepared {
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The JSON report ([`crate::report::write_json`]'s bytes), findings merged from the
    /// spool as they are written.
    pub fn write_json<W: Write>(self, mut w: W) -> io::Result<()> {
        let Prepared {
            tool,
            input,
            summary,
            notes_before,
            notes_after,
            mut spool,
        } = self;
        spool.merge_down()?;
        let out = Out {
            tool: &tool,
            input: &input,
            summary: &summary,
            spool: &spool,
            notes: RefCell::new(notes_before),
            notes_after: RefCell::new(notes_after),
            groups: RefCell::new(None),
        };
        serde_json::to_writer_pretty(&mut w, &out).map_err(io::Error::other)?;
        w.write_all(b"\n")
    }
}

/// The report as [`Report`] serializes, its findings and groups read from the spool.
struct Out<'a> {
    tool: &'a Tool,
    input: &'a InputInfo,
    summary: &'a Summary,
    spool: &'a Spool,
    notes: RefCell<Vec<Note>>,
    notes_after: RefCell<Vec<Note>>,
    /// The groups, spooled as the findings are written.
    groups: RefCell<Option<Spool>>,
}

impl Serialize for Out<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The fields of `Report`, in its order, with its names and its omissions.
        let mut st = s.serialize_struct("Report", 6)?;
        st.serialize_field("tool", self.tool)?;
        st.serialize_field("input", self.input)?;
        st.serialize_field("summary", self.summary)?;
        st.serialize_field("findings", &Findings(self))?;
        let mut notes = self.notes.take();
        notes.append(&mut self.notes_after.borrow_mut());
        if !notes.is_empty() {
            st.serialize_field("notes", &notes)?;
        }
        let groups = self.groups.borrow_mut().take();
        if let Some(groups) = groups.filter(|g| g.records > 0) {
            st.serialize_field("groups", &Groups(groups))?;
        }
        st.end()
    }
}

struct Findings<'o, 'a>(&'o Out<'a>);

impl Serialize for Findings<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let out = self.0;
        let mut merge = Merge::new(out.spool, 0..out.spool.runs.len()).map_err(S::Error::custom)?;
        let mut grouper = Grouper {
            groups: Spool::new().map_err(S::Error::custom)?,
            subject: Vec::new(),
            base: 0,
        };
        let mut seq = s.serialize_seq(None)?;
        let mut index = 0usize;
        while let Some(Spooled { f, n }) = merge.next().map_err(S::Error::custom)? {
            seq.serialize_element(&f)?;
            out.notes.borrow_mut().extend(n);
            grouper.add(index, f).map_err(S::Error::custom)?;
            index += 1;
        }
        grouper.flush().map_err(S::Error::custom)?;
        let mut groups = grouper.groups;
        groups.finish().map_err(S::Error::custom)?;
        *out.groups.borrow_mut() = Some(groups);
        seq.end()
    }
}

/// Groups a subject at a time: the findings of one subject are together in sorted order, and
/// no group spans two subjects (a live id is its own configuration address).
struct Grouper {
    groups: Spool,
    subject: Vec<Finding>,
    /// The index in the report of the first of `subject`.
    base: usize,
}

impl Grouper {
    fn add(&mut self, index: usize, f: Finding) -> io::Result<()> {
        if self
            .subject
            .first()
            .is_some_and(|s| s.resource.name() != f.resource.name())
        {
            self.flush()?;
        }
        if self.subject.is_empty() {
            self.base = index;
        }
        self.subject.push(f);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        for mut g in crate::report::groups(&self.subject) {
            for i in &mut g.findings {
                *i += self.base;
            }
            self.groups.put(&g)?;
        }
        self.subject.clear();
        Ok(())
    }
}

struct Groups(Spool);

impl Serialize for Groups {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let mut r = RunReader::new(&self.0.file, 0, self.0.len);
        while let Some(line) = r.line().map_err(S::Error::custom)? {
            let g: Group = serde_json::from_slice(line).map_err(S::Error::custom)?;
            seq.serialize_element(&g)?;
        }
        seq.end()
    }
}

/// Records, one compact JSON line each, in a file that is unlinked as soon as it is made;
/// `runs` are the byte ranges of the sorted runs.
struct Spool {
    file: File,
    writer: Option<BufWriter<File>>,
    len: u64,
    run_start: u64,
    runs: Vec<(u64, u64)>,
    records: usize,
    /// Runs merged at once ([`FAN_IN`]).
    fan_in: usize,
}

impl Spool {
    fn new() -> io::Result<Spool> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        for _ in 0..16 {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!(
                "imdsv2-policy-{}-{nanos}-{n}.spool",
                std::process::id()
            ));
            // Readable by this user only for the moment it has a name.
            match std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
            {
                Ok(file) => {
                    std::fs::remove_file(&path)?;
                    let writer = BufWriter::with_capacity(1 << 16, file.try_clone()?);
                    return Ok(Spool {
                        file,
                        writer: Some(writer),
                        len: 0,
                        run_start: 0,
                        runs: Vec::new(),
                        records: 0,
                        fan_in: FAN_IN,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("cannot make a spool file"))
    }

    fn put<T: Serialize>(&mut self, record: &T) -> io::Result<()> {
        let line = serde_json::to_vec(record).map_err(io::Error::other)?;
        let w = self
            .writer
            .as_mut()
            .ok_or_else(|| io::Error::other("the spool is closed"))?;
        w.write_all(&line)?;
        w.write_all(b"\n")?;
        self.len += line.len() as u64 + 1;
        self.records += 1;
        Ok(())
    }

    fn end_run(&mut self) {
        if self.len > self.run_start {
            self.runs.push((self.run_start, self.len));
            self.run_start = self.len;
        }
    }

    /// Written out: from here on it is read.
    fn finish(&mut self) -> io::Result<()> {
        self.end_run();
        if let Some(w) = self.writer.take() {
            w.into_inner().map_err(io::IntoInnerError::into_error)?;
        }
        Ok(())
    }

    /// Merges runs `fan_in` at a time into longer ones until at most that many are left.
    /// Runs next to each other are merged, and the merge keeps the earlier run's finding
    /// first among equals, so the order stays the stable sort's.
    fn merge_down(&mut self) -> io::Result<()> {
        let fan_in = self.fan_in;
        while self.runs.len() > fan_in {
            let mut next = Spool::new()?;
            next.fan_in = fan_in;
            let mut start = 0;
            while start < self.runs.len() {
                let end = (start + fan_in).min(self.runs.len());
                let mut merge = Merge::new(self, start..end)?;
                while let Some(rec) = merge.next()? {
                    next.put(&rec)?;
                }
                next.end_run();
                start = end;
            }
            next.finish()?;
            *self = next;
        }
        Ok(())
    }
}

/// Lines of one byte range of a spool, read with `pread` so that many readers share the file.
struct RunReader<'f> {
    file: &'f File,
    pos: u64,
    end: u64,
    buf: Vec<u8>,
    start: usize,
    filled: usize,
}

impl<'f> RunReader<'f> {
    fn new(file: &'f File, pos: u64, end: u64) -> RunReader<'f> {
        RunReader {
            file,
            pos,
            end,
            buf: vec![0; 1 << 16],
            start: 0,
            filled: 0,
        }
    }

    fn line(&mut self) -> io::Result<Option<&[u8]>> {
        loop {
            let pending = self.buf.get(self.start..self.filled).unwrap_or_default();
            if let Some(nl) = pending.iter().position(|&b| b == b'\n') {
                let at = self.start;
                self.start += nl + 1;
                return Ok(self.buf.get(at..at + nl));
            }
            self.buf.copy_within(self.start..self.filled, 0);
            self.filled -= self.start;
            self.start = 0;
            if self.pos >= self.end {
                return if self.filled == 0 {
                    Ok(None)
                } else {
                    Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "the spool ends inside a record",
                    ))
                };
            }
            if self.filled == self.buf.len() {
                self.buf.resize(self.buf.len() * 2, 0);
            }
            let room = (self.buf.len() - self.filled) as u64;
            let want = room.min(self.end - self.pos) as usize;
            let into = self
                .buf
                .get_mut(self.filled..self.filled + want)
                .unwrap_or_default();
            let n = self.file.read_at(into, self.pos)?;
            if n == 0 {
                return Err(io::Error::from(io::ErrorKind::UnexpectedEof));
            }
            self.pos += n as u64;
            self.filled += n;
        }
    }

    fn record(&mut self) -> io::Result<Option<Spooled>> {
        match self.line()? {
            Some(line) => serde_json::from_slice(line)
                .map(Some)
                .map_err(io::Error::other),
            None => Ok(None),
        }
    }
}

/// A stable k-way merge of sorted runs: the least head next, the earliest run's among equals.
struct Merge<'f> {
    readers: Vec<RunReader<'f>>,
    heads: std::collections::BinaryHeap<Head>,
}

/// A run's next record; the heap's greatest is the least finding, the earliest run's first.
struct Head {
    rec: Spooled,
    run: usize,
}

impl Ord for Head {
    fn cmp(&self, other: &Head) -> std::cmp::Ordering {
        crate::finding_order(&other.rec.f, &self.rec.f).then_with(|| other.run.cmp(&self.run))
    }
}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Head) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Head {
    fn eq(&self, other: &Head) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Head {}

impl<'f> Merge<'f> {
    fn new(spool: &'f Spool, runs: std::ops::Range<usize>) -> io::Result<Merge<'f>> {
        let mut readers = Vec::new();
        let mut heads = std::collections::BinaryHeap::new();
        for (run, &(start, end)) in spool.runs.get(runs).unwrap_or_default().iter().enumerate() {
            let mut r = RunReader::new(&spool.file, start, end);
            if let Some(rec) = r.record()? {
                heads.push(Head { rec, run });
            }
            readers.push(r);
        }
        Ok(Merge { readers, heads })
    }

    fn next(&mut self) -> io::Result<Option<Spooled>> {
        let Some(Head { rec, run }) = self.heads.pop() else {
            return Ok(None);
        };
        if let Some(next) = self
            .readers
            .get_mut(run)
            .map(RunReader::record)
            .transpose()?
            .flatten()
        {
            self.heads.push(Head { rec: next, run });
        }
        Ok(Some(rec))
    }
}
