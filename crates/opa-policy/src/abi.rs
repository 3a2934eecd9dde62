//! The OPA Wasm ABI's exports over [`crate::evaluate`].
//!
//! A value (what `opa_json_parse` returns and `opa_eval_ctx_set_input` takes) is a 12-byte
//! header in the heap: a tag, the length of its JSON text, and the text's address; the text
//! ends in a NUL, so `opa_json_dump` is the text's address. Only JSON values exist here (this
//! module never makes a Rego set), so `opa_value_parse` and `opa_value_dump` are the JSON
//! ones. `opa_free` and `opa_value_free` leave memory to the next heap pointer reset, as the
//! SDKs expect.

use crate::heap;
use core::arch::wasm32;
use imdsv2_policy::{Error, ErrorCode};

unsafe extern "C" {
    fn opa_abort(addr: *const u8);
    fn opa_println(addr: *const u8);
    fn opa_builtin0(builtin_id: i32, ctx: i32) -> i32;
    fn opa_builtin1(builtin_id: i32, ctx: i32, a: i32) -> i32;
    fn opa_builtin2(builtin_id: i32, ctx: i32, a: i32, b: i32) -> i32;
    fn opa_builtin3(builtin_id: i32, ctx: i32, a: i32, b: i32, c: i32) -> i32;
    fn opa_builtin4(builtin_id: i32, ctx: i32, a: i32, b: i32, c: i32, d: i32) -> i32;
}

/// Keeps the imports the ABI lists in the module, though nothing calls them (the module
/// prints nothing and calls no built-in): hosts provide them, and some look them up.
#[used]
static IMPORTS: Imports = (
    opa_println,
    opa_builtin0,
    opa_builtin1,
    opa_builtin2,
    opa_builtin3,
    opa_builtin4,
);

type Imports = (
    unsafe extern "C" fn(*const u8),
    unsafe extern "C" fn(i32, i32) -> i32,
    unsafe extern "C" fn(i32, i32, i32) -> i32,
    unsafe extern "C" fn(i32, i32, i32, i32) -> i32,
    unsafe extern "C" fn(i32, i32, i32, i32, i32) -> i32,
    unsafe extern "C" fn(i32, i32, i32, i32, i32, i32) -> i32,
);

const VALUE_TAG: u32 = 0x0a1b_0001;
const CTX_TAG: u32 = 0x0a1b_0002;

/// The OPA error codes of `opa_value_add_path` and `opa_value_remove_path`.
const OPA_ERR_OK: i32 = 0;
const OPA_ERR_INVALID_TYPE: i32 = 2;
const OPA_ERR_INVALID_PATH: i32 = 3;

#[repr(C)]
struct Value {
    tag: u32,
    len: u32,
    text: u32,
}

#[repr(C)]
struct Ctx {
    tag: u32,
    input: u32,
    data: u32,
    entrypoint: i32,
    result: u32,
}

/// Fails the call: `opa_abort` with the error's text (the npm SDK throws it), then a trap,
/// should the host's `opa_abort` return. For a host's misuse (an address that holds no value).
fn abort(e: &Error) -> ! {
    let text = crate::abort_text(e);
    // SAFETY: a NUL-terminated string in the module's memory.
    unsafe { opa_abort(text.as_ptr()) };
    wasm32::unreachable()
}

/// The text of the last failed evaluation, NUL-terminated, in the heap: 0 when none.
static mut FAILURE: u32 = 0;

/// Keeps a failed evaluation's text for [`fail`].
fn failed(e: &Error) -> u32 {
    let at = store(&crate::abort_text(e));
    // SAFETY: one thread.
    unsafe { FAILURE = at };
    0
}

/// `opa_abort` with the failed evaluation's text. A host's `opa_abort` throws, so nothing
/// after it runs in this instance's frames: the stack pointer (a global each frame restores
/// on return) stays where those frames left it. So this is called from the export itself,
/// with the evaluation's frames gone (`#[inline(never)]` on them), and nothing is lost
/// however many evaluations fail in one instance (the tests fail 20,000).
#[inline(always)]
fn fail() -> ! {
    // SAFETY: one thread; the text's address from `failed`.
    unsafe { opa_abort(FAILURE as *const u8) };
    wasm32::unreachable()
}

