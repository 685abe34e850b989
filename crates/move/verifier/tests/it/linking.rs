//! Link-time checks: handles against dependency definitions, visibility, cycles.

use lumio_move_binary_format::file_format::{Bytecode::*, *};
use lumio_move_core_types::{AccountAddress, StatusCode, StatusCode as S};
use lumio_move_verifier::{
    verify_module, verify_module_with_available, verify_module_with_deps, verify_module_with_store,
    verify_script_with_deps,
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
    // Imports are checked whether or not anything calls them, visibility included.
    v.push(LinkCase {
        name: "unused import of a private function",
        module: caller("priv", vec![], vec![Ret]),
        deps: vec![dep(&[])],
        code: S::LOOKUP_FAILED,
    });
    v.push(LinkCase {
        name: "unused import of a friend function by a non-friend",
        module: caller("fr", vec![], vec![Ret]),
        deps: vec![dep(&[])],
        code: S::LOOKUP_FAILED,
    });
    v.push(LinkCase {
        name: "import of a private function with another signature (visibility first)",
        module: caller("priv", vec![ST::U64], vec![Ret]),
        deps: vec![dep(&[])],
        code: S::LOOKUP_FAILED,
    });
    v.push(LinkCase {
        name: "friend function imported by a declared friend with another parameter type",
        module: caller("fr", vec![ST::U64], vec![Ret]),
        deps: vec![dep(&["M"])],
        code: S::TYPE_MISMATCH,
    });
    v.push(LinkCase {
        name: "unused import of a missing function",
        module: caller("nope", vec![], vec![Ret]),
        deps: vec![dep(&[])],
        code: S::LOOKUP_FAILED,
    });
    // The closures are walked through the whole store, not only the direct imports.
    v.push(LinkCase {
        name: "cyclic dependency through a module not imported directly",
        module: importing("M", &["A"]),
        deps: vec![importing("A", &["B"]), importing("B", &["M"])],
        code: S::CYCLIC_MODULE_DEPENDENCY,
    });
    v.push(LinkCase {
        name: "dependency of a dependency missing from the store",
        module: importing("M", &["A"]),
        deps: vec![importing("A", &["B"])],
        code: S::MISSING_DEPENDENCY,
    });
    v.push(LinkCase {
        name: "declared friend missing from the store",
        module: befriending("M", &["N"]),
        deps: vec![],
        code: S::MISSING_DEPENDENCY,
    });
    v.push(LinkCase {
        name: "cyclic friendship through a third module",
        module: befriending("M", &["N"]),
        deps: vec![befriending("N", &["P"]), befriending("P", &["M"])],
        code: S::CYCLIC_MODULE_FRIENDSHIP,
    });
    v.push(LinkCase {
        name: "friend that is a dependency of a dependency",
        module: {
            let mut b = B::named(ONE, "M");
            b.module_handle(ONE, "A");
            b.friend(ONE, "B");
            b.build()
        },
        deps: vec![importing("A", &["B"]), importing("B", &[])],
        code: S::INVALID_FRIEND_DECL_WITH_MODULES_IN_DEPENDENCIES,
    });
    // Before v5, `entry` meant "script visible": callable from scripts and entry functions only.
    v.push(LinkCase {
        name: "v4 function calling an entry function of its own module",
        module: {
            let mut b = B::new();
            let e = b.fun(Fun::new("e", vec![], vec![], vec![], vec![Ret]).entry());
            b.f("f", vec![], vec![], vec![], vec![Call(e), Ret]);
            let mut m = b.build();
            m.version = 4;
            m
        },
        deps: vec![],
        code: S::CALLED_SCRIPT_VISIBLE_FROM_NON_SCRIPT_VISIBLE,
    });
    v.push(LinkCase {
        name: "v4 function calling an imported v4 entry function",
        module: legacy_caller(false),
        deps: vec![legacy_dep()],
        code: S::CALLED_SCRIPT_VISIBLE_FROM_NON_SCRIPT_VISIBLE,
    });
    v
}

/// `0x1::<name>` importing the given modules (handles only) and declaring nothing else.
fn importing(name: &str, imports: &[&str]) -> CompiledModule {
    let mut b = B::named(ONE, name);
    for i in imports {
        b.module_handle(ONE, i);
    }
    b.build()
}

/// `0x1::<name>` declaring the given friends.
fn befriending(name: &str, friends: &[&str]) -> CompiledModule {
    let mut b = B::named(ONE, name);
    for f in friends {
        b.friend(ONE, f);
    }
    b.build()
}

/// v4 `0x1::L` with `public entry fun e()`.
fn legacy_dep() -> CompiledModule {
    let mut b = B::named(ONE, "L");
    b.fun(Fun::new("e", vec![], vec![], vec![], vec![Ret]).entry());
    let mut m = b.build();
    m.version = 4;
    m
}

/// v4 `0x1::M` whose function `f` (entry or not) calls `0x1::L::e`.
fn legacy_caller(entry: bool) -> CompiledModule {
    let mut b = B::new();
    let l = b.module_handle(ONE, "L");
    let e = b.fun_handle(l, "e", vec![], vec![], vec![]);
    let f = Fun::new("f", vec![], vec![], vec![], vec![Call(e), Ret]);
    b.fun(if entry { f.entry() } else { f });
    let mut m = b.build();
    m.version = 4;
    m
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
    // A script is nobody's friend: even an unused import of a friend function fails.
    let mut unused_fr = script_calling("fr");
    unused_fr.code.code = vec![Ret];
    assert_eq!(
        verify_script_with_deps(&unused_fr, [&dep(&["M"])])
            .unwrap_err()
            .major_status(),
        S::LOOKUP_FAILED
    );
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

#[test]
fn store_walks() {
    // The same cycle through a module store given as a lookup.
    let (a, b) = (importing("A", &["B"]), importing("B", &["M"]));
    let m = importing("M", &["A"]);
    let store = |id: &lumio_move_core_types::ModuleId| {
        [&a, &b]
            .into_iter()
            .find(|d| d.self_id().is_ok_and(|x| x == *id))
    };
    assert_eq!(
        verify_module_with_store(&m, store)
            .unwrap_err()
            .major_status(),
        S::CYCLIC_MODULE_DEPENDENCY
    );
    // Without `B` no cycle can be seen: strict mode says so, lenient mode (the CLI's) stops
    // the walk there.
    assert_eq!(
        verify_module_with_deps(&m, [&a])
            .unwrap_err()
            .major_status(),
        S::MISSING_DEPENDENCY
    );
    verify_module_with_available(&m, [&a]).unwrap();
    // Closures that end in the store are fine, and an older copy of the module itself in the
    // store (an upgrade) is not taken for a dependency.
    let old_m = importing("M", &[]);
    verify_module_with_deps(&m, [&a, &importing("B", &[]), &old_m]).unwrap();
}

#[test]
fn legacy_script_visibility() {
    // Entry functions may call script-visible functions, and from v5 anything may.
    verify_module_with_deps(&legacy_caller(true), [&legacy_dep()]).unwrap();
    let mut v5 = legacy_caller(false);
    v5.version = 5;
    verify_module_with_deps(&v5, [&legacy_dep()]).unwrap();
}
