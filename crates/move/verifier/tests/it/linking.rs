//! Link-time checks: handles against dependency definitions, visibility, cycles.

use lumio_move_binary_format::file_format::{Bytecode::*, *};
use lumio_move_core_types::{AccountAddress, StatusCode, StatusCode as S};
use lumio_move_verifier::{
    verify_module, verify_module_with_available, verify_module_with_deps, verify_script_with_deps,
};

use crate::builder::*;

const ONE: AccountAddress = AccountAddress::ONE;

/// `0x1::D` with `public fun g(u64)`, `public(friend) fun fr()`, `fun priv()`,
/// `struct T has copy, drop { a: u64 }`, `struct P<phantom X> has drop { a: u64 }`,
/// friends as given.
fn dep(friends: &[&str]) -> CompiledModule {
    let mut b = B::named(ONE, "D");
    b.struct_("T", copy_drop(), vec![], vec![("a", ST::U64)]);
    b.struct_("P", drop_(), vec![(NONE, true)], vec![("a", ST::U64)]);
    b.f("g", vec![ST::U64], vec![], vec![], vec![Ret]);
    b.fun(Fun::new("fr", vec![], vec![], vec![], vec![Ret]).visibility(Visibility::Friend));
    b.fun(Fun::new("priv", vec![], vec![], vec![], vec![Ret]).visibility(Visibility::Private));
    b.fun(Fun::new("gen", vec![], vec![], vec![], vec![Ret]).tparams(vec![ab(&[Ability::Copy])]));
    for f in friends {
        b.friend(ONE, f);
    }
    b.build()
}

/// `0x1::M` calling `0x1::D::<name>` with the given imported signature.
fn caller(name: &str, params: Vec<ST>, code: Vec<Bytecode>) -> CompiledModule {
    let mut b = B::new();
    let d = b.module_handle(ONE, "D");
    let g = b.fun_handle(d, name, vec![], params, vec![]);
    let mut code = code;
    for i in &mut code {
        if let Call(h) = i {
            *h = g;
        }
    }
    b.f("f", vec![], vec![], vec![], code);
    b.build()
}

struct LinkCase {
    name: &'static str,
    module: CompiledModule,
    deps: Vec<CompiledModule>,
    code: StatusCode,
}

