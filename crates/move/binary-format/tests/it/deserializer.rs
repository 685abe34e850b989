//! Deserializer and bounds-checker rejections with the Aptos status codes.

use lumio_move_binary_format::{
    CompiledModule, CompiledScript, DeserializerConfig, builder::ModuleBuilder,
    check_bounds::BoundsChecker, file_format::*,
};
use lumio_move_core_types::{AbilitySet, AccountAddress, Identifier, StatusCode};

fn uleb(mut v: u64) -> Vec<u8> {
    let mut out = vec![];
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return out;
        }
        out.push(b | 0x80);
    }
}

fn header(version: u32) -> Vec<u8> {
    let mut b = vec![0xA1, 0x1C, 0xEB, 0x0B];
    let v = if version >= 7 {
        version | 0x0A00_0000
    } else {
        version
    };
    b.extend_from_slice(&v.to_le_bytes());
    b
}

/// A script binary from tables and the bytes after the blob.
fn script_bytes(version: u32, tables: &[(u8, Vec<u8>)], trailer: &[u8]) -> Vec<u8> {
    let mut b = header(version);
    b.extend(uleb(tables.len() as u64));
    let mut off = 0u64;
    for (kind, content) in tables {
        b.push(*kind);
        b.extend(uleb(off));
        b.extend(uleb(content.len() as u64));
        off += content.len() as u64;
    }
    for (_, content) in tables {
        b.extend_from_slice(content);
    }
    b.extend_from_slice(trailer);
    b
}

/// `main()` returning immediately: no type params, params = sig 0, (v8+ no access specs),
/// locals = sig 0, code [Ret].
fn ret_trailer(version: u32, code: &[u8]) -> Vec<u8> {
    let mut t = vec![0, 0];
    if version >= 8 {
        t.push(1);
    }
    t.push(0);
    t.extend(code);
    t
}

fn empty_sig() -> (u8, Vec<u8>) {
    (5, vec![0])
}

fn script_err(bytes: &[u8]) -> StatusCode {
    CompiledScript::deserialize(bytes)
        .unwrap_err()
        .major_status()
}

fn module_err(bytes: &[u8]) -> StatusCode {
    CompiledModule::deserialize(bytes)
        .unwrap_err()
        .major_status()
}

#[test]
fn minimal_scripts_round_trip_in_every_version() {
    for v in 5..=10 {
        let bytes = script_bytes(v, &[empty_sig()], &ret_trailer(v, &[1, 0x02]));
        let s = CompiledScript::deserialize(&bytes).unwrap();
        assert_eq!(s.version, v);
        assert_eq!(s.to_bytes().unwrap(), bytes, "v{v}");
    }
}

#[test]
fn hand_built_v10_abort_msg_script() {
    // From the aptos-ts-sdk script parser tests: a v10 script whose body is `AbortMsg`.
    let bytes = [
        0xa1, 0x1c, 0xeb, 0x0b, 10, 0, 0, 10, 1, 5, 0, 1, 0, 0, 0, 1, 0, 1, 0x68,
    ];
    let s = CompiledScript::deserialize(&bytes).unwrap();
    assert_eq!(s.code.code, vec![Bytecode::AbortMsg]);
    assert_eq!(s.to_bytes().unwrap(), bytes);
}

#[test]
fn header_errors() {
    assert_eq!(script_err(&[]), StatusCode::BAD_MAGIC);
    assert_eq!(script_err(&[0xA1, 0x1C, 0xEB]), StatusCode::BAD_MAGIC);
    assert_eq!(
        script_err(&[0xA1, 0x1C, 0xEB, 0x0C, 6, 0, 0, 0]),
        StatusCode::BAD_MAGIC
    );
    assert_eq!(
        script_err(&[0xA1, 0x1C, 0xEB, 0x0B, 6, 0]),
        StatusCode::MALFORMED
    );
    for v in [0u32, 11, 0x0A00_0000 | 11] {
        let mut b = script_bytes(6, &[empty_sig()], &ret_trailer(6, &[1, 2]));
        b[4..8].copy_from_slice(&v.to_le_bytes());
        assert_eq!(script_err(&b), StatusCode::UNKNOWN_VERSION, "{v:#x}");
    }
    // Config maximum.
    let b = script_bytes(7, &[empty_sig()], &ret_trailer(7, &[1, 2]));
    let cfg = DeserializerConfig::new(6, 255);
    assert_eq!(
        CompiledScript::deserialize_with_config(&b, &cfg)
            .unwrap_err()
            .major_status(),
        StatusCode::UNKNOWN_VERSION
    );
    // v7 without the Aptos mask is still v7.
    let mut plain = b;
    plain[4..8].copy_from_slice(&7u32.to_le_bytes());
    assert_eq!(CompiledScript::deserialize(&plain).unwrap().version, 7);
}

