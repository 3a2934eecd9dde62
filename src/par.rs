//! Work shared with other threads where there are threads (the native CLI and library), with
//! the results it would have in sequence: the same values in the same order, so reports stay
//! byte for byte the same. Wasm hosts, a machine of one core, a thread that cannot be started
//! and small inputs do the work in sequence, through the same code.

/// Work is shared from these sizes on: `resource_changes` entries whose `change`s come to
/// this many bytes (here), and slices of `CHUNK_ITEMS` items, subjects or findings. Smaller
/// inputs stay in sequence, where threads would only add to the CPU time (the monorepo-like
/// plan of the benchmark, 1% instances, whose aim is CPU time, stays in sequence).
pub const AHEAD_BYTES: usize = 4 << 20;
#[cfg(not(target_family = "wasm"))]
const CHUNK_ITEMS: usize = 4096;

/// Results handed over at a time, so that the hand-overs (a lock each) are few.
#[cfg(not(target_family = "wasm"))]
const BATCH: usize = 64;

/// `body` takes `f` of each input in order. With `ahead`, another thread computes them while
/// `body` works (a bounded number in advance, so memory does not grow with the inputs); the
/// results are the ones `inputs.map(f)` gives, in its order. When `body` stops early, the
/// other thread stops at its next hand-over.
pub fn mapped_ahead<T, U, R>(
    inputs: Vec<T>,
    ahead: bool,
    f: impl Fn(T) -> U + Sync,
    body: impl FnOnce(&mut dyn Iterator<Item = U>) -> R,
) -> R
where
    T: Send,
    U: Send,
{
    #[cfg(not(target_family = "wasm"))]
    if ahead && cores() > 1 {
        #[cfg(test)]
        tests::THREADED.set(tests::THREADED.get() + 1);
        return threaded::mapped_ahead(inputs, &f, body);
    }
    let _ = ahead;
    body(&mut inputs.into_iter().map(f))
}

/// How many `change`s a plan reader parses in the document's pass, for a document of
/// `bytes` (see `read::terraform::eager_changes`); it keeps the others as raw text, which
/// [`mapped_ahead`] parses on another thread when there is one and they are large. Where
/// there is no other thread, as many as that pass holds; where there is, none: parsing the
/// first 1,024 in the pass saved nothing measurable natively on the monorepo-like plan of the
/// benchmark (12 alternating runs) and added 6 MB to the peak of the every-instance plan.
pub fn changes_in_pass(bytes: usize) -> usize {
    #[cfg(not(target_family = "wasm"))]
    if bytes >= AHEAD_BYTES && cores() > 1 {
        return 0;
    }
    let _ = bytes;
    crate::read::terraform::EAGER_ENTRIES
}

/// `f` of every item of `items`, in order, appended to `out`. Large slices are cut into one
/// run per core, each run mapped on its own thread (this one takes the first).
pub fn map_into<T, U>(items: &[T], f: impl Fn(&T) -> U + Sync, out: &mut Vec<U>)
where
    T: Sync,
    U: Send,
{
    #[cfg(not(target_family = "wasm"))]
    if items.len() >= CHUNK_ITEMS && cores() > 1 {
        #[cfg(test)]
        tests::THREADED.set(tests::THREADED.get() + 1);
        return threaded::map_into(items, &f, out);
    }
    out.extend(items.iter().map(f));
}

