#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| imdsv2_policy_fuzz::describe(data));