#[test]
fn table_errors() {
    let t = ret_trailer(6, &[1, 2]);
    // Unknown kind 0x09.
    assert_eq!(
        script_err(&script_bytes(6, &[(9, vec![0])], &t)),
        StatusCode::UNKNOWN_TABLE_TYPE
    );
    // Duplicate kind.
    assert_eq!(
        script_err(&script_bytes(6, &[empty_sig(), empty_sig()], &t)),
        StatusCode::DUPLICATE_TABLE
    );
    // Empty table.
    assert_eq!(
        script_err(&script_bytes(6, &[empty_sig(), (7, vec![])], &t)),
        StatusCode::BAD_HEADER_TABLE
    );
    // Gap between tables.
    let mut b = header(6);
    b.extend([2, 5, 0, 1, 7, 2, 2]);
    b.extend([0, 0, 1, b'a']);
    b.extend(&t);
    assert_eq!(script_err(&b), StatusCode::BAD_HEADER_TABLE);
    // Table extends past the end.
    let mut b = header(6);
    b.extend([1, 5, 0, 100, 0]);
    assert_eq!(script_err(&b), StatusCode::BAD_HEADER_TABLE);
    // Overlong table count.
    let mut b = header(6);
    b.extend([0x81, 0x00]);
    assert_eq!(script_err(&b), StatusCode::MALFORMED);
    // Module-only table in a script.
    assert_eq!(
        script_err(&script_bytes(6, &[empty_sig(), (0xF, vec![0, 0])], &t)),
        StatusCode::MALFORMED
    );
    // v7 table below v7.
    let m = script_bytes(6, &[empty_sig(), (0x13, vec![0, 0])], &[0]);
    assert_eq!(module_err(&m), StatusCode::MALFORMED);
    // Metadata below v5.
    assert_eq!(
        script_err(&script_bytes(
            4,
            &[empty_sig(), (0x10, vec![1, b'k', 0])],
            &t
        )),
        StatusCode::MALFORMED
    );
    // Trailing bytes are ignored, as Aptos does.
    let mut ok = script_bytes(6, &[empty_sig()], &t);
    ok.push(0);
    assert!(CompiledScript::deserialize(&ok).is_ok());
    // Table blob longer than the rest of the file but within its length: MALFORMED.
    let mut b = header(6);
    b.extend([1, 5, 0, 5]);
    b.extend([0, 0, 0]);
    assert_eq!(script_err(&b), StatusCode::MALFORMED);
    // Mask bits are cleared unconditionally.
    let mut odd = script_bytes(6, &[empty_sig()], &t);
    odd[4..8].copy_from_slice(&0x0200_0006u32.to_le_bytes());
    assert_eq!(CompiledScript::deserialize(&odd).unwrap().version, 6);
}