/// Writes `items` a run of `run` at a time: `render` appends a run's text to a buffer (given
/// the index of the run's first item), `write` takes the buffers in the items' order. Large
/// slices are rendered on every core, each thread taking every n-th run, a few runs ahead at
/// most (so memory does not grow with the items); the bytes written are the same either way.
/// The first error of `render` or `write`, in the items' order, ends the writing. Native
/// only: wasm hosts write their reports whole.
#[cfg(not(target_family = "wasm"))]
pub fn write_in_runs<T, E>(
    items: &[T],
    run: usize,
    render: impl Fn(usize, &[T], &mut Vec<u8>) -> Result<(), E> + Sync,
    mut write: impl FnMut(&[u8]) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    E: Send,
{
    let run = run.max(1);
    if items.len() >= CHUNK_ITEMS && cores() > 1 {
        #[cfg(test)]
        tests::THREADED.set(tests::THREADED.get() + 1);
        return threaded::write_in_runs(items, run, &render, write);
    }
    let mut buf = Vec::new();
    for (i, chunk) in items.chunks(run).enumerate() {
        buf.clear();
        render(i * run, chunk, &mut buf)?;
        write(&buf)?;
    }
    Ok(())
}

#[cfg(not(target_family = "wasm"))]
fn cores() -> usize {
    #[cfg(test)]
    if tests::IN_SEQUENCE.get() {
        return 1;
    }
    // Four at most: past that the hand-overs and the allocator's locks win nothing measured.
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

#[cfg(not(target_family = "wasm"))]
mod threaded {
    use super::BATCH;
    use std::sync::mpsc;

    pub fn mapped_ahead<T, U, R>(
        inputs: Vec<T>,
        f: &(impl Fn(T) -> U + Sync),
        body: impl FnOnce(&mut dyn Iterator<Item = U>) -> R,
    ) -> R
    where
        T: Send,
        U: Send,
    {
        std::thread::scope(|scope| {
            // A few batches in advance: enough that neither side waits for long.
            let (tx, rx) = mpsc::sync_channel::<Vec<U>>(4);
            // The inputs go over once the thread runs, so a failed start keeps them here.
            let (give, take) = mpsc::channel::<Vec<T>>();
            let spawned = std::thread::Builder::new().spawn_scoped(scope, move || {
                let Ok(inputs) = take.recv() else { return };
                let mut batch = Vec::with_capacity(BATCH);
                for input in inputs {
                    batch.push(f(input));
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        if tx.send(full).is_err() {
                            return;
                        }
                    }
                }
                if !batch.is_empty() {
                    let _ = tx.send(batch);
                }
            });
            if spawned.is_err() {
                // No thread to be had: in sequence, as on a host without threads.
                return body(&mut inputs.into_iter().map(f));
            }
            if let Err(mpsc::SendError(inputs)) = give.send(inputs) {
                return body(&mut inputs.into_iter().map(f));
            }
            let mut results = rx.into_iter().flatten();
            body(&mut results)
            // `results` (the receiver) is dropped here, before the scope waits for the thread:
            // a thread still computing stops at its next hand-over.
        })
    }

    /// Where a thread hands over the runs it rendered.
    type Rendered<E> = mpsc::Receiver<Result<Vec<u8>, E>>;

    pub fn write_in_runs<T, E>(
        items: &[T],
        run: usize,
        render: &(impl Fn(usize, &[T], &mut Vec<u8>) -> Result<(), E> + Sync),
        mut write: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), E>
    where
        T: Sync,
        E: Send,
    {
        let n = super::cores();
        let runs: Vec<&[T]> = items.chunks(run).collect();
        std::thread::scope(|scope| {
            // Thread k renders runs k, k + n, k + 2n...; this one the runs of a thread that
            // would not start, and runs 0, n, 2n...
            let workers: Vec<Option<Rendered<E>>> = (1..n)
                .map(|k| {
                    let (tx, rx) = mpsc::sync_channel(2);
                    let runs = &runs;
                    std::thread::Builder::new()
                        .spawn_scoped(scope, move || {
                            for j in (k..runs.len()).step_by(n) {
                                let mut buf = Vec::new();
                                let done =
                                    runs.get(j).map_or(Ok(()), |r| render(j * run, r, &mut buf));
                                if tx.send(done.map(|()| buf)).is_err() {
                                    return;
                                }
                            }
                        })
                        .ok()
                        .map(|_| rx)
                })
                .collect();
            let mut own = Vec::new();
            for (j, r) in runs.iter().enumerate() {
                let worker = if j % n == 0 {
                    None
                } else {
                    workers.get(j % n - 1)
                };
                match worker.and_then(Option::as_ref) {
                    Some(rx) => match rx.recv() {
                        Ok(rendered) => write(&rendered?)?,
                        // The thread ended without its run: only a panic does that, which
                        // the scope passes on once it ends.
                        Err(mpsc::RecvError) => break,
                    },
                    None => {
                        own.clear();
                        render(j * run, r, &mut own)?;
                        write(&own)?;
                    }
                }
            }
            Ok(())
            // The receivers are dropped here, before the scope waits for the threads: one
            // still rendering stops at its next hand-over.
        })
    }

    pub fn map_into<T, U>(items: &[T], f: &(impl Fn(&T) -> U + Sync), out: &mut Vec<U>)
    where
        T: Sync,
        U: Send,
    {
        let runs = super::cores().min(items.len().max(1));
        let size = items.len().div_ceil(runs);
        let mut chunks = items.chunks(size.max(1));
        let first = chunks.next().unwrap_or_default();
        std::thread::scope(|scope| {
            let others: Vec<_> = chunks
                .map(|chunk| {
                    let spawned = std::thread::Builder::new()
                        .spawn_scoped(scope, move || chunk.iter().map(f).collect::<Vec<U>>());
                    (chunk, spawned)
                })
                .collect();
            out.extend(first.iter().map(f));
            for (chunk, spawned) in others {
                match spawned.map(|handle| handle.join()) {
                    Ok(Ok(mapped)) => out.extend(mapped),
                    // A thread that would not start: its run in sequence, here.
                    Err(_) => out.extend(chunk.iter().map(f)),
                    // A panic in `f` is a panic of the caller's, as in sequence.
                    Ok(Err(panic)) => std::panic::resume_unwind(panic),
                }
            }
        });
    }
}

/// The benchmark's plan generator, for the test that reads a large plan both ways.
#[cfg(all(test, not(target_family = "wasm")))]
#[allow(dead_code, clippy::all)]
#[path = "../examples/gen_plan.rs"]
mod gen_plan;

/// Native only: in wasm there is only the sequence, which every other test goes through.
#[cfg(all(test, not(target_family = "wasm")))]
mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// Set: this thread works in sequence, as a host without threads does.
        pub static IN_SEQUENCE: Cell<bool> = const { Cell::new(false) };
        /// How many times this thread shared work with others.
        pub static THREADED: Cell<usize> = const { Cell::new(0) };
    }

    /// A plan large enough for both kinds of sharing reads, judges and fails exactly as it
    /// does in sequence (in sequence its changes are parsed in the document's pass), with a
    /// bad change early and late in the list.
    #[test]
    fn a_large_plan_is_judged_and_refused_alike_in_sequence_and_in_threads() {
        let plan = super::gen_plan::generate(8_000);
        let options = crate::Options::default();
        let both = |input: &str| {
            let before = THREADED.get();
            let threaded = crate::evaluate(input.as_bytes(), &options);
            assert!(
                THREADED.get() > before || cores() == 1,
                "no work was shared"
            );
            IN_SEQUENCE.set(true);
            let alone = crate::evaluate(input.as_bytes(), &options);
            IN_SEQUENCE.set(false);
            (threaded, alone)
        };
        let (threaded, alone) = both(&plan);
        let (threaded, alone) = (threaded.unwrap(), alone.unwrap());
        assert_eq!(threaded.findings.len(), 8_080);
        assert_eq!(
            crate::report::to_json(&threaded),
            crate::report::to_json(&alone)
        );
        // Written a run at a time on every core: the pretty printer's bytes for the whole.
        let whole = serde_json::to_string_pretty(&alone).unwrap() + "\n";
        assert!(crate::report::to_json(&threaded) == whole);

        // A change that does not parse, and one that parses but cannot be judged, far into
        // the list: the same error either way (the first in the document's order).
        let marker = r#""change":{"actions":["create"]"#;
        for (nth, bad) in [
            (3_000, r#""change":{"actions":"create""#),
            (3_000, r#""change":{"actions":["explode"]"#),
            (6_000, r#""change":{"actions":"create""#),
            (6_000, r#""change":{"actions":["explode"]"#),
        ] {
            let at = plan.match_indices(marker).nth(nth).map(|(i, _)| i).unwrap();
            let input = format!("{}{bad}{}", &plan[..at], &plan[at + marker.len()..]);
            let (threaded, alone) = both(&input);
            let (threaded, alone) = (threaded.unwrap_err(), alone.unwrap_err());
            assert_eq!(threaded, alone);
            let path = threaded.location.as_ref().and_then(|l| l.path.as_deref());
            assert!(
                path.is_some_and(|p| p.starts_with("$.resource_changes[")),
                "{threaded}"
            );
        }
    }

    #[test]
    fn mapped_ahead_gives_the_sequence_in_order_either_way() {
        let inputs: Vec<u64> = (0..10_000).collect();
        for ahead in [false, true] {
            let got = mapped_ahead(
                inputs.clone(),
                ahead,
                |n| n * 3,
                |it| it.collect::<Vec<_>>(),
            );
            assert_eq!(got, inputs.iter().map(|n| n * 3).collect::<Vec<_>>());
        }
    }

    #[test]
    fn mapped_ahead_stops_early_when_the_body_does() {
        let inputs: Vec<u64> = (0..100_000).collect();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let first = mapped_ahead(
            inputs,
            true,
            |n| {
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                n
            },
            |it| it.take(3).collect::<Vec<_>>(),
        );
        assert_eq!(first, vec![0, 1, 2]);
        // The other thread ran at most the batches the channel holds past what was taken.
        assert!(done.into_inner() < 1_000);
    }

    #[test]
    fn write_in_runs_writes_the_runs_in_order_and_stops_at_the_first_error() {
        for n in [0, 1, 5, CHUNK_ITEMS, CHUNK_ITEMS * 2 + 3] {
            let items: Vec<usize> = (0..n).collect();
            let want: Vec<u8> = items.iter().flat_map(|i| i.to_le_bytes()).collect();
            for run in [1, 7, 1000] {
                for alone in [false, true] {
                    IN_SEQUENCE.set(alone);
                    let mut got = Vec::new();
                    let render = |start: usize, r: &[usize], buf: &mut Vec<u8>| {
                        assert_eq!(r.first().copied().unwrap_or(start), start);
                        buf.extend(r.iter().flat_map(|i| i.to_le_bytes()));
                        Ok::<(), usize>(())
                    };
                    write_in_runs(&items, run, render, |b| {
                        got.extend_from_slice(b);
                        Ok(())
                    })
                    .unwrap();
                    IN_SEQUENCE.set(false);
                    assert_eq!(got, want, "{n} items, runs of {run}, alone {alone}");
                }
            }
        }
        // A run that fails to render, far in: what was before it is written, nothing after.
        let items: Vec<usize> = (0..CHUNK_ITEMS * 3).collect();
        let mut written = 0;
        let failed = write_in_runs(
            &items,
            10,
            |start, r, buf| {
                if start == 5_000 {
                    return Err(start);
                }
                buf.extend(r.iter().map(|_| 0u8));
                Ok(())
            },
            |b| {
                written += b.len();
                Ok(())
            },
        );
        assert_eq!(failed, Err(5_000));
        assert_eq!(written, 5_000);
    }

    /// Past the changes parsed in the document's pass, the rest are parsed after it, as in
    /// threads: the same findings, and an error in a late change at the same place.
    #[test]
    fn changes_past_the_eager_ones_are_read_alike() {
        let n = crate::read::terraform::EAGER_ENTRIES + 3;
        let plan = |bad: Option<usize>| {
            let mut text = String::from(r#"{"format_version":"1.2","resource_changes":["#);
            for i in 0..n {
                let tokens = ["required", "optional"][i % 2];
                let actions = if Some(i) == bad {
                    r#""create""#
                } else {
                    r#"["create"]"#
                };
                if i > 0 {
                    text.push(',');
                }
                text.push_str(&format!(
                    r#"{{"address":"aws_instance.a[{i}]","mode":"managed","type":"aws_instance","name":"a","index":{i},"change":{{"actions":{actions},"after":{{"metadata_options":[{{"http_tokens":"{tokens}"}}]}}}}}}"#
                ));
            }
            text + "]}"
        };
        let options = crate::Options::default();
        let both = |text: &str| {
            let threaded = crate::evaluate(text.as_bytes(), &options);
            IN_SEQUENCE.set(true);
            let alone = crate::evaluate(text.as_bytes(), &options);
            IN_SEQUENCE.set(false);
            (threaded, alone)
        };
        let good = plan(None);
        assert!(good.len() >= AHEAD_BYTES, "threads read every change raw");
        let (threaded, alone) = both(&good);
        let (threaded, alone) = (threaded.unwrap(), alone.unwrap());
        assert_eq!(alone.summary.fail, n / 2);
        assert_eq!(
            crate::report::to_json(&threaded),
            crate::report::to_json(&alone)
        );
        for bad in [1, n - 1] {
            let (threaded, alone) = both(&plan(Some(bad)));
            let (threaded, alone) = (threaded.unwrap_err(), alone.unwrap_err());
            assert_eq!(threaded.to_string(), alone.to_string());
            assert!(
                alone
                    .to_string()
                    .contains(&format!("`$.resource_changes[{bad}].change.actions`")),
                "{alone}"
            );
        }
    }

    #[test]
    fn map_into_appends_in_order_at_every_size() {
        for n in [0, 1, CHUNK_ITEMS - 1, CHUNK_ITEMS, CHUNK_ITEMS * 3 + 7] {
            let items: Vec<usize> = (0..n).collect();
            let mut out = vec![usize::MAX];
            map_into(&items, |i| i * 2, &mut out);
            let mut want = vec![usize::MAX];
            want.extend(items.iter().map(|i| i * 2));
            assert_eq!(out, want, "{n} items");
        }
    }
}
