//! The module's one allocator, over the memory the host passes in. The OPA ABI lets the host
//! read the heap pointer (`opa_heap_ptr_get`) and later set it back (`opa_heap_ptr_set`,
//! `opa_eval`'s `heap_ptr`), taking back everything allocated above it; the SDKs do that
//! before each evaluation. So the heap is a bump region whose top is that pointer, and blocks
//! freed during a call are reused from free lists (by power-of-two size class) until the
//! host next moves the pointer, when the lists are dropped. A large evaluation then needs
//! about its peak memory, not everything it ever allocated.
//!
//! The module is single-threaded (wasm32 without atomics), so the state is a plain static.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;

const PAGE: usize = 65536;
/// Blocks are 16 bytes apart at least, and 16-aligned.
const MIN_BLOCK: usize = 16;
/// Size classes 16 B to 1 MiB are listed; larger blocks have their exact size and are
/// reused only when freed at the top.
const CLASSES: usize = 17;

struct State {
    /// The heap pointer: the first byte not in use. 0 until the first call.
    top: usize,
    /// Blocks below here belong to earlier calls (or to the host): freeing one never lowers
    /// `top`.
    floor: usize,
    /// The first free block of each class; each free block holds the address of the next.
    free: [usize; CLASSES],
    /// `opa_heap_blocks_stash`'s copy of `free`.
    stash: [usize; CLASSES],
}

struct Heap(UnsafeCell<State>);

// SAFETY: the module has one thread (no `atomics` target feature): no two calls run at once.
unsafe impl Sync for Heap {}

#[global_allocator]
static HEAP: Heap = Heap(UnsafeCell::new(State {
    top: 0,
    floor: 0,
    free: [0; CLASSES],
    stash: [0; CLASSES],
}));

unsafe extern "C" {
    /// The end of the stack and static data, from the linker.
    static __heap_base: u8;
}

fn state() -> &'static mut State {
    // SAFETY: one thread, and no caller holds the reference across another call.
    unsafe { &mut *HEAP.0.get() }
}

/// The heap pointer, set up on first use.
pub fn top() -> usize {
    let s = state();
    if s.top == 0 {
        s.top = align_up(core::ptr::addr_of!(__heap_base) as usize, MIN_BLOCK);
        s.floor = s.top;
    }
    s.top
}

/// `opa_heap_ptr_set`: everything from `at` up is the host's again.
pub fn set_top(at: usize) {
    let s = state();
    s.top = align_up(at, MIN_BLOCK);
    s.floor = s.top;
    s.free = [0; CLASSES];
}

/// Called at the start of each export: blocks allocated before it are left where they are.
pub fn begin_call() {
    let t = top();
    state().floor = t;
}

pub fn stash() {
    let s = state();
    s.stash = s.free;
    s.free = [0; CLASSES];
}

pub fn restore() {
    let s = state();
    s.free = s.stash;
    s.stash = [0; CLASSES];
}

pub fn clear_stash() {
    state().stash = [0; CLASSES];
}

fn align_up(n: usize, align: usize) -> usize {
    (n + align - 1) & !(align - 1)
}

/// The class of a block of `size` bytes and the block's size.
fn class(size: usize) -> (Option<usize>, usize) {
    let block = size.max(MIN_BLOCK).next_power_of_two();
    let c = (block.trailing_zeros() - MIN_BLOCK.trailing_zeros()) as usize;
    if c < CLASSES {
        (Some(c), block)
    } else {
        (None, align_up(size, MIN_BLOCK))
    }
}

/// Grows the memory so that it holds `end`; false when the host refuses.
fn reserve(end: usize) -> bool {
    let have = wasm32::memory_size(0) * PAGE;
    if end <= have {
        return true;
    }
    let pages = (end - have).div_ceil(PAGE);
    wasm32::memory_grow(0, pages) != usize::MAX
}

/// `size` bytes at the top, aligned to `align`.
fn bump(size: usize, align: usize) -> *mut u8 {
    let start = align_up(top(), align.max(MIN_BLOCK));
    let Some(end) = start.checked_add(size) else {
        return core::ptr::null_mut();
    };
    if !reserve(end) {
        return core::ptr::null_mut();
    }
    state().top = end;
    start as *mut u8
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let (c, block) = class(layout.size());
        if let Some(c) = c
            && layout.align() <= MIN_BLOCK
        {
            let s = state();
            if let Some(head) = s.free.get_mut(c)
                && *head != 0
            {
                let block = *head;
                // SAFETY: a free block holds the next one's address in its first word.
                *head = unsafe { *(block as *const usize) };
                return block as *mut u8;
            }
        }
        bump(block, layout.align())
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let at = ptr as usize;
        let (c, block) = class(layout.size());
        let s = state();
        if at >= s.floor && at + block == s.top {
            s.top = at;
        } else if let Some(head) = c.and_then(|c| s.free.get_mut(c)) {
            // SAFETY: the block is the caller's no more and holds at least 16 bytes.
            unsafe { *(at as *mut usize) = *head };
            *head = at;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let at = ptr as usize;
        let (_, old_block) = class(layout.size());
        let (_, new_block) = class(new_size);
        let s = state();
        if at >= s.floor && at + old_block == s.top {
            // The top block grows or shrinks where it is.
            if !reserve(at + new_block) {
                return core::ptr::null_mut();
            }
            s.top = at + new_block;
            return ptr;
        }
        if new_block <= old_block {
            return ptr;
        }
        // SAFETY: the same alignment as a valid layout, and a size that fit memory before.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as `GlobalAlloc::realloc` documents.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are at least `layout.size()` long and do not overlap.
            unsafe {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size());
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}
