//! Arbitrary bytes into the module and script deserializers. Anything accepted must survive
//! serialize → deserialize unchanged and be printable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lumio_move_binary_format::{CompiledModule, CompiledScript, abi, disassembler};

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = CompiledModule::deserialize(data) {
        if let Ok(bytes) = m.to_bytes() {
            let back = CompiledModule::deserialize(&bytes).expect("re-serialized module must load");
            assert_eq!(back, m);
        }
        let _ = disassembler::disassemble_module(&m);
        let _ = abi::module_abi(&m);
    }
    if let Ok(s) = CompiledScript::deserialize(data) {
        if let Ok(bytes) = s.to_bytes() {
            let back = CompiledScript::deserialize(&bytes).expect("re-serialized script must load");
            assert_eq!(back, s);
        }
        let _ = disassembler::disassemble_script(&s);
    }
});