fn internal(message: String) -> ! {
    abort(&Error::new(ErrorCode::InvalidDocument, message))
}

/// Run first by every export: the heap's start, and whatever the core keeps for the life of
/// the instance (the embedded policies, and a first evaluation's lazy statics) allocated
/// below any heap pointer the host can see, so that no reset takes them back.
fn init() {
    static mut DONE: bool = false;
    // SAFETY: one thread.
    if unsafe { DONE } {
        heap::begin_call();
        return;
    }
    // SAFETY: one thread.
    unsafe { DONE = true };
    heap::top();
    let _ = imdsv2_policy::policy::all();
    let warm = br#"{"Reservations":[{"Instances":[{"InstanceId":"i-0","MetadataOptions":{"HttpTokens":"optional","HttpEndpoint":"enabled"}}]}]}"#;
    // In Japanese, so that the catalogue (parsed once, `i18n::japanese`) is among them: parsed
    // in a call, it sat above the heap pointer the host resets after the call, and the next
    // call's blocks overwrote it.
    let _ = crate::evaluate(0, warm, br#"{"imdsv2":{"options":{"lang":"ja"}}}"#);
    imdsv2_policy::remediation::forget_rendered();
    heap::begin_call();
}

/// `len` bytes of text and a NUL, in a fresh block; its address.
fn store(text: &[u8]) -> u32 {
    let mut block = Vec::with_capacity(text.len() + 1);
    block.extend_from_slice(text);
    block.push(0);
    let at = block.as_ptr() as u32;
    core::mem::forget(block);
    at
}

fn new_value(text: &[u8]) -> u32 {
    let value = Box::new(Value {
        tag: VALUE_TAG,
        len: text.len() as u32,
        text: store(text),
    });
    Box::into_raw(value) as u32
}

/// A header this module writes in the heap, its tag first.
trait Header {
    const TAG: u32;
    const WHAT: &'static str;
}

impl Header for Value {
    const TAG: u32 = VALUE_TAG;
    const WHAT: &'static str = "value";
}

impl Header for Ctx {
    const TAG: u32 = CTX_TAG;
    const WHAT: &'static str = "evaluation context";
}

/// The header at `addr`; aborts when there is none.
fn header<T: Header>(addr: u32) -> &'static mut T {
    let size = core::mem::size_of::<T>();
    if addr == 0 || !addr.is_multiple_of(4) || addr as usize + size > wasm32::memory_size(0) * 65536
    {
        internal(format!("no {} at address {addr}", T::WHAT));
    }
    // SAFETY: in bounds and aligned, and a tag (the first field of each header) is any u32.
    if unsafe { *(addr as *const u32) } != T::TAG {
        internal(format!("no {} at address {addr}", T::WHAT));
    }
    // SAFETY: this module wrote a `T` there, as its tag says.
    unsafe { &mut *(addr as *mut T) }
}

fn value(addr: u32) -> &'static mut Value {
    header(addr)
}

fn ctx(addr: u32) -> &'static mut Ctx {
    header(addr)
}

fn text(v: &Value) -> &'static [u8] {
    // SAFETY: the module wrote `len` bytes at `text`.
    unsafe { core::slice::from_raw_parts(v.text as *const u8, v.len as usize) }
}

/// The host's bytes at `addr`.
fn host_bytes(addr: u32, len: u32) -> &'static [u8] {
    let end = addr as usize + len as usize;
    if end > wasm32::memory_size(0) * 65536 {
        internal(format!("{len} bytes at {addr} are outside the memory"));
    }
    // SAFETY: in bounds; the host wrote them.
    unsafe { core::slice::from_raw_parts(addr as *const u8, len as usize) }
}