fn cases() -> Vec<LinkCase> {
    let mut v = Vec::new();
    let call = |h: u16| Call(FunctionHandleIndex(h));
    v.push(LinkCase {
        name: "imported module not given",
        module: caller("g", vec![ST::U64], vec![LdU64(1), call(0), Ret]),
        deps: vec![],
        code: S::MISSING_DEPENDENCY,
    });
    v.push(LinkCase {
        name: "imported function missing",
        module: caller("nope", vec![ST::U64], vec![LdU64(1), call(0), Ret]),
        deps: vec![dep(&[])],
        code: S::LOOKUP_FAILED,
    });
    v.push(LinkCase {
        name: "imported function with another parameter type",
        module: caller("g", vec![ST::U8], vec![LdU8(1), call(0), Ret]),
        deps: vec![dep(&[])],
        code: S::TYPE_MISMATCH,
    });
    v.push(LinkCase {
        name: "imported function with an extra return value",
        module: {
            let mut b = B::new();
            let d = b.module_handle(ONE, "D");
            let g = b.fun_handle(d, "g", vec![], vec![ST::U64], vec![ST::U64]);
            b.f(
                "f",
                vec![],
                vec![],
                vec![],
                vec![LdU64(1), Call(g), Pop, Ret],
            );
            b.build()
        },
        deps: vec![dep(&[])],
        code: S::TYPE_MISMATCH,
    });
    v.push(LinkCase {
        name: "imported generic function with weaker constraints",
        module: {
            let mut b = B::new();
            let d = b.module_handle(ONE, "D");
            let g = b.fun_handle(d, "gen", vec![NONE], vec![], vec![]);
            let gi = b.fun_inst(g, vec![ST::Signer]);
            b.f("f", vec![], vec![], vec![], vec![CallGeneric(gi), Ret]);
            b.build()
        },
        deps: vec![dep(&[])],
        code: S::TYPE_MISMATCH,
    });
    v.push(LinkCase {
        name: "call of a private function",
        module: caller("priv", vec![], vec![call(0), Ret]),
        deps: vec![dep(&[])],
        code: S::LOOKUP_FAILED,
    });
    v.push(LinkCase {
        name: "call of a friend function from a non-friend",
        module: caller("fr", vec![], vec![call(0), Ret]),
        deps: vec![dep(&[])],
        code: S::LOOKUP_FAILED,
    });
    v.push(LinkCase {
        name: "imported struct missing",
        module: {
            let mut b = B::new();
            let d = b.module_handle(ONE, "D");
            let t = b.struct_handle(d, "Nope", drop_(), vec![]);
            b.f(
                "f",
                vec![ST::Struct(t)],
                vec![],
                vec![],
                vec![MoveLoc(0), Pop, Ret],
            );
            b.build()
        },
        deps: vec![dep(&[])],
        code: S::LOOKUP_FAILED,
    });
    v.push(LinkCase {
        name: "imported struct claims more abilities",
        module: {
            let mut b = B::new();
            let d = b.module_handle(ONE, "D");
            b.struct_handle(d, "T", ALL, vec![]);
            b.f("f", vec![], vec![], vec![], vec![Ret]);
            b.build()
        },
        deps: vec![dep(&[])],
        code: S::TYPE_MISMATCH,
    });
    v.push(LinkCase {
        name: "imported struct with another type parameter count",
        module: {
            let mut b = B::new();
            let d = b.module_handle(ONE, "D");
            b.struct_handle(d, "T", copy_drop(), vec![(NONE, false)]);
            b.f("f", vec![], vec![], vec![], vec![Ret]);
            b.build()
        },
        deps: vec![dep(&[])],
        code: S::TYPE_MISMATCH,
    });
    v.push(LinkCase {
        name: "imported struct marks a non-phantom parameter phantom",
        module: {
            let mut b = B::new();
            let d = b.module_handle(ONE, "D2");
            b.struct_handle(d, "Q", drop_(), vec![(NONE, true)]);
            b.f("f", vec![], vec![], vec![], vec![Ret]);
            b.build()
        },
        deps: vec![{
            let mut b = B::named(ONE, "D2");
            b.struct_("Q", drop_(), vec![(NONE, false)], vec![("a", tp(0))]);
            b.build()
        }],
        code: S::TYPE_MISMATCH,
    });
    v.push(LinkCase {
        name: "cyclic dependency",
        module: caller("g", vec![ST::U64], vec![LdU64(1), call(0), Ret]),
        deps: vec![{
            // D imports M.
            let mut b = B::named(ONE, "D");
            b.f("g", vec![ST::U64], vec![], vec![], vec![Ret]);
            b.module_handle(ONE, "M");
            b.build()
        }],
        code: S::CYCLIC_MODULE_DEPENDENCY,
    });
    v.push(LinkCase {
        name: "cyclic friendship",
        module: {
            let mut b = B::new();
            b.friend(ONE, "N");
            b.build()
        },
        deps: vec![{
            let mut b = B::named(ONE, "N");
            b.friend(ONE, "M");
            b.build()
        }],
        code: S::CYCLIC_MODULE_FRIENDSHIP,
    });
    v.push(LinkCase {
        name: "friend that is also a dependency",
        module: {
            let mut b = caller("g", vec![ST::U64], vec![LdU64(1), call(0), Ret]);
            let a = b
                .address_identifiers
                .iter()
                .position(|x| *x == ONE)
                .unwrap_or(0);
            let n = b
                .identifiers
                .iter()
                .position(|x| x.as_str() == "D")
                .unwrap_or(0);
            b.friend_decls.push(ModuleHandle {
                address: AddressIdentifierIndex(a as u16),
                name: IdentifierIndex(n as u16),
            });
            b
        },
        deps: vec![dep(&[])],
        code: S::INVALID_FRIEND_DECL_WITH_MODULES_IN_DEPENDENCIES,
    });
    v
}

