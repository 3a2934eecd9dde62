//! How large an input each build reads. A wasm32 instance has one 4 GiB address space for the
//! input and everything read from it; an input too large for it used to trap the instance
//! (`unreachable`, no error code) halfway through. Every shell checks the size against
//! [`max_input_bytes`] before it reads or copies the input, and [`check`] repeats the check in
//! the core, so that every host words the refusal the same way.

use crate::error::{Error, ErrorCode};
use crate::options::Options;

/// The largest input the WebAssembly builds read: 1 GiB. Measured peak memory of an
/// instance judging a plan (`README.md`, "Limits"): about 1.9 times the input for the
/// benchmark's plan (the input, its inventory and findings, the report's JSON), so a 1 GiB
/// plan peaks near 2 GiB, half of wasm32's 4 GiB, which leaves room for plans whose findings
/// are larger than their resources. The native CLI has no limit.
pub const WASM32_MAX_INPUT_BYTES: u64 = 1 << 30;

/// The limit of this build: [`WASM32_MAX_INPUT_BYTES`] on wasm32, none natively.
pub const fn build_limit() -> Option<u64> {
    if cfg!(target_arch = "wasm32") {
        Some(WASM32_MAX_INPUT_BYTES)
    } else {
        None
    }
}

/// The limit that applies: the build's, lowered by `maxInputBytes` when it is set.
pub fn max_input_bytes(options: &Options) -> Option<u64> {
    match (build_limit(), options.max_input_bytes) {
        (Some(build), Some(asked)) => Some(build.min(asked)),
        (build, asked) => build.or(asked),
    }
}

/// An `input-too-large` error when `size` bytes are more than the limit that applies.
pub fn check(size: u64, options: &Options) -> Result<(), Error> {
    match max_input_bytes(options) {
        Some(limit) if size > limit => Err(too_large(size, limit, options)),
        _ => Ok(()),
    }
}

/// The error for an input of `size` bytes over `limit`, worded by who set the limit.
#[cold]
pub fn too_large(size: u64, limit: u64, options: &Options) -> Error {
    let by_option =
        options.max_input_bytes == Some(limit) && build_limit().is_none_or(|build| limit < build);
    let (whose, help) = if by_option {
        (
            "the limit set by `maxInputBytes`",
            "raise `maxInputBytes` (`--max-input-bytes` on the command line), or leave it out",
        )
    } else {
        (
            "the WebAssembly build's limit (1 GiB of its 4 GiB of memory)",
            "check this input with the native CLI (`cargo install --path .`), which has no such limit",
        )
    };
    Error::new(
        ErrorCode::InputTooLarge,
        format!("the input is {size} bytes, more than {whose}: {limit} bytes"),
    )
    .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_only_lowers_the_limit() {
        let low = Options {
            max_input_bytes: Some(100),
            ..Options::default()
        };
        assert!(check(100, &low).is_ok());
        let e = check(101, &low).unwrap_err();
        assert_eq!(e.code, ErrorCode::InputTooLarge);
        assert_eq!(
            e.to_string(),
            "error[input-too-large]: the input is 101 bytes, more than the limit set by `maxInputBytes`: 100 bytes\n  help: raise `maxInputBytes` (`--max-input-bytes` on the command line), or leave it out"
        );
        // Natively there is no limit of the build: a large option is the limit.
        let high = Options {
            max_input_bytes: Some(u64::MAX),
            ..Options::default()
        };
        assert!(check(u64::MAX, &high).is_ok());
        assert!(check(u64::MAX, &Options::default()).is_ok());
    }

    #[test]
    fn the_build_limit_names_the_native_cli() {
        let e = too_large(3 << 30, WASM32_MAX_INPUT_BYTES, &Options::default());
        assert_eq!(
            e.message,
            "the input is 3221225472 bytes, more than the WebAssembly build's limit (1 GiB of its 4 GiB of memory): 1073741824 bytes"
        );
        assert!(
            e.help
                .unwrap_or_default()
                .contains("`cargo install --path .`")
        );
    }
}