fn is_json(text: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(text).is_ok()
}

#[unsafe(no_mangle)]
pub extern "C" fn entrypoints() -> u32 {
    init();
    new_value(crate::entrypoints_json().as_bytes())
}

#[unsafe(no_mangle)]
pub extern "C" fn builtins() -> u32 {
    init();
    new_value(b"{}")
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_malloc(size: u32) -> u32 {
    init();
    match std::alloc::Layout::from_size_align((size as usize).max(1), 8) {
        // SAFETY: a layout of non-zero size.
        Ok(layout) => unsafe { std::alloc::alloc(layout) as u32 },
        Err(_) => 0,
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_free(_addr: u32) {}

#[unsafe(no_mangle)]
pub extern "C" fn opa_value_free(_addr: u32) {}

#[unsafe(no_mangle)]
pub extern "C" fn opa_heap_ptr_get() -> u32 {
    init();
    heap::top() as u32
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_heap_ptr_set(addr: u32) {
    init();
    heap::set_top(addr as usize);
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_heap_blocks_stash() {
    init();
    heap::stash();
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_heap_blocks_restore() {
    init();
    heap::restore();
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_heap_stash_clear() {
    init();
    heap::clear_stash();
}

/// 0 when the text is not JSON, as the ABI says. NULs at the end are not part of the text:
/// the Rust SDK (the `opa-wasm` crate) counts the C string's terminator in `len`.
#[unsafe(no_mangle)]
pub extern "C" fn opa_json_parse(addr: u32, len: u32) -> u32 {
    init();
    let text = host_bytes(addr, len);
    let end = text
        .iter()
        .rposition(|&b| b != 0)
        .map_or(0, |last| last + 1);
    let text = text.get(..end).unwrap_or_default();
    if is_json(text) { new_value(text) } else { 0 }
}

/// JSON only: this module has no use for Rego sets, so their literals are refused (0).
#[unsafe(no_mangle)]
pub extern "C" fn opa_value_parse(addr: u32, len: u32) -> u32 {
    opa_json_parse(addr, len)
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_json_dump(addr: u32) -> u32 {
    init();
    value(addr).text
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_value_dump(addr: u32) -> u32 {
    opa_json_dump(addr)
}

/// The path value as object keys; `None` when it is not an array of strings.
fn path(addr: u32) -> Option<Vec<String>> {
    serde_json::from_slice(text(value(addr))).ok()
}

type Object = serde_json::Map<String, serde_json::Value>;

/// Changes the object at `path_addr`'s parent path in the value at `base`: `change` gets that
/// object and the last key, and says whether it changed anything. Missing objects on the way
/// are made when `make` is set. The value is unchanged on any error.
fn edit(
    base: u32,
    path_addr: u32,
    make: bool,
    change: impl FnOnce(&mut Object, &str) -> bool,
) -> i32 {
    let Some(keys) = path(path_addr) else {
        return OPA_ERR_INVALID_TYPE;
    };
    let base = value(base);
    let Ok(mut doc) = serde_json::from_slice::<serde_json::Value>(text(base)) else {
        return OPA_ERR_INVALID_TYPE;
    };
    let Some((last, parents)) = keys.split_last() else {
        return OPA_ERR_INVALID_PATH;
    };
    let mut here = &mut doc;
    for key in parents {
        let Some(object) = here.as_object_mut() else {
            return OPA_ERR_INVALID_PATH;
        };
        if make {
            here = object
                .entry(key.clone())
                .or_insert_with(|| serde_json::Value::Object(Object::new()));
        } else if let Some(next) = object.get_mut(key) {
            here = next;
        } else {
            return OPA_ERR_INVALID_PATH;
        }
    }
    let Some(object) = here.as_object_mut() else {
        return OPA_ERR_INVALID_PATH;
    };
    if change(object, last) {
        replace(base, &doc);
    }
    OPA_ERR_OK
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_value_add_path(base: u32, path_addr: u32, value_addr: u32) -> i32 {
    init();
    let Ok(added) = serde_json::from_slice::<serde_json::Value>(text(value(value_addr))) else {
        return OPA_ERR_INVALID_TYPE;
    };
    edit(base, path_addr, true, |object, key| {
        object.insert(key.to_owned(), added);
        true
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_value_remove_path(base: u32, path_addr: u32) -> i32 {
    init();
    edit(base, path_addr, false, |object, key| {
        object.remove(key).is_some()
    })
}

/// Points `base` at the new text of `doc`: the header stays where the host knows it.
fn replace(base: &mut Value, doc: &serde_json::Value) {
    let text = serde_json::to_vec(doc).unwrap_or_default();
    base.len = text.len() as u32;
    base.text = store(&text);
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_eval_ctx_new() -> u32 {
    init();
    let ctx = Box::new(Ctx {
        tag: CTX_TAG,
        input: 0,
        data: 0,
        entrypoint: 0,
        result: 0,
    });
    Box::into_raw(ctx) as u32
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_eval_ctx_set_input(ctx_addr: u32, input: u32) {
    init();
    ctx(ctx_addr).input = input;
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_eval_ctx_set_data(ctx_addr: u32, data: u32) {
    init();
    ctx(ctx_addr).data = data;
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_eval_ctx_set_entrypoint(ctx_addr: u32, entrypoint: i32) {
    init();
    ctx(ctx_addr).entrypoint = entrypoint;
}

#[unsafe(no_mangle)]
pub extern "C" fn opa_eval_ctx_get_result(ctx_addr: u32) -> u32 {
    init();
    ctx(ctx_addr).result
}

/// The evaluation's result set, as text in the heap; `Err` after [`failed`]. An input that
/// is not set leaves `input` undefined: OPA's result set is then empty. `data` 0 is no data.
fn run(entrypoint: i32, input: Option<&[u8]>, data: u32) -> Result<Vec<u8>, u32> {
    let Some(input) = input else {
        return Ok(b"[]".to_vec());
    };
    let data = if data == 0 {
        &b""[..]
    } else {
        text(value(data))
    };
    let result = crate::evaluate(entrypoint, input, data);
    imdsv2_policy::remediation::forget_rendered();
    result.map(String::into_bytes).map_err(|e| failed(&e))
}

#[unsafe(no_mangle)]
pub extern "C" fn eval(ctx_addr: u32) -> i32 {
    if eval_in(ctx_addr) != 0 {
        fail();
    }
    0
}

#[inline(never)]
fn eval_in(ctx_addr: u32) -> i32 {
    init();
    let c = ctx(ctx_addr);
    let input = (c.input != 0).then(|| text(value(c.input)));
    let Ok(result) = run(c.entrypoint, input, c.data) else {
        return 1;
    };
    ctx(ctx_addr).result = new_value(&result);
    0
}

/// ABI 1.2's one call: the input is the host's JSON text at `input` (not a parsed value),
/// and the heap starts at `heap_ptr`. The answer is the result set's text (format 0, JSON;
/// format 1, Rego values, is the same text for the JSON this module answers).
#[unsafe(no_mangle)]
pub extern "C" fn opa_eval(
    _reserved: u32,
    entrypoint: i32,
    data: u32,
    input: u32,
    input_len: u32,
    heap_ptr: u32,
    _format: i32,
) -> u32 {
    let at = opa_eval_in(entrypoint, data, input, input_len, heap_ptr);
    if at == 0 {
        fail();
    }
    at
}

#[inline(never)]
fn opa_eval_in(entrypoint: i32, data: u32, input: u32, input_len: u32, heap_ptr: u32) -> u32 {
    init();
    heap::set_top(heap_ptr as usize);
    let input = (input != 0).then(|| host_bytes(input, input_len));
    match run(entrypoint, input, data) {
        Ok(result) => {
            let mut result = core::mem::ManuallyDrop::new(result);
            result.push(0);
            result.as_ptr() as u32
        }
        Err(failure) => failure,
    }
}