#[test]
fn link_failures() {
    let cases = cases();
    let mut failures = Vec::new();
    for c in &cases {
        // The module itself must be intra-module valid, so the failure is the link's.
        if let Err(e) = verify_module(&c.module) {
            failures.push(format!("{}: module itself invalid: {e}", c.name));
            continue;
        }
        match verify_module_with_deps(&c.module, &c.deps) {
            Ok(()) => failures.push(format!("{}: expected {}, linked OK", c.name, c.code)),
            Err(e) if e.major_status() == c.code => {}
            Err(e) => failures.push(format!("{}: expected {}, got {e}", c.name, c.code)),
        }
    }
    eprintln!("link corpus: {} cases", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn link_successes() {
    let d = dep(&["M"]);
    verify_module(&d).unwrap();
    // Public call, friend call as a declared friend, imported struct with matching shape.
    let mut b = B::new();
    let dh = b.module_handle(ONE, "D");
    let g = b.fun_handle(dh, "g", vec![], vec![ST::U64], vec![]);
    let fr = b.fun_handle(dh, "fr", vec![], vec![], vec![]);
    let t = b.struct_handle(dh, "T", copy_drop(), vec![]);
    let gen_ = b.fun_handle(
        dh,
        "gen",
        vec![ab(&[Ability::Copy, Ability::Drop])],
        vec![],
        vec![],
    );
    let gi = b.fun_inst(gen_, vec![ST::U64]);
    b.f(
        "f",
        vec![ST::Struct(t)],
        vec![],
        vec![],
        vec![
            LdU64(1),
            Call(g),
            Call(fr),
            CallGeneric(gi),
            MoveLoc(0),
            Pop,
            Ret,
        ],
    );
    let m = b.build();
    verify_module(&m).unwrap();
    verify_module_with_deps(&m, [&d]).unwrap();
    // Unrelated extra modules are ignored.
    let other = B::named(AccountAddress::TWO, "Other").build();
    verify_module_with_deps(&m, [&other, &d]).unwrap();
    // Lenient mode skips what it cannot see.
    verify_module_with_available(&m, []).unwrap();
    assert_eq!(
        verify_module_with_deps(&m, []).unwrap_err().major_status(),
        S::MISSING_DEPENDENCY
    );
}

#[test]
fn script_links() {
    let d = dep(&[]);
    let script_calling = |name: &str| {
        let mut s = CompiledScript {
            version: 6,
            ..Default::default()
        };
        s.address_identifiers.push(ONE);
        s.identifiers
            .push(lumio_move_core_types::Identifier::new("D").unwrap());
        s.identifiers
            .push(lumio_move_core_types::Identifier::new(name).unwrap());
        s.module_handles.push(ModuleHandle {
            address: AddressIdentifierIndex(0),
            name: IdentifierIndex(0),
        });
        s.signatures.push(Signature(vec![]));
        s.function_handles.push(FunctionHandle {
            module: ModuleHandleIndex(0),
            name: IdentifierIndex(1),
            parameters: SignatureIndex(0),
            return_: SignatureIndex(0),
            type_parameters: vec![],
            access_specifiers: None,
            attributes: vec![],
        });
        s.parameters = SignatureIndex(0);
        s.code = CodeUnit {
            locals: SignatureIndex(0),
            code: vec![Call(FunctionHandleIndex(0)), Ret],
        };
        s
    };
    let ok = {
        let mut s = script_calling("g");
        s.signatures.push(Signature(vec![ST::U64]));
        s.function_handles[0].parameters = SignatureIndex(1);
        s.code.code = vec![LdU64(3), Call(FunctionHandleIndex(0)), Ret];
        s
    };
    lumio_move_verifier::verify_script(&ok).unwrap();
    verify_script_with_deps(&ok, [&d]).unwrap();
    let fr = script_calling("fr");
    assert_eq!(
        verify_script_with_deps(&fr, [&d])
            .unwrap_err()
            .major_status(),
        S::LOOKUP_FAILED
    );
    assert_eq!(
        verify_script_with_deps(&fr, []).unwrap_err().major_status(),
        S::MISSING_DEPENDENCY
    );
}