#[test]
fn token_and_opcode_errors() {
    let t6 = ret_trailer(6, &[1, 2]);
    // Unknown signature token.
    assert_eq!(
        script_err(&script_bytes(6, &[(5, vec![1, 0x17])], &t6)),
        StatusCode::UNKNOWN_SERIALIZED_TYPE
    );
    // u16 token in v5, signed int in v8, function type in v7.
    assert_eq!(
        script_err(&script_bytes(
            5,
            &[(5, vec![1, 0x0D])],
            &ret_trailer(5, &[1, 2])
        )),
        StatusCode::MALFORMED
    );
    assert_eq!(
        script_err(&script_bytes(
            8,
            &[(5, vec![1, 0x11])],
            &ret_trailer(8, &[1, 2])
        )),
        StatusCode::MALFORMED
    );
    assert_eq!(
        script_err(&script_bytes(
            7,
            &[(5, vec![1, 0x10, 0, 0, 0])],
            &ret_trailer(7, &[1, 2])
        )),
        StatusCode::MALFORMED
    );
    // Struct instantiation with zero type arguments.
    assert_eq!(
        script_err(&script_bytes(6, &[(5, vec![1, 0x0B, 0, 0])], &t6)),
        StatusCode::MALFORMED
    );
    // Unknown opcode and opcode below its version.
    assert_eq!(
        script_err(&script_bytes(
            10,
            &[empty_sig()],
            &ret_trailer(10, &[1, 0x69])
        )),
        StatusCode::UNKNOWN_OPCODE
    );
    assert_eq!(
        script_err(&script_bytes(
            9,
            &[empty_sig()],
            &ret_trailer(9, &[1, 0x68])
        )),
        StatusCode::MALFORMED
    );
    assert_eq!(
        script_err(&script_bytes(
            6,
            &[empty_sig()],
            &ret_trailer(6, &[1, 0x4E, 0])
        )),
        StatusCode::MALFORMED
    );
    // Truncated immediates: Aptos' BAD_U* codes for unsigned, MALFORMED for signed.
    let trunc =
        |v: u32, code: &[u8]| script_err(&script_bytes(v, &[empty_sig()], &ret_trailer(v, code)));
    assert_eq!(trunc(6, &[1, 0x48, 1]), StatusCode::BAD_U16);
    assert_eq!(trunc(6, &[1, 0x4A, 1]), StatusCode::BAD_U256);
    assert_eq!(trunc(9, &[1, 0x5E, 1]), StatusCode::MALFORMED);
    assert_eq!(
        script_err(&script_bytes(
            6,
            &[empty_sig()],
            &ret_trailer(6, &[1, 0x06, 1, 2])
        )),
        StatusCode::BAD_U64
    );
    // Ability bits above 0xF: the ULEB bound makes it MALFORMED (as Aptos).
    let mut t = vec![1, 0x10, 0, 0];
    t.extend([1, 2]);
    assert_eq!(
        script_err(&script_bytes(6, &[empty_sig()], &t)),
        StatusCode::MALFORMED
    );
    // Overlong ULEB in a code offset.
    assert_eq!(
        script_err(&script_bytes(
            6,
            &[empty_sig()],
            &ret_trailer(6, &[1, 0x05, 0x80, 0x00])
        )),
        StatusCode::MALFORMED
    );
    // Local index above 255.
    assert_eq!(
        script_err(&script_bytes(
            6,
            &[empty_sig()],
            &ret_trailer(6, &[1, 0x0A, 0x80, 0x02])
        )),
        StatusCode::MALFORMED
    );
}

#[test]
fn signature_depth_limit_is_256() {
    let nested = |depth: usize| {
        let mut t = SignatureToken::U8;
        for _ in 1..depth {
            t = SignatureToken::Vector(Box::new(t));
        }
        t
    };
    for (depth, ok) in [(256, true), (257, false), (400, false)] {
        let mut b = ModuleBuilder::new(AccountAddress::ONE, "m").with_version(6);
        b.signature(vec![nested(depth)]);
        let bytes = b.build().to_bytes().unwrap();
        let r = CompiledModule::deserialize(&bytes);
        assert_eq!(r.is_ok(), ok, "depth {depth}");
        if !ok {
            assert_eq!(r.unwrap_err().major_status(), StatusCode::MALFORMED);
        }
    }
}

#[test]
fn identifier_rules() {
    let with_ident = |v: u32, name: &str| {
        let mut id = uleb(name.len() as u64);
        id.extend(name.as_bytes());
        script_bytes(v, &[empty_sig(), (7, id)], &ret_trailer(v, &[1, 2]))
    };
    assert!(CompiledScript::deserialize(&with_ident(9, "pack$S")).is_ok());
    assert_eq!(script_err(&with_ident(8, "pack$S")), StatusCode::MALFORMED);
    assert!(CompiledScript::deserialize(&with_ident(7, "<SELF>_3")).is_ok());
    assert_eq!(
        script_err(&with_ident(9, "bad-name")),
        StatusCode::MALFORMED
    );
    let long = "a".repeat(256);
    assert_eq!(script_err(&with_ident(6, &long)), StatusCode::MALFORMED);
    let legacy = DeserializerConfig::new(10, 65535);
    assert!(CompiledScript::deserialize_with_config(&with_ident(6, &long), &legacy).is_ok());
    // Not UTF-8.
    let bad = script_bytes(
        6,
        &[empty_sig(), (7, vec![2, 0xC3, 0x28])],
        &ret_trailer(6, &[1, 2]),
    );
    assert_eq!(script_err(&bad), StatusCode::MALFORMED);
}

