//! Fuzz target: arbitrary bytes → deserialize as module and as script → verify with the
//! production and default configurations, and link a module against itself. Must never
//! panic, and the verifier's panic guard must never fire.

#![no_main]

use libfuzzer_sys::fuzz_target;
use lumio_move_binary_format::file_format::{CompiledModule, CompiledScript};
use lumio_move_verifier::{
    PANIC_MESSAGE, VerifierConfig, verify_module_with_config, verify_module_with_deps,
    verify_script_with_config,
};

fuzz_target!(|data: &[u8]| {
    for config in [VerifierConfig::production(), VerifierConfig::default()] {
        if let Ok(m) = CompiledModule::deserialize(data) {
            if let Err(e) = verify_module_with_config(&config, &m) {
                assert_ne!(e.message(), Some(PANIC_MESSAGE), "verifier panicked");
            }
            if let Err(e) = verify_module_with_deps(&m, [&m]) {
                assert_ne!(e.message(), Some(PANIC_MESSAGE), "linker panicked");
            }
        }
        if let Ok(s) = CompiledScript::deserialize(data) {
            if let Err(e) = verify_script_with_config(&config, &s) {
                assert_ne!(e.message(), Some(PANIC_MESSAGE), "verifier panicked");
            }
        }
    }
});