#[test]
fn function_flags_and_visibility() {
    let mut b = ModuleBuilder::new(AccountAddress::ONE, "m").with_version(6);
    b.add_function(
        "f",
        Visibility::Public,
        true,
        vec![],
        vec![],
        vec![],
        vec![],
        vec![Bytecode::Ret],
    );
    let bytes = b.build().to_bytes().unwrap();
    // The function definition is the last table before the self index: find "vis flags" 01 04.
    let pos = bytes.windows(2).rposition(|w| w == [0x01, 0x04]).unwrap();
    let mut bad = bytes.clone();
    bad[pos + 1] = 0x44;
    assert_eq!(module_err(&bad), StatusCode::INVALID_FLAG_BITS);
    let mut script_vis = bytes.clone();
    script_vis[pos] = 0x02;
    assert_eq!(module_err(&script_vis), StatusCode::MALFORMED);
    let m = CompiledModule::deserialize(&bytes).unwrap();
    assert!(m.function_defs[0].is_entry);
    assert_eq!(m.function_defs[0].visibility, Visibility::Public);
}

#[test]
fn bounds_checker_codes() {
    let base = || {
        let mut b = ModuleBuilder::new(AccountAddress::ONE, "m").with_version(7);
        let (_, sd) = b.add_struct(
            "S",
            AbilitySet::PRIMITIVES,
            vec![],
            vec![("x", SignatureToken::U64)],
        );
        b.field_handle(sd, 0);
        b.add_function(
            "f",
            Visibility::Public,
            false,
            vec![SignatureToken::U64],
            vec![],
            vec![],
            vec![],
            vec![Bytecode::Ret],
        );
        b
    };
    let code = |m: &mut CompiledModule, c: Vec<Bytecode>| {
        m.function_defs[0].code.as_mut().unwrap().code = c;
    };
    assert!(BoundsChecker::verify_module(&base().build()).is_ok());

    let mut m = base().build();
    code(&mut m, vec![Bytecode::Branch(5), Bytecode::Ret]);
    let e = BoundsChecker::verify_module(&m).unwrap_err();
    assert_eq!(e.major_status(), StatusCode::INDEX_OUT_OF_BOUNDS);
    assert_eq!(e.offsets(), &[(FunctionDefinitionIndex(0), 0)]);

    let mut m = base().build();
    code(&mut m, vec![Bytecode::CopyLoc(1), Bytecode::Ret]);
    assert_eq!(
        BoundsChecker::verify_module(&m).unwrap_err().major_status(),
        StatusCode::INDEX_OUT_OF_BOUNDS
    );

    let mut m = base().build();
    code(
        &mut m,
        vec![Bytecode::Call(FunctionHandleIndex(9)), Bytecode::Ret],
    );
    assert_eq!(
        BoundsChecker::verify_module(&m).unwrap_err().major_status(),
        StatusCode::INDEX_OUT_OF_BOUNDS
    );

    let mut m = base().build();
    m.field_handles[0].field = 1;
    assert_eq!(
        BoundsChecker::verify_module(&m).unwrap_err().major_status(),
        StatusCode::INDEX_OUT_OF_BOUNDS
    );

    let mut m = base().build();
    m.self_module_handle_idx = ModuleHandleIndex(3);
    assert_eq!(
        BoundsChecker::verify_module(&m).unwrap_err().major_status(),
        StatusCode::INDEX_OUT_OF_BOUNDS
    );

    let mut m = base().build();
    m.signatures
        .push(Signature(vec![SignatureToken::StructInstantiation(
            StructHandleIndex(0),
            vec![SignatureToken::U8],
        )]));
    assert_eq!(
        BoundsChecker::verify_module(&m).unwrap_err().major_status(),
        StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH
    );

    let mut m = base().build();
    m.signatures.push(Signature(vec![SignatureToken::U8; 255]));
    let big = SignatureIndex((m.signatures.len() - 1) as u16);
    m.function_defs[0].code.as_mut().unwrap().locals = big;
    m.signatures
        .push(Signature(vec![SignatureToken::U8, SignatureToken::U8]));
    m.function_handles[0].parameters = SignatureIndex((m.signatures.len() - 1) as u16);
    assert_eq!(
        BoundsChecker::verify_module(&m).unwrap_err().major_status(),
        StatusCode::TOO_MANY_LOCALS
    );

    let mut m = base().build();
    m.function_handles[0].type_parameters.clear();
    m.signatures
        .push(Signature(vec![SignatureToken::TypeParameter(0)]));
    m.function_handles[0].parameters = SignatureIndex((m.signatures.len() - 1) as u16);
    assert_eq!(
        BoundsChecker::verify_module(&m).unwrap_err().major_status(),
        StatusCode::INDEX_OUT_OF_BOUNDS
    );

    // 255 slots are fine, 256 are too many.
    let mut m = base().build();
    m.signatures.push(Signature(vec![SignatureToken::U8; 254]));
    m.function_defs[0].code.as_mut().unwrap().locals =
        SignatureIndex((m.signatures.len() - 1) as u16);
    assert!(BoundsChecker::verify_module(&m).is_ok());
    m.signatures.push(Signature(vec![SignatureToken::U8; 255]));
    m.function_defs[0].code.as_mut().unwrap().locals =
        SignatureIndex((m.signatures.len() - 1) as u16);
    assert_eq!(
        BoundsChecker::verify_module(&m).unwrap_err().major_status(),
        StatusCode::TOO_MANY_LOCALS
    );

    // Enum without variants.
    let mut b = base();
    b.add_enum("E", AbilitySet::EMPTY, vec![], vec![]);
    assert_eq!(
        BoundsChecker::verify_module(&b.build())
            .unwrap_err()
            .major_status(),
        StatusCode::ZERO_VARIANTS_ERROR
    );

    // A generic struct used without type arguments.
    let mut b = base();
    let g = b.import_struct(
        ModuleHandleIndex(0),
        "G",
        AbilitySet::EMPTY,
        vec![StructTypeParameter {
            constraints: AbilitySet::EMPTY,
            is_phantom: false,
        }],
    );
    b.signature(vec![SignatureToken::Struct(g)]);
    assert_eq!(
        BoundsChecker::verify_module(&b.build())
            .unwrap_err()
            .major_status(),
        StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH
    );

    let m = CompiledModule {
        version: 6,
        ..Default::default()
    };
    assert_eq!(
        BoundsChecker::verify_module(&m).unwrap_err().major_status(),
        StatusCode::NO_MODULE_HANDLES
    );

    // The deserializer runs the checker.
    let mut m = base().build();
    code(
        &mut m,
        vec![Bytecode::LdConst(ConstantPoolIndex(0)), Bytecode::Ret],
    );
    let bytes = m.to_bytes().unwrap();
    assert_eq!(module_err(&bytes), StatusCode::INDEX_OUT_OF_BOUNDS);
    assert!(
        CompiledModule::deserialize_no_check_bounds(&bytes, &DeserializerConfig::default()).is_ok()
    );
    let _ = Identifier::new("x");
}

#[test]
fn forged_counts_fail_without_allocating() {
    // A signature claiming 255 tokens and a code unit claiming 65535 instructions, with no data.
    assert_eq!(
        script_err(&script_bytes(
            6,
            &[(5, vec![0xFF, 0x01])],
            &[0, 0, 0, 0xFF, 0xFF, 0x03]
        )),
        StatusCode::MALFORMED
    );
    assert_eq!(
        script_err(&script_bytes(
            6,
            &[empty_sig()],
            &[0, 0, 0, 0xFF, 0xFF, 0x03]
        )),
        StatusCode::MALFORMED
    );
    // Table size near u32::MAX.
    let mut b = header(6);
    b.extend([1, 5, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
    assert_eq!(script_err(&b), StatusCode::BAD_HEADER_TABLE);
}
