//! The negative corpus: small invalid modules, each with the exact status code the verifier
//! must report. One table, one readable name per case, grouped by the pass that must catch it.

use lumio_move_binary_format::file_format::{Bytecode::*, *};
use lumio_move_core_types::{AccountAddress, StatusCode, StatusCode as S};
use lumio_move_verifier::{VerifierConfig, verify_module_with_config, verify_script_with_config};

use crate::builder::*;

pub(crate) enum Unit {
    Module(CompiledModule),
    Script(CompiledScript),
}

pub(crate) struct Case {
    pub(crate) pass: &'static str,
    pub(crate) name: &'static str,
    pub(crate) code: StatusCode,
    pub(crate) unit: Unit,
    pub(crate) config: VerifierConfig,
}

struct Cases(Vec<Case>);

impl Cases {
    fn m(&mut self, pass: &'static str, name: &'static str, code: StatusCode, m: CompiledModule) {
        self.0.push(Case {
            pass,
            name,
            code,
            unit: Unit::Module(m),
            config: VerifierConfig::default(),
        });
    }
    fn prod(
        &mut self,
        pass: &'static str,
        name: &'static str,
        code: StatusCode,
        m: CompiledModule,
    ) {
        self.0.push(Case {
            pass,
            name,
            code,
            unit: Unit::Module(m),
            config: VerifierConfig::production(),
        });
    }
    fn cfg(
        &mut self,
        pass: &'static str,
        name: &'static str,
        code: StatusCode,
        config: VerifierConfig,
        m: CompiledModule,
    ) {
        self.0.push(Case {
            pass,
            name,
            code,
            unit: Unit::Module(m),
            config,
        });
    }
    fn script(
        &mut self,
        pass: &'static str,
        name: &'static str,
        code: StatusCode,
        s: CompiledScript,
    ) {
        self.0.push(Case {
            pass,
            name,
            code,
            unit: Unit::Script(s),
            config: VerifierConfig::default(),
        });
    }
}

/// `struct S has <abilities> { a: u64, b: u64 }` with field handles.
fn s_ab(
    b: &mut B,
    abilities: AbilitySet,
) -> (
    StructHandleIndex,
    StructDefinitionIndex,
    FieldHandleIndex,
    FieldHandleIndex,
) {
    let (sh, sd) = b.struct_("S", abilities, vec![], vec![("a", ST::U64), ("b", ST::U64)]);
    let fa = b.field(sd, 0);
    let fb = b.field(sd, 1);
    (sh, sd, fa, fb)
}

/// `struct R has key { a: u64 }`.
fn res(b: &mut B) -> (StructHandleIndex, StructDefinitionIndex) {
    b.struct_("R", key(), vec![], vec![("a", ST::U64)])
}

/// `struct G<T> has <abilities> { x: T }` (T with `constraint`).
fn generic(
    b: &mut B,
    abilities: AbilitySet,
    constraint: AbilitySet,
) -> (StructHandleIndex, StructDefinitionIndex) {
    b.struct_(
        "G",
        abilities,
        vec![(constraint, false)],
        vec![("x", tp(0))],
    )
}

/// `enum E has drop { A { x: u64 }, B { x: u64, y: bool } }`.
fn en(b: &mut B) -> (StructHandleIndex, StructDefinitionIndex) {
    b.enum_(
        "E",
        drop_(),
        vec![],
        vec![
            ("A", vec![("x", ST::U64)]),
            ("B", vec![("x", ST::U64), ("y", ST::Bool)]),
        ],
    )
}

fn n_params(n: usize) -> Vec<ST> {
    vec![ST::U64; n]
}

/// Production plus the bounds Aptos adds when function values are on (128 return values,
/// type depth 20, 128 weighted type nodes).
fn with_function_value_bounds() -> VerifierConfig {
    VerifierConfig {
        max_function_return_values: Some(128),
        max_type_depth: Some(20),
        max_type_nodes: Some(128),
        ..VerifierConfig::production()
    }
}

#[allow(clippy::too_many_lines)]
pub(crate) fn corpus() -> Vec<Case> {
    let mut c = Cases(Vec::new());
    let u64s = |n| vec![ST::U64; n];

    // ---------------------------------------------------------------- bounds
    c.m(
        "bounds",
        "call of a missing function handle",
        S::INDEX_OUT_OF_BOUNDS,
        one_fun(
            vec![],
            vec![],
            vec![],
            vec![Call(FunctionHandleIndex(99)), Ret],
        ),
    );
    c.m(
        "bounds",
        "copy of a missing local",
        S::INDEX_OUT_OF_BOUNDS,
        one_fun(vec![], vec![], vec![], vec![CopyLoc(9), Pop, Ret]),
    );
    c.m(
        "bounds",
        "branch past the end",
        S::INDEX_OUT_OF_BOUNDS,
        one_fun(vec![], vec![], vec![], vec![Branch(99), Ret]),
    );
    c.m(
        "bounds",
        "self module handle out of range",
        S::INDEX_OUT_OF_BOUNDS,
        {
            let mut m = one_fun(vec![], vec![], vec![], vec![Ret]);
            m.self_module_handle_idx = ModuleHandleIndex(5);
            m
        },
    );
    c.m(
        "bounds",
        "pack of a missing struct",
        S::INDEX_OUT_OF_BOUNDS,
        one_fun(
            vec![],
            vec![],
            vec![],
            vec![Pack(StructDefinitionIndex(3)), Pop, Ret],
        ),
    );
    c.m(
        "bounds",
        "load of a missing constant",
        S::INDEX_OUT_OF_BOUNDS,
        one_fun(
            vec![],
            vec![],
            vec![],
            vec![LdConst(ConstantPoolIndex(0)), Pop, Ret],
        ),
    );
    c.m(
        "bounds",
        "parameter type with an unknown type parameter",
        S::INDEX_OUT_OF_BOUNDS,
        one_fun(vec![tp(0)], vec![], vec![], vec![Ret]),
    );

    {
        // Deeper than any deserializer would accept: must be rejected, not overflow the stack.
        let mut t = ST::U8;
        for _ in 0..3000 {
            t = vec_of(t);
        }
        let m = one_fun(vec![t], vec![], vec![], vec![Ret]);
        c.m(
            "bounds",
            "type nested 3000 deep (built in memory)",
            S::MALFORMED,
            m,
        );
    }

    // ---------------------------------------------------------------- limits
    {
        let mut b = B::new();
        b.fun(Fun::new("f", vec![], vec![], vec![], vec![Ret]).tparams(vec![NONE; 33]));
        c.prod(
            "limits",
            "function with 33 type parameters",
            S::TOO_MANY_TYPE_PARAMETERS,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.struct_("S", NONE, vec![(NONE, false); 33], vec![("a", ST::U64)]);
        c.prod(
            "limits",
            "struct with 33 type parameters",
            S::TOO_MANY_TYPE_PARAMETERS,
            b.build(),
        );
    }
    c.prod(
        "limits",
        "function with 129 parameters",
        S::TOO_MANY_PARAMETERS,
        one_fun(n_params(129), vec![], vec![], vec![Ret]),
    );
    // Production has no bound on return values or type depth (see `limits.rs`); Aptos sets
    // them only together with function values.
    c.cfg(
        "limits",
        "function with 129 return values (Aptos's bound with function values)",
        S::TOO_MANY_PARAMETERS,
        with_function_value_bounds(),
        one_fun(vec![], n_params(129), vec![], vec![Ret]),
    );
    {
        let mut t = ST::U8;
        for _ in 0..21 {
            t = vec_of(t);
        }
        c.cfg(
            "limits",
            "type nested 22 deep (Aptos's bound with function values)",
            S::TOO_MANY_TYPE_NODES,
            with_function_value_bounds(),
            one_fun(vec![t], vec![], vec![], vec![Ret]),
        );
    }
    {
        let mut b = B::new();
        let (s, _) = b.struct_("S", NONE, vec![], vec![("a", ST::U64)]);
        let (g, _) = b.struct_("G", NONE, vec![(NONE, false); 30], vec![("a", ST::U64)]);
        let inner = ST::StructInstantiation(g, vec![ST::Struct(s); 30]);
        let outer = ST::StructInstantiation(g, vec![inner; 30]);
        b.f("f", vec![outer], vec![], vec![], vec![Ret]);
        c.prod(
            "limits",
            "type with more than 256 weighted nodes",
            S::TOO_MANY_TYPE_NODES,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let names: Vec<String> = (0..128).map(|i| format!("V{i}")).collect();
        let variants = names
            .iter()
            .map(|n| (n.as_str(), vec![("x", ST::U64)]))
            .collect();
        b.enum_("E", NONE, vec![], variants);
        let config = VerifierConfig {
            max_struct_variants: Some(127),
            ..VerifierConfig::default()
        };
        c.cfg(
            "limits",
            "enum with more variants than allowed",
            S::MAX_STRUCT_VARIANTS_REACHED,
            config,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.f("f", vec![], vec![], vec![], vec![Ret]);
        b.f("g", vec![], vec![], vec![], vec![Ret]);
        let config = VerifierConfig {
            max_function_definitions: Some(1),
            ..VerifierConfig::default()
        };
        c.cfg(
            "limits",
            "more function definitions than allowed",
            S::MAX_FUNCTION_DEFINITIONS_REACHED,
            config,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.struct_("S", NONE, vec![], vec![("a", ST::U64)]);
        b.struct_("T", NONE, vec![], vec![("a", ST::U64)]);
        let config = VerifierConfig {
            max_struct_definitions: Some(1),
            ..VerifierConfig::default()
        };
        c.cfg(
            "limits",
            "more struct definitions than allowed",
            S::MAX_STRUCT_DEFINITIONS_REACHED,
            config,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.struct_("S", NONE, vec![], vec![("a", ST::U64), ("b", ST::U64)]);
        let config = VerifierConfig {
            max_fields_in_struct: Some(1),
            ..VerifierConfig::default()
        };
        c.cfg(
            "limits",
            "more fields than allowed",
            S::MAX_FIELD_DEFINITIONS_REACHED,
            config,
            b.build(),
        );
    }

    // ---------------------------------------------------------------- features
    {
        let f = ST::Function(vec![ST::U64], vec![], NONE);
        c.m(
            "features",
            "function value type in a signature",
            S::FEATURE_NOT_ENABLED,
            one_fun(vec![f], vec![], vec![], vec![Ret]),
        );
    }
    {
        let mut m = one_fun(vec![], vec![], vec![], vec![Ret]);
        m.function_handles[0].access_specifiers = Some(vec![]);
        c.m(
            "features",
            "access specifiers present",
            S::FEATURE_NOT_ENABLED,
            m,
        );
    }
    {
        let mut b = B::new();
        en(&mut b);
        let config = VerifierConfig {
            enable_enum_types: false,
            ..VerifierConfig::default()
        };
        c.cfg(
            "features",
            "enum while enums are disabled",
            S::FEATURE_NOT_ENABLED,
            config,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let g = b.f("g", vec![], vec![], vec![], vec![Ret]);
        b.f(
            "f",
            vec![],
            vec![],
            vec![],
            vec![PackClosure(g, ClosureMask::new(0)), Pop, Ret],
        );
        c.m(
            "features",
            "closure opcode",
            S::FEATURE_NOT_ENABLED,
            b.build(),
        );
    }

    // ---------------------------------------------------------------- duplication
    {
        let mut m = one_fun(vec![], vec![], vec![], vec![Ret]);
        m.identifiers.push(m.identifiers[0].clone());
        c.m("duplication", "identifier twice", S::DUPLICATE_ELEMENT, m);
    }
    {
        let mut m = one_fun(vec![], vec![], vec![], vec![Ret]);
        m.address_identifiers.push(AccountAddress::ONE);
        c.m("duplication", "address twice", S::DUPLICATE_ELEMENT, m);
    }
    {
        let mut m = one_fun(vec![], vec![], vec![], vec![Ret]);
        m.signatures.push(Signature(vec![]));
        c.m("duplication", "signature twice", S::DUPLICATE_ELEMENT, m);
    }
    {
        let mut b = B::new();
        b.constant(ST::U8, vec![1]);
        b.constant(ST::U8, vec![1]);
        c.m(
            "duplication",
            "constant twice",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.m.module_handles.push(ModuleHandle {
            address: AddressIdentifierIndex(0),
            name: IdentifierIndex(0),
        });
        c.m(
            "duplication",
            "module handle twice",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.struct_("S", NONE, vec![], vec![("a", ST::U64)]);
        b.struct_handle(ModuleHandleIndex(0), "S", NONE, vec![]);
        c.m(
            "duplication",
            "struct handle twice",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.f("f", vec![], vec![], vec![], vec![Ret]);
        b.fun_handle(ModuleHandleIndex(0), "f", vec![], vec![], vec![]);
        c.m(
            "duplication",
            "function handle twice",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd, _, _) = s_ab(&mut b, NONE);
        b.field(sd, 0);
        c.m(
            "duplication",
            "field handle twice",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.friend(AccountAddress::ONE, "N");
        b.friend(AccountAddress::ONE, "N");
        c.m(
            "duplication",
            "friend twice",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (sh, _) = b.struct_("S", NONE, vec![], vec![("a", ST::U64)]);
        let fa = b.ident("a");
        b.m.struct_defs.push(StructDefinition {
            struct_handle: sh,
            field_information: StructFieldInformation::Declared(vec![FieldDefinition {
                name: fa,
                signature: TypeSignature(ST::U64),
            }]),
        });
        c.m(
            "duplication",
            "struct defined twice",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut m = one_fun(vec![], vec![], vec![], vec![Ret]);
        let d = m.function_defs[0].clone();
        m.function_defs.push(d);
        c.m(
            "duplication",
            "function defined twice",
            S::DUPLICATE_ELEMENT,
            m,
        );
    }
    {
        let mut b = B::new();
        b.struct_("S", NONE, vec![], vec![("a", ST::U64), ("a", ST::U8)]);
        c.m(
            "duplication",
            "field name twice",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.enum_("E", NONE, vec![], vec![("A", vec![]), ("A", vec![])]);
        c.m(
            "duplication",
            "variant name twice",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.enum_(
            "E",
            NONE,
            vec![],
            vec![("A", vec![("x", ST::U64), ("x", ST::U8)])],
        );
        c.m(
            "duplication",
            "field name twice in a variant",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = generic(&mut b, NONE, NONE);
        b.struct_inst(sd, vec![ST::U64]);
        b.struct_inst(sd, vec![ST::U64]);
        c.m(
            "duplication",
            "struct instantiation twice",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let g = b.fun(Fun::new("g", vec![], vec![], vec![], vec![Ret]).tparams(vec![NONE]));
        b.fun_inst(g, vec![ST::U8]);
        b.fun_inst(g, vec![ST::U8]);
        c.m(
            "duplication",
            "function instantiation twice",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = generic(&mut b, NONE, NONE);
        let fh = b.field(sd, 0);
        b.field_inst(fh, vec![ST::U8]);
        b.field_inst(fh, vec![ST::U8]);
        c.m(
            "duplication",
            "field instantiation twice",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = en(&mut b);
        b.variant(sd, 0);
        b.variant(sd, 0);
        c.m(
            "duplication",
            "variant handle twice",
            S::DUPLICATE_ELEMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = res(&mut b);
        b.fun(
            Fun::new(
                "f",
                vec![ST::Address],
                vec![],
                vec![],
                vec![MoveLoc(0), MoveFrom(sd), Pop, Ret],
            )
            .acquires(vec![sd, sd]),
        );
        c.m(
            "duplication",
            "acquires lists a resource twice",
            S::DUPLICATE_ACQUIRES_ANNOTATION,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.struct_("S", NONE, vec![], vec![]);
        c.m(
            "duplication",
            "struct without fields",
            S::ZERO_SIZED_STRUCT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.enum_("E", NONE, vec![], vec![]);
        c.m(
            "duplication",
            "enum without variants",
            S::ZERO_VARIANTS_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let other = b.module_handle(AccountAddress::TWO, "N");
        let sh = b.struct_handle(other, "S", NONE, vec![]);
        let fa = b.ident("a");
        b.m.struct_defs.push(StructDefinition {
            struct_handle: sh,
            field_information: StructFieldInformation::Declared(vec![FieldDefinition {
                name: fa,
                signature: TypeSignature(ST::U64),
            }]),
        });
        c.m(
            "duplication",
            "struct definition of a foreign handle",
            S::INVALID_MODULE_HANDLE,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let other = b.module_handle(AccountAddress::TWO, "N");
        let fh = b.fun_handle(other, "g", vec![], vec![], vec![]);
        let s = b.sig(vec![]);
        b.m.function_defs.push(FunctionDefinition {
            function: fh,
            visibility: Visibility::Public,
            is_entry: false,
            acquires_global_resources: vec![],
            code: Some(CodeUnit {
                locals: s,
                code: vec![Ret],
            }),
        });
        c.m(
            "duplication",
            "function definition of a foreign handle",
            S::INVALID_MODULE_HANDLE,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.struct_handle(ModuleHandleIndex(0), "S", NONE, vec![]);
        c.m(
            "duplication",
            "own struct handle without definition",
            S::UNIMPLEMENTED_HANDLE,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.fun_handle(ModuleHandleIndex(0), "g", vec![], vec![], vec![]);
        c.m(
            "duplication",
            "own function handle without definition",
            S::UNIMPLEMENTED_HANDLE,
            b.build(),
        );
    }

    // ---------------------------------------------------------------- signatures
    {
        let mut b = B::new();
        b.struct_("S", NONE, vec![], vec![("a", r(ST::U64))]);
        c.m(
            "signature",
            "reference in a struct field",
            S::INVALID_SIGNATURE_TOKEN,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.enum_("E", NONE, vec![], vec![("A", vec![("a", mr(ST::U64))])]);
        c.m(
            "signature",
            "reference in a variant field",
            S::INVALID_SIGNATURE_TOKEN,
            b.build(),
        );
    }
    c.m(
        "signature",
        "reference to a reference parameter",
        S::INVALID_SIGNATURE_TOKEN,
        one_fun(vec![r(r(ST::U64))], vec![], vec![], vec![Ret]),
    );
    c.m(
        "signature",
        "vector of references parameter",
        S::INVALID_SIGNATURE_TOKEN,
        one_fun(vec![vec_of(r(ST::U64))], vec![], vec![], vec![Ret]),
    );
    c.m(
        "signature",
        "reference to a reference local",
        S::INVALID_SIGNATURE_TOKEN,
        one_fun(vec![], vec![], vec![mr(r(ST::U8))], vec![Ret]),
    );
    {
        let mut b = B::new();
        let (g, _) = generic(&mut b, NONE, NONE);
        b.f(
            "f",
            vec![ST::StructInstantiation(g, vec![r(ST::U64)])],
            vec![],
            vec![],
            vec![Ret],
        );
        c.m(
            "signature",
            "reference as a struct type argument",
            S::INVALID_SIGNATURE_TOKEN,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (g, _) = generic(&mut b, NONE, NONE);
        b.f("f", vec![ST::Struct(g)], vec![], vec![], vec![Ret]);
        c.m(
            "signature",
            "generic struct used without type arguments",
            S::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (g, _) = generic(&mut b, NONE, NONE);
        b.f(
            "f",
            vec![ST::StructInstantiation(g, vec![ST::U8, ST::U8])],
            vec![],
            vec![],
            vec![Ret],
        );
        c.m(
            "signature",
            "struct instantiation with too many arguments",
            S::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (g, _) = generic(&mut b, NONE, ab(&[Ability::Copy]));
        b.f(
            "f",
            vec![ST::StructInstantiation(g, vec![ST::Signer])],
            vec![],
            vec![],
            vec![Ret],
        );
        c.m(
            "signature",
            "type argument lacks required copy",
            S::CONSTRAINT_NOT_SATISFIED,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (g, _) = generic(&mut b, NONE, ab(&[Ability::Copy]));
        b.fun(
            Fun::new(
                "f",
                vec![ST::StructInstantiation(g, vec![tp(0)])],
                vec![],
                vec![],
                vec![Ret],
            )
            .tparams(vec![NONE]),
        );
        c.m(
            "signature",
            "unconstrained type parameter where copy is required",
            S::CONSTRAINT_NOT_SATISFIED,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (g, _) = generic(&mut b, NONE, ab(&[Ability::Store]));
        b.struct_(
            "H",
            NONE,
            vec![],
            vec![("g", ST::StructInstantiation(g, vec![ST::Signer]))],
        );
        c.m(
            "signature",
            "field type violates a constraint",
            S::CONSTRAINT_NOT_SATISFIED,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.struct_("S", ab(&[Ability::Copy]), vec![], vec![("s", ST::Signer)]);
        c.m(
            "signature",
            "copy struct with a signer field",
            S::FIELD_MISSING_TYPE_ABILITY,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (t, _) = b.struct_("T", NONE, vec![], vec![("a", ST::U64)]);
        b.struct_("S", key(), vec![], vec![("t", ST::Struct(t))]);
        c.m(
            "signature",
            "key struct with a field lacking store",
            S::FIELD_MISSING_TYPE_ABILITY,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (t, _) = b.struct_("T", NONE, vec![], vec![("a", ST::U64)]);
        b.struct_("S", drop_(), vec![], vec![("t", ST::Struct(t))]);
        c.m(
            "signature",
            "drop struct with a field lacking drop",
            S::FIELD_MISSING_TYPE_ABILITY,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (t, _) = b.struct_("T", NONE, vec![], vec![("a", ST::U64)]);
        b.enum_(
            "E",
            drop_(),
            vec![],
            vec![("A", vec![("t", ST::Struct(t))])],
        );
        c.m(
            "signature",
            "drop enum with a variant field lacking drop",
            S::FIELD_MISSING_TYPE_ABILITY,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.struct_("S", NONE, vec![(NONE, true)], vec![("x", tp(0))]);
        c.m(
            "signature",
            "phantom parameter as a field type",
            S::INVALID_PHANTOM_TYPE_PARAM_POSITION,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.struct_("S", NONE, vec![(NONE, true)], vec![("x", vec_of(tp(0)))]);
        c.m(
            "signature",
            "phantom parameter inside a vector field",
            S::INVALID_PHANTOM_TYPE_PARAM_POSITION,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (g, _) = generic(&mut b, NONE, NONE);
        b.struct_(
            "S",
            NONE,
            vec![(NONE, true)],
            vec![("x", ST::StructInstantiation(g, vec![tp(0)]))],
        );
        c.m(
            "signature",
            "phantom parameter in a non-phantom argument",
            S::INVALID_PHANTOM_TYPE_PARAM_POSITION,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let g = b.fun(Fun::new("g", vec![], vec![], vec![], vec![Ret]).tparams(vec![NONE]));
        let gi = b.fun_inst(g, vec![ST::U8, ST::U8]);
        b.f("f", vec![], vec![], vec![], vec![CallGeneric(gi), Ret]);
        c.m(
            "signature",
            "generic call with two type arguments for one parameter",
            S::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let g = b.fun(
            Fun::new("g", vec![], vec![], vec![], vec![Ret]).tparams(vec![ab(&[Ability::Copy])]),
        );
        let gi = b.fun_inst(g, vec![ST::Signer]);
        b.f("f", vec![], vec![], vec![], vec![CallGeneric(gi), Ret]);
        c.m(
            "signature",
            "generic call violating a copy constraint",
            S::CONSTRAINT_NOT_SATISFIED,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let g = b.fun(
            Fun::new("g", vec![], vec![], vec![], vec![Ret]).tparams(vec![ab(&[Ability::Key])]),
        );
        let gi = b.fun_inst(g, vec![tp(0)]);
        b.fun(
            Fun::new("f", vec![], vec![], vec![], vec![CallGeneric(gi), Ret])
                .tparams(vec![ab(&[Ability::Store])]),
        );
        c.m(
            "signature",
            "generic call passing a store-only parameter for key",
            S::CONSTRAINT_NOT_SATISFIED,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let g = b.fun(Fun::new("g", vec![], vec![], vec![], vec![Ret]).tparams(vec![NONE]));
        let gi = b.fun_inst(g, vec![r(ST::U8)]);
        b.f("f", vec![], vec![], vec![], vec![CallGeneric(gi), Ret]);
        c.m(
            "signature",
            "generic call with a reference type argument",
            S::INVALID_SIGNATURE_TOKEN,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = generic(&mut b, drop_(), ab(&[Ability::Copy]));
        let si = b.struct_inst(sd, vec![ST::Signer]);
        b.f(
            "f",
            vec![ST::Signer],
            vec![],
            vec![],
            vec![MoveLoc(0), PackGeneric(si), Pop, Ret],
        );
        c.m(
            "signature",
            "generic pack violating a constraint",
            S::CONSTRAINT_NOT_SATISFIED,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U8, ST::U8]);
        b.f("f", vec![], vec![], vec![], vec![VecPack(s, 0), Pop, Ret]);
        c.m(
            "signature",
            "vector instruction with two types",
            S::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![r(ST::U8)]);
        b.f("f", vec![], vec![], vec![], vec![VecPack(s, 0), Pop, Ret]);
        c.m(
            "signature",
            "vector of references in VecPack",
            S::INVALID_SIGNATURE_TOKEN,
            b.build(),
        );
    }

    // ---------------------------------------------------------------- instruction consistency
    {
        let mut b = B::new();
        let (_, sd) = generic(&mut b, drop_(), NONE);
        b.f(
            "f",
            vec![ST::U64],
            vec![],
            vec![],
            vec![MoveLoc(0), Pack(sd), Pop, Ret],
        );
        c.m(
            "instruction consistency",
            "Pack on a generic struct",
            S::GENERIC_MEMBER_OPCODE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd, _, _) = s_ab(&mut b, drop_());
        let si = b.struct_inst(sd, vec![]);
        b.f(
            "f",
            vec![],
            vec![],
            vec![],
            vec![LdU64(1), LdU64(2), PackGeneric(si), Pop, Ret],
        );
        c.m(
            "instruction consistency",
            "PackGeneric on a non-generic struct",
            S::GENERIC_MEMBER_OPCODE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let g = b.fun(Fun::new("g", vec![], vec![], vec![], vec![Ret]).tparams(vec![NONE]));
        b.f("f", vec![], vec![], vec![], vec![Call(g), Ret]);
        c.m(
            "instruction consistency",
            "Call on a generic function",
            S::GENERIC_MEMBER_OPCODE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let g = b.f("g", vec![], vec![], vec![], vec![Ret]);
        let gi = b.fun_inst(g, vec![]);
        b.f("f", vec![], vec![], vec![], vec![CallGeneric(gi), Ret]);
        c.m(
            "instruction consistency",
            "CallGeneric on a non-generic function",
            S::GENERIC_MEMBER_OPCODE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (g, sd) = generic(&mut b, NONE, NONE);
        let fx = b.field(sd, 0);
        b.f(
            "f",
            vec![r(ST::StructInstantiation(g, vec![ST::U8]))],
            vec![],
            vec![],
            vec![MoveLoc(0), ImmBorrowField(fx), Pop, Ret],
        );
        c.m(
            "instruction consistency",
            "ImmBorrowField on a generic struct",
            S::GENERIC_MEMBER_OPCODE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (sh, sd, fa, _) = s_ab(&mut b, NONE);
        let fi = b.field_inst(fa, vec![]);
        let _ = sd;
        b.f(
            "f",
            vec![r(ST::Struct(sh))],
            vec![],
            vec![],
            vec![MoveLoc(0), ImmBorrowFieldGeneric(fi), Pop, Ret],
        );
        c.m(
            "instruction consistency",
            "ImmBorrowFieldGeneric on a non-generic struct",
            S::GENERIC_MEMBER_OPCODE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = b.struct_(
            "G",
            key(),
            vec![(ab(&[Ability::Store]), false)],
            vec![("x", tp(0))],
        );
        b.f(
            "f",
            vec![ST::Address],
            vec![],
            vec![],
            vec![MoveLoc(0), Exists(sd), Pop, Ret],
        );
        c.m(
            "instruction consistency",
            "Exists on a generic struct",
            S::GENERIC_MEMBER_OPCODE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = b.struct_(
            "G",
            key(),
            vec![(ab(&[Ability::Store]), false)],
            vec![("x", tp(0))],
        );
        b.fun(
            Fun::new(
                "f",
                vec![ST::Address],
                vec![],
                vec![],
                vec![MoveLoc(0), MoveFrom(sd), Pop, Ret],
            )
            .acquires(vec![sd]),
        );
        c.m(
            "instruction consistency",
            "MoveFrom on a generic struct",
            S::GENERIC_MEMBER_OPCODE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = b.enum_(
            "E",
            drop_(),
            vec![(NONE, false)],
            vec![("A", vec![("x", tp(0))])],
        );
        let v = b.variant(sd, 0);
        b.f(
            "f",
            vec![ST::U8],
            vec![],
            vec![],
            vec![MoveLoc(0), PackVariant(v), Pop, Ret],
        );
        c.m(
            "instruction consistency",
            "PackVariant on a generic enum",
            S::GENERIC_MEMBER_OPCODE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (g, sd) = generic(&mut b, NONE, NONE);
        b.f(
            "f",
            vec![ST::StructInstantiation(g, vec![ST::U8])],
            vec![],
            vec![],
            vec![MoveLoc(0), Unpack(sd), Pop, Ret],
        );
        c.m(
            "instruction consistency",
            "Unpack on a generic struct",
            S::GENERIC_MEMBER_OPCODE_MISMATCH,
            b.build(),
        );
    }

    // ---------------------------------------------------------------- constants
    let konst = |ty: ST, data: Vec<u8>| {
        let mut b = B::new();
        b.constant(ty, data);
        b.build()
    };
    c.m(
        "constants",
        "signer constant",
        S::INVALID_CONSTANT_TYPE,
        konst(ST::Signer, vec![]),
    );
    {
        let mut b = B::new();
        let (sh, _) = b.struct_("S", NONE, vec![], vec![("a", ST::U64)]);
        b.constant(ST::Struct(sh), vec![0; 8]);
        c.m(
            "constants",
            "struct constant",
            S::INVALID_CONSTANT_TYPE,
            b.build(),
        );
    }
    c.m(
        "constants",
        "reference constant",
        S::INVALID_CONSTANT_TYPE,
        konst(r(ST::U8), vec![1]),
    );
    c.m(
        "constants",
        "vector of signers constant",
        S::INVALID_CONSTANT_TYPE,
        konst(vec_of(ST::Signer), vec![0]),
    );
    c.m(
        "constants",
        "type parameter constant",
        S::INVALID_CONSTANT_TYPE,
        konst(tp(0), vec![0]),
    );
    c.m(
        "constants",
        "u64 with 7 bytes",
        S::MALFORMED_CONSTANT_DATA,
        konst(ST::U64, vec![0; 7]),
    );
    c.m(
        "constants",
        "u64 with 9 bytes",
        S::MALFORMED_CONSTANT_DATA,
        konst(ST::U64, vec![0; 9]),
    );
    c.m(
        "constants",
        "bool with value 2",
        S::MALFORMED_CONSTANT_DATA,
        konst(ST::Bool, vec![2]),
    );
    c.m(
        "constants",
        "vector length larger than data",
        S::MALFORMED_CONSTANT_DATA,
        konst(vec_of(ST::U8), vec![3, 1, 2]),
    );
    c.m(
        "constants",
        "vector with trailing bytes",
        S::MALFORMED_CONSTANT_DATA,
        konst(vec_of(ST::U8), vec![1, 1, 2]),
    );
    c.m(
        "constants",
        "address with 31 bytes",
        S::MALFORMED_CONSTANT_DATA,
        konst(ST::Address, vec![0; 31]),
    );
    c.m(
        "constants",
        "overlong vector length",
        S::MALFORMED_CONSTANT_DATA,
        konst(vec_of(ST::U8), vec![0x80, 0x00]),
    );
    c.m(
        "constants",
        "empty data for u8",
        S::MALFORMED_CONSTANT_DATA,
        konst(ST::U8, vec![]),
    );

    // ---------------------------------------------------------------- friends
    {
        let mut b = B::new();
        b.friend(AccountAddress::ONE, "M");
        c.m(
            "friends",
            "module befriends itself",
            S::INVALID_FRIEND_DECL_WITH_SELF,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        b.friend(AccountAddress::TWO, "N");
        c.m(
            "friends",
            "friend at another address",
            S::INVALID_FRIEND_DECL_WITH_MODULES_OUTSIDE_ACCOUNT_ADDRESS,
            b.build(),
        );
    }

    // ---------------------------------------------------------------- recursive structs
    {
        let mut b = B::new();
        let fa = b.ident("a");
        let sh = b.struct_handle(ModuleHandleIndex(0), "S", NONE, vec![]);
        b.m.struct_defs.push(StructDefinition {
            struct_handle: sh,
            field_information: StructFieldInformation::Declared(vec![FieldDefinition {
                name: fa,
                signature: TypeSignature(ST::Struct(sh)),
            }]),
        });
        c.m(
            "struct defs",
            "struct contains itself",
            S::RECURSIVE_STRUCT_DEFINITION,
            b.build(),
        );
    }
    let mutual = |wrap: fn(ST) -> ST| {
        let mut b = B::new();
        let fa = b.ident("a");
        let a = b.struct_handle(ModuleHandleIndex(0), "A", NONE, vec![]);
        let bb = b.struct_handle(ModuleHandleIndex(0), "B", NONE, vec![]);
        for (h, other) in [(a, bb), (bb, a)] {
            b.m.struct_defs.push(StructDefinition {
                struct_handle: h,
                field_information: StructFieldInformation::Declared(vec![FieldDefinition {
                    name: fa,
                    signature: TypeSignature(wrap(ST::Struct(other))),
                }]),
            });
        }
        b.build()
    };
    c.m(
        "struct defs",
        "two structs contain each other",
        S::RECURSIVE_STRUCT_DEFINITION,
        mutual(|t| t),
    );
    c.m(
        "struct defs",
        "two structs contain each other through vectors",
        S::RECURSIVE_STRUCT_DEFINITION,
        mutual(vec_of),
    );
    {
        let mut b = B::new();
        let fa = b.ident("a");
        let sh = b.struct_handle(ModuleHandleIndex(0), "S", NONE, vec![]);
        b.m.struct_defs.push(StructDefinition {
            struct_handle: sh,
            field_information: StructFieldInformation::Declared(vec![FieldDefinition {
                name: fa,
                signature: TypeSignature(vec_of(ST::Struct(sh))),
            }]),
        });
        c.m(
            "struct defs",
            "struct contains a vector of itself",
            S::RECURSIVE_STRUCT_DEFINITION,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (g, _) = generic(&mut b, NONE, NONE);
        let fa = b.ident("g");
        let sh = b.struct_handle(ModuleHandleIndex(0), "S", NONE, vec![]);
        b.m.struct_defs.push(StructDefinition {
            struct_handle: sh,
            field_information: StructFieldInformation::Declared(vec![FieldDefinition {
                name: fa,
                signature: TypeSignature(ST::StructInstantiation(g, vec![ST::Struct(sh)])),
            }]),
        });
        c.m(
            "struct defs",
            "struct contains itself as a type argument",
            S::RECURSIVE_STRUCT_DEFINITION,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (fe, va) = (b.ident("e"), b.ident("A"));
        let eh = b.struct_handle(ModuleHandleIndex(0), "E", NONE, vec![]);
        b.m.struct_defs.push(StructDefinition {
            struct_handle: eh,
            field_information: StructFieldInformation::DeclaredVariants(vec![VariantDefinition {
                name: va,
                fields: vec![FieldDefinition {
                    name: fe,
                    signature: TypeSignature(ST::Struct(eh)),
                }],
            }]),
        });
        c.m(
            "struct defs",
            "enum variant contains the enum",
            S::RECURSIVE_STRUCT_DEFINITION,
            b.build(),
        );
    }

    // ---------------------------------------------------------------- instantiation loops
    {
        let mut b = B::new();
        let f = b.fun_handle(ModuleHandleIndex(0), "f", vec![NONE], vec![], vec![]);
        let fi = b.fun_inst(f, vec![vec_of(tp(0))]);
        let s = b.sig(vec![]);
        b.m.function_defs.push(FunctionDefinition {
            function: f,
            visibility: Visibility::Public,
            is_entry: false,
            acquires_global_resources: vec![],
            code: Some(CodeUnit {
                locals: s,
                code: vec![CallGeneric(fi), Ret],
            }),
        });
        c.m(
            "instantiation loops",
            "f<T> calls f<vector<T>>",
            S::LOOP_IN_INSTANTIATION_GRAPH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (g, _) = generic(&mut b, NONE, NONE);
        let f = b.fun_handle(ModuleHandleIndex(0), "f", vec![NONE], vec![], vec![]);
        let h = b.fun_handle(ModuleHandleIndex(0), "h", vec![NONE], vec![], vec![]);
        let call_h = b.fun_inst(h, vec![ST::StructInstantiation(g, vec![tp(0)])]);
        let call_f = b.fun_inst(f, vec![tp(0)]);
        let s = b.sig(vec![]);
        for (fh, fi) in [(f, call_h), (h, call_f)] {
            b.m.function_defs.push(FunctionDefinition {
                function: fh,
                visibility: Visibility::Public,
                is_entry: false,
                acquires_global_resources: vec![],
                code: Some(CodeUnit {
                    locals: s,
                    code: vec![CallGeneric(fi), Ret],
                }),
            });
        }
        c.m(
            "instantiation loops",
            "f<T> calls h<G<T>> calls f<T>",
            S::LOOP_IN_INSTANTIATION_GRAPH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let f = b.fun_handle(ModuleHandleIndex(0), "f", vec![NONE, NONE], vec![], vec![]);
        let fi = b.fun_inst(f, vec![tp(1), vec_of(tp(0))]);
        let s = b.sig(vec![]);
        b.m.function_defs.push(FunctionDefinition {
            function: f,
            visibility: Visibility::Public,
            is_entry: false,
            acquires_global_resources: vec![],
            code: Some(CodeUnit {
                locals: s,
                code: vec![CallGeneric(fi), Ret],
            }),
        });
        c.m(
            "instantiation loops",
            "f<A,B> calls f<B, vector<A>>",
            S::LOOP_IN_INSTANTIATION_GRAPH,
            b.build(),
        );
    }

    // ---------------------------------------------------------------- control flow
    c.m(
        "control flow",
        "empty code",
        S::EMPTY_CODE_UNIT,
        one_fun(vec![], vec![], vec![], vec![]),
    );
    c.m(
        "control flow",
        "falls off the end",
        S::INVALID_FALL_THROUGH,
        one_fun(vec![], vec![], vec![], vec![LdU64(0), Pop]),
    );
    c.m(
        "control flow",
        "ends in a conditional branch",
        S::INVALID_FALL_THROUGH,
        one_fun(vec![], vec![], vec![], vec![LdTrue, BrTrue(0)]),
    );
    c.m(
        "control flow",
        "irreducible loop with two entries",
        S::INVALID_LOOP_SPLIT,
        one_fun(
            vec![],
            vec![],
            vec![],
            vec![
                LdTrue,
                BrTrue(5),
                LdTrue,
                BrTrue(5),
                Ret,
                LdTrue,
                BrTrue(2),
                Ret,
            ],
        ),
    );
    // Version 5 code is held to structured loops (Aptos `control_flow_v5`); each of these is
    // reducible and so verifies as v6+ code (see `positive::v5_only_rejections_pass_as_v7`).
    for (name, code, status) in v5_control_flow_cases() {
        let mut m = one_fun(vec![], vec![], vec![], code);
        m.version = 5;
        c.m("control flow v5", name, status, m);
    }
    {
        let mut m = one_fun(vec![], vec![], vec![], nested_loops(6));
        m.version = 5;
        c.prod(
            "control flow v5",
            "loops nested six deep (v5 rules)",
            S::LOOP_MAX_DEPTH_REACHED,
            m,
        );
    }
    {
        // Six nested loops; production allows five.
        c.prod(
            "control flow",
            "loops nested six deep",
            S::LOOP_MAX_DEPTH_REACHED,
            one_fun(vec![], vec![], vec![], nested_loops(6)),
        );
    }
    {
        let mut code: Vec<Bytecode> = (1..=1024u16).map(Branch).collect();
        code.push(Ret);
        c.prod(
            "control flow",
            "1025 basic blocks",
            S::TOO_MANY_BASIC_BLOCKS,
            one_fun(vec![], vec![], vec![], code),
        );
    }
    {
        let config = VerifierConfig {
            max_back_edges_per_function: Some(0),
            ..VerifierConfig::default()
        };
        c.cfg(
            "control flow",
            "a loop where none is allowed",
            S::TOO_MANY_BACK_EDGES,
            config,
            one_fun(vec![], vec![], vec![], vec![LdFalse, BrTrue(0), Ret]),
        );
    }

    // ---------------------------------------------------------------- stack usage
    c.m(
        "stack usage",
        "pop on an empty stack",
        S::NEGATIVE_STACK_SIZE_WITHIN_BLOCK,
        one_fun(vec![], vec![], vec![], vec![Pop, Ret]),
    );
    c.m(
        "stack usage",
        "add with one operand",
        S::NEGATIVE_STACK_SIZE_WITHIN_BLOCK,
        one_fun(vec![], vec![], vec![], vec![LdU64(1), Add, Pop, Ret]),
    );
    c.m(
        "stack usage",
        "value left at return",
        S::POSITIVE_STACK_SIZE_AT_BLOCK_END,
        one_fun(vec![], vec![], vec![], vec![LdU64(1), Ret]),
    );
    c.m(
        "stack usage",
        "value left at a branch",
        S::POSITIVE_STACK_SIZE_AT_BLOCK_END,
        one_fun(vec![], vec![], vec![], vec![LdU64(0), Branch(2), Ret]),
    );
    c.m(
        "stack usage",
        "return with too few values",
        S::NEGATIVE_STACK_SIZE_WITHIN_BLOCK,
        one_fun(vec![], u64s(1), vec![], vec![Ret]),
    );
    {
        let mut b = B::new();
        let g = b.f("g", vec![ST::U64], vec![], vec![], vec![Ret]);
        b.f("f", vec![], vec![], vec![], vec![Call(g), Ret]);
        c.m(
            "stack usage",
            "call without its argument",
            S::NEGATIVE_STACK_SIZE_WITHIN_BLOCK,
            b.build(),
        );
    }
    c.m(
        "stack usage",
        "write_ref with one operand",
        S::NEGATIVE_STACK_SIZE_WITHIN_BLOCK,
        one_fun(
            vec![mr(ST::U64)],
            vec![],
            vec![],
            vec![MoveLoc(0), WriteRef, Ret],
        ),
    );
    {
        let mut b = B::new();
        let (sh, sd, _, _) = s_ab(&mut b, NONE);
        b.f(
            "f",
            vec![ST::Struct(sh)],
            vec![],
            vec![],
            vec![MoveLoc(0), Unpack(sd), Ret],
        );
        c.m(
            "stack usage",
            "unpacked fields left on the stack",
            S::POSITIVE_STACK_SIZE_AT_BLOCK_END,
            b.build(),
        );
    }
    c.prod(
        "stack usage",
        "1025 values on the stack",
        S::VALUE_STACK_OVERFLOW,
        one_fun(vec![], vec![], vec![], {
            let mut code = vec![LdU64(0); 1025];
            code.extend(vec![Pop; 1025]);
            code.push(Ret);
            code
        }),
    );
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U8]);
        b.f(
            "f",
            vec![ST::U8],
            vec![],
            vec![],
            vec![MoveLoc(0), VecPack(s, 10_001), Pop, Ret],
        );
        // VecPack pushes one value: its count is a pop count, checked against the height.
        c.prod(
            "stack usage",
            "VecPack of 10001 elements from one value",
            S::NEGATIVE_STACK_SIZE_WITHIN_BLOCK,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U8]);
        b.f(
            "f",
            vec![vec_of(ST::U8)],
            vec![],
            vec![],
            vec![MoveLoc(0), VecUnpack(s, u64::MAX), Ret],
        );
        c.prod(
            "stack usage",
            "VecUnpack of u64::MAX elements",
            S::VALUE_STACK_PUSH_OVERFLOW,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U8]);
        b.f(
            "f",
            vec![vec_of(ST::U8)],
            vec![],
            vec![],
            vec![MoveLoc(0), VecUnpack(s, u64::MAX), Ret],
        );
        // No push cap, but the block's push count overflows u64.
        c.m(
            "stack usage",
            "VecUnpack of u64::MAX elements (default config)",
            S::VALUE_STACK_PUSH_OVERFLOW,
            b.build(),
        );
    }

    // ---------------------------------------------------------------- type safety
    {
        let mut b = B::new();
        let (sh, _, _, _) = s_ab(&mut b, NONE);
        b.f(
            "f",
            vec![ST::Struct(sh)],
            vec![],
            vec![],
            vec![MoveLoc(0), Pop, Ret],
        );
        c.m(
            "type safety",
            "pop a value without drop",
            S::POP_WITHOUT_DROP_ABILITY,
            b.build(),
        );
    }
    c.m(
        "type safety",
        "branch on a u64",
        S::BR_TYPE_MISMATCH_ERROR,
        one_fun(vec![], vec![], vec![], vec![LdU64(0), BrTrue(2), Ret]),
    );
    c.m(
        "type safety",
        "store a bool into a u64 local",
        S::STLOC_TYPE_MISMATCH_ERROR,
        one_fun(vec![], vec![], u64s(1), vec![LdTrue, StLoc(0), Ret]),
    );
    c.m(
        "type safety",
        "abort with a bool",
        S::ABORT_TYPE_MISMATCH_ERROR,
        one_fun(vec![], vec![], vec![], vec![LdTrue, Abort]),
    );
    c.m(
        "type safety",
        "abort_msg with a u64 message",
        S::ABORT_TYPE_MISMATCH_ERROR,
        one_fun(vec![], vec![], vec![], vec![LdU64(0), LdU64(1), AbortMsg]),
    );
    c.m(
        "type safety",
        "return a bool for a u64",
        S::RET_TYPE_MISMATCH_ERROR,
        one_fun(vec![], u64s(1), vec![], vec![LdTrue, Ret]),
    );
    c.m(
        "type safety",
        "return values in the wrong order",
        S::RET_TYPE_MISMATCH_ERROR,
        one_fun(
            vec![],
            vec![ST::U64, ST::Bool],
            vec![],
            vec![LdTrue, LdU64(0), Ret],
        ),
    );
    c.m(
        "type safety",
        "freeze an immutable reference",
        S::FREEZEREF_TYPE_MISMATCH_ERROR,
        one_fun(
            vec![r(ST::U64)],
            vec![],
            vec![],
            vec![MoveLoc(0), FreezeRef, Pop, Ret],
        ),
    );
    c.m(
        "type safety",
        "freeze a value",
        S::FREEZEREF_TYPE_MISMATCH_ERROR,
        one_fun(vec![], vec![], vec![], vec![LdU64(0), FreezeRef, Pop, Ret]),
    );
    {
        let mut b = B::new();
        let (sh, _, _, _) = s_ab(&mut b, drop_());
        b.f(
            "f",
            vec![ST::Struct(sh)],
            vec![],
            vec![],
            vec![CopyLoc(0), Pop, Ret],
        );
        c.m(
            "type safety",
            "copy a value without copy",
            S::COPYLOC_WITHOUT_COPY_ABILITY,
            b.build(),
        );
    }
    c.m(
        "type safety",
        "copy a signer",
        S::COPYLOC_WITHOUT_COPY_ABILITY,
        one_fun(vec![ST::Signer], vec![], vec![], vec![CopyLoc(0), Pop, Ret]),
    );
    c.m(
        "type safety",
        "borrow a reference local",
        S::BORROWLOC_REFERENCE_ERROR,
        one_fun(
            vec![r(ST::U64)],
            vec![],
            vec![],
            vec![ImmBorrowLoc(0), Pop, Ret],
        ),
    );
    c.m(
        "type safety",
        "mutably borrow a reference local",
        S::BORROWLOC_REFERENCE_ERROR,
        one_fun(
            vec![mr(ST::U64)],
            vec![],
            vec![],
            vec![MutBorrowLoc(0), Pop, Ret],
        ),
    );
    c.m(
        "type safety",
        "read_ref of a value",
        S::READREF_TYPE_MISMATCH_ERROR,
        one_fun(vec![], vec![], vec![], vec![LdU64(0), ReadRef, Pop, Ret]),
    );
    {
        let mut b = B::new();
        let (sh, _, _, _) = s_ab(&mut b, drop_());
        b.f(
            "f",
            vec![r(ST::Struct(sh))],
            vec![],
            vec![],
            vec![MoveLoc(0), ReadRef, Pop, Ret],
        );
        c.m(
            "type safety",
            "read_ref of a value without copy",
            S::READREF_WITHOUT_COPY_ABILITY,
            b.build(),
        );
    }
    c.m(
        "type safety",
        "write through an immutable reference",
        S::WRITEREF_NO_MUTABLE_REFERENCE_ERROR,
        one_fun(
            vec![r(ST::U64)],
            vec![],
            vec![],
            vec![LdU64(1), MoveLoc(0), WriteRef, Ret],
        ),
    );
    c.m(
        "type safety",
        "write a bool through &mut u64",
        S::WRITEREF_TYPE_MISMATCH_ERROR,
        one_fun(
            vec![mr(ST::U64)],
            vec![],
            vec![],
            vec![LdTrue, MoveLoc(0), WriteRef, Ret],
        ),
    );
    {
        let mut b = B::new();
        let (sh, _, _, _) = s_ab(&mut b, NONE);
        b.f(
            "f",
            vec![mr(ST::Struct(sh)), ST::Struct(sh)],
            vec![],
            vec![],
            vec![MoveLoc(1), MoveLoc(0), WriteRef, Ret],
        );
        c.m(
            "type safety",
            "overwrite a value without drop",
            S::WRITEREF_WITHOUT_DROP_ABILITY,
            b.build(),
        );
    }
    let int_op = |code: Vec<Bytecode>| one_fun(vec![], vec![], vec![], code);
    c.m(
        "type safety",
        "add u64 and u8",
        S::INTEGER_OP_TYPE_MISMATCH_ERROR,
        int_op(vec![LdU64(1), LdU8(1), Add, Pop, Ret]),
    );
    c.m(
        "type safety",
        "add two bools",
        S::INTEGER_OP_TYPE_MISMATCH_ERROR,
        int_op(vec![LdTrue, LdTrue, Add, Pop, Ret]),
    );
    c.m(
        "type safety",
        "shift by a u64",
        S::INTEGER_OP_TYPE_MISMATCH_ERROR,
        int_op(vec![LdU64(1), LdU64(1), Shl, Pop, Ret]),
    );
    c.m(
        "type safety",
        "compare bools with lt",
        S::INTEGER_OP_TYPE_MISMATCH_ERROR,
        int_op(vec![LdTrue, LdFalse, Lt, Pop, Ret]),
    );
    c.m(
        "type safety",
        "cast a bool",
        S::INTEGER_OP_TYPE_MISMATCH_ERROR,
        int_op(vec![LdTrue, CastU8, Pop, Ret]),
    );
    c.m(
        "type safety",
        "negate an unsigned integer",
        S::INTEGER_OP_TYPE_MISMATCH_ERROR,
        int_op(vec![LdU64(1), Negate, Pop, Ret]),
    );
    c.m(
        "type safety",
        "bit_and of u8 and u16",
        S::INTEGER_OP_TYPE_MISMATCH_ERROR,
        int_op(vec![LdU8(1), LdU16(1), BitAnd, Pop, Ret]),
    );
    c.m(
        "type safety",
        "and on u64",
        S::BOOLEAN_OP_TYPE_MISMATCH_ERROR,
        int_op(vec![LdU64(1), LdU64(1), And, Pop, Ret]),
    );
    c.m(
        "type safety",
        "not on u64",
        S::BOOLEAN_OP_TYPE_MISMATCH_ERROR,
        int_op(vec![LdU64(1), Not, Pop, Ret]),
    );
    c.m(
        "type safety",
        "eq on different types",
        S::EQUALITY_OP_TYPE_MISMATCH_ERROR,
        int_op(vec![LdU64(1), LdU8(1), Eq, Pop, Ret]),
    );
    {
        let mut b = B::new();
        let (sh, _, _, _) = s_ab(&mut b, NONE);
        b.f(
            "f",
            vec![ST::Struct(sh), ST::Struct(sh)],
            vec![],
            vec![],
            vec![MoveLoc(0), MoveLoc(1), Eq, Pop, Ret],
        );
        c.m(
            "type safety",
            "eq on values without drop",
            S::EQUALITY_OP_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let g = b.f("g", vec![ST::U64], vec![], vec![], vec![Ret]);
        b.f("f", vec![], vec![], vec![], vec![LdTrue, Call(g), Ret]);
        c.m(
            "type safety",
            "call with a bool for a u64",
            S::CALL_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let g = b.fun(Fun::new("g", vec![tp(0)], vec![], vec![], vec![Ret]).tparams(vec![drop_()]));
        let gi = b.fun_inst(g, vec![ST::U64]);
        b.f(
            "f",
            vec![],
            vec![],
            vec![],
            vec![LdTrue, CallGeneric(gi), Ret],
        );
        c.m(
            "type safety",
            "generic call with a bool for T = u64",
            S::CALL_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd, _, _) = s_ab(&mut b, drop_());
        b.f(
            "f",
            vec![],
            vec![],
            vec![],
            vec![LdTrue, LdU64(1), Pack(sd), Pop, Ret],
        );
        c.m(
            "type safety",
            "pack with a bool field",
            S::PACK_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = generic(&mut b, drop_(), drop_());
        let si = b.struct_inst(sd, vec![ST::U64]);
        b.f(
            "f",
            vec![],
            vec![],
            vec![],
            vec![LdTrue, PackGeneric(si), Pop, Ret],
        );
        c.m(
            "type safety",
            "generic pack with a bool for T = u64",
            S::PACK_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd, _, _) = s_ab(&mut b, drop_());
        b.f(
            "f",
            vec![],
            vec![],
            vec![],
            vec![LdU64(0), Unpack(sd), Pop, Pop, Ret],
        );
        c.m(
            "type safety",
            "unpack a u64",
            S::UNPACK_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, _, fa, _) = s_ab(&mut b, NONE);
        let (t, _) = b.struct_("T", NONE, vec![], vec![("c", ST::U64)]);
        b.f(
            "f",
            vec![r(ST::Struct(t))],
            vec![],
            vec![],
            vec![MoveLoc(0), ImmBorrowField(fa), Pop, Ret],
        );
        c.m(
            "type safety",
            "borrow a field of another struct",
            S::BORROWFIELD_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (sh, _, fa, _) = s_ab(&mut b, NONE);
        b.f(
            "f",
            vec![r(ST::Struct(sh))],
            vec![],
            vec![],
            vec![MoveLoc(0), MutBorrowField(fa), Pop, Ret],
        );
        c.m(
            "type safety",
            "mutably borrow a field through &",
            S::BORROWFIELD_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (sh, _, fa, _) = s_ab(&mut b, drop_());
        b.f(
            "f",
            vec![ST::Struct(sh)],
            vec![],
            vec![],
            vec![MoveLoc(0), ImmBorrowField(fa), Pop, Ret],
        );
        c.m(
            "type safety",
            "borrow a field of a value",
            S::BORROWFIELD_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = b.struct_("S", ab(&[Ability::Store]), vec![], vec![("a", ST::U64)]);
        b.f(
            "f",
            vec![r(ST::Signer), ST::U64],
            vec![],
            vec![],
            vec![MoveLoc(0), MoveLoc(1), Pack(sd), MoveTo(sd), Ret],
        );
        c.m(
            "type safety",
            "move_to a struct without key",
            S::MOVETO_WITHOUT_KEY_ABILITY,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = res(&mut b);
        b.f(
            "f",
            vec![ST::Address, ST::U64],
            vec![],
            vec![],
            vec![MoveLoc(0), MoveLoc(1), Pack(sd), MoveTo(sd), Ret],
        );
        c.m(
            "type safety",
            "move_to with an address for &signer",
            S::MOVETO_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = res(&mut b);
        b.f(
            "f",
            vec![r(ST::Signer)],
            vec![],
            vec![],
            vec![MoveLoc(0), LdU64(0), MoveTo(sd), Ret],
        );
        c.m(
            "type safety",
            "move_to a u64",
            S::MOVETO_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = b.struct_("S", ab(&[Ability::Store]), vec![], vec![("a", ST::U64)]);
        b.fun(Fun::new(
            "f",
            vec![ST::Address],
            vec![],
            vec![],
            vec![MoveLoc(0), MoveFrom(sd), Pop, Ret],
        ));
        c.m(
            "type safety",
            "move_from a struct without key",
            S::MOVEFROM_WITHOUT_KEY_ABILITY,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = b.struct_("R", key_store(), vec![], vec![("a", ST::U64)]);
        b.fun(
            Fun::new(
                "f",
                vec![],
                vec![],
                vec![],
                vec![LdU64(0), MoveFrom(sd), Pop, Ret],
            )
            .acquires(vec![sd]),
        );
        c.m(
            "type safety",
            "move_from at a u64",
            S::MOVEFROM_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = b.struct_("S", drop_(), vec![], vec![("a", ST::U64)]);
        b.f(
            "f",
            vec![ST::Address],
            vec![],
            vec![],
            vec![MoveLoc(0), ImmBorrowGlobal(sd), Pop, Ret],
        );
        c.m(
            "type safety",
            "borrow_global of a struct without key",
            S::BORROWGLOBAL_WITHOUT_KEY_ABILITY,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = res(&mut b);
        b.fun(
            Fun::new(
                "f",
                vec![],
                vec![],
                vec![],
                vec![LdTrue, MutBorrowGlobal(sd), Pop, Ret],
            )
            .acquires(vec![sd]),
        );
        c.m(
            "type safety",
            "borrow_global_mut at a bool",
            S::BORROWGLOBAL_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = b.struct_("S", drop_(), vec![], vec![("a", ST::U64)]);
        b.f(
            "f",
            vec![ST::Address],
            vec![],
            vec![],
            vec![MoveLoc(0), Exists(sd), Pop, Ret],
        );
        c.m(
            "type safety",
            "exists of a struct without key",
            S::EXISTS_WITHOUT_KEY_ABILITY_OR_BAD_ARGUMENT,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = res(&mut b);
        b.f(
            "f",
            vec![],
            vec![],
            vec![],
            vec![LdU64(0), Exists(sd), Pop, Ret],
        );
        c.m(
            "type safety",
            "exists at a u64",
            S::EXISTS_WITHOUT_KEY_ABILITY_OR_BAD_ARGUMENT,
            b.build(),
        );
    }
    {
        // G<T> has key needs T: store for the instance to have key.
        let mut b = B::new();
        let (g, sd) = b.struct_("G", key(), vec![(NONE, false)], vec![("x", tp(0))]);
        let si = b.struct_inst(sd, vec![tp(0)]);
        b.fun(
            Fun::new(
                "f",
                vec![r(ST::Signer), ST::StructInstantiation(g, vec![tp(0)])],
                vec![],
                vec![],
                vec![MoveLoc(0), MoveLoc(1), MoveToGeneric(si), Ret],
            )
            .tparams(vec![NONE]),
        );
        c.m(
            "type safety",
            "move_to G<T> where T lacks store",
            S::MOVETO_WITHOUT_KEY_ABILITY,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U64]);
        b.f(
            "f",
            vec![],
            vec![],
            vec![],
            vec![LdTrue, VecPack(s, 1), Pop, Ret],
        );
        c.m(
            "type safety",
            "vec_pack a bool into vector<u64>",
            S::TYPE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U64]);
        b.f(
            "f",
            vec![vec_of(ST::U64)],
            vec![],
            vec![],
            vec![MoveLoc(0), VecLen(s), Pop, Ret],
        );
        c.m(
            "type safety",
            "vec_len of a vector value",
            S::TYPE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U64]);
        b.f(
            "f",
            vec![r(vec_of(ST::U64))],
            vec![],
            vec![],
            vec![MoveLoc(0), LdU64(1), VecPushBack(s), Ret],
        );
        c.m(
            "type safety",
            "push_back through &vector",
            S::TYPE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U64]);
        b.f(
            "f",
            vec![r(vec_of(ST::U64))],
            vec![],
            vec![],
            vec![MoveLoc(0), LdTrue, VecImmBorrow(s), Pop, Ret],
        );
        c.m(
            "type safety",
            "vector borrow with a bool index",
            S::TYPE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U64]);
        b.f(
            "f",
            vec![vec_of(ST::U8)],
            vec![],
            vec![],
            vec![MoveLoc(0), VecUnpack(s, 0), Ret],
        );
        c.m(
            "type safety",
            "vec_unpack of vector<u8> as vector<u64>",
            S::TYPE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U64]);
        b.f(
            "f",
            vec![r(vec_of(ST::U64))],
            vec![],
            vec![],
            vec![MoveLoc(0), LdU64(0), LdU64(1), VecSwap(s), Ret],
        );
        c.m(
            "type safety",
            "swap through &vector",
            S::TYPE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U64]);
        b.f(
            "f",
            vec![mr(vec_of(ST::U8))],
            vec![],
            vec![],
            vec![MoveLoc(0), VecPopBack(s), Pop, Ret],
        );
        c.m(
            "type safety",
            "pop_back with the wrong element type",
            S::TYPE_MISMATCH,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let k = b.constant(ST::U8, vec![1]);
        b.f(
            "f",
            vec![],
            vec![],
            vec![],
            vec![LdConst(k), LdU64(1), Add, Pop, Ret],
        );
        c.m(
            "type safety",
            "u8 constant added to a u64",
            S::INTEGER_OP_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = en(&mut b);
        let v = b.variant(sd, 0);
        b.f(
            "f",
            vec![],
            vec![],
            vec![],
            vec![LdU64(0), TestVariant(v), Pop, Ret],
        );
        c.m(
            "type safety",
            "test_variant on a value",
            S::TEST_VARIANT_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = en(&mut b);
        let v = b.variant(sd, 0);
        b.f(
            "f",
            vec![],
            vec![],
            vec![],
            vec![LdTrue, PackVariant(v), Pop, Ret],
        );
        c.m(
            "type safety",
            "pack_variant with a bool field",
            S::PACK_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = en(&mut b);
        let v = b.variant(sd, 0);
        b.f(
            "f",
            vec![],
            vec![],
            vec![],
            vec![LdU64(0), UnpackVariant(v), Pop, Ret],
        );
        c.m(
            "type safety",
            "unpack_variant of a u64",
            S::UNPACK_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (eh, sd) = b.enum_(
            "E",
            drop_(),
            vec![],
            vec![("A", vec![("x", ST::U64)]), ("B", vec![("x", ST::Bool)])],
        );
        let vf = b.variant_field(sd, vec![0, 1], 0);
        b.f(
            "f",
            vec![r(ST::Struct(eh))],
            vec![],
            vec![],
            vec![MoveLoc(0), ImmBorrowVariantField(vf), Pop, Ret],
        );
        c.m(
            "type safety",
            "variant field with different types per variant",
            S::BORROWFIELD_BAD_FIELD_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = en(&mut b);
        b.f("f", vec![], vec![], vec![], vec![Pack(sd), Pop, Ret]);
        c.m(
            "type safety",
            "plain pack of an enum",
            S::PACK_TYPE_MISMATCH_ERROR,
            b.build(),
        );
    }

    // ---------------------------------------------------------------- locals safety
    c.m(
        "locals safety",
        "copy an unset local",
        S::COPYLOC_UNAVAILABLE_ERROR,
        one_fun(vec![], vec![], u64s(1), vec![CopyLoc(0), Pop, Ret]),
    );
    c.m(
        "locals safety",
        "move a local twice",
        S::MOVELOC_UNAVAILABLE_ERROR,
        one_fun(
            u64s(1),
            vec![],
            vec![],
            vec![MoveLoc(0), Pop, MoveLoc(0), Pop, Ret],
        ),
    );
    c.m(
        "locals safety",
        "borrow an unset local",
        S::BORROWLOC_UNAVAILABLE_ERROR,
        one_fun(vec![], vec![], u64s(1), vec![ImmBorrowLoc(0), Pop, Ret]),
    );
    {
        let mut b = B::new();
        let (sh, _, _, _) = s_ab(&mut b, NONE);
        b.f(
            "f",
            vec![ST::Struct(sh), ST::Struct(sh)],
            vec![],
            vec![],
            vec![MoveLoc(1), StLoc(0), Ret],
        );
        c.m(
            "locals safety",
            "overwrite a value without drop",
            S::STLOC_UNSAFE_TO_DESTROY_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (sh, _, _, _) = s_ab(&mut b, NONE);
        b.f("f", vec![ST::Struct(sh)], vec![], vec![], vec![Ret]);
        c.m(
            "locals safety",
            "return leaving a value without drop",
            S::UNSAFE_RET_UNUSED_VALUES_WITHOUT_DROP,
            b.build(),
        );
    }
    c.m(
        "locals safety",
        "copy a local set on one path only",
        S::COPYLOC_UNAVAILABLE_ERROR,
        one_fun(
            vec![ST::Bool],
            vec![],
            u64s(1),
            vec![
                MoveLoc(0),
                BrFalse(4),
                LdU64(1),
                StLoc(1),
                CopyLoc(1),
                Pop,
                Ret,
            ],
        ),
    );
    c.m(
        "locals safety",
        "move a local inside a loop",
        S::MOVELOC_UNAVAILABLE_ERROR,
        one_fun(u64s(1), vec![], vec![], vec![MoveLoc(0), Pop, Branch(0)]),
    );
    {
        let mut b = B::new();
        let (sh, _, _, _) = s_ab(&mut b, NONE);
        // s moved out on one path only; at return it may still hold the value.
        b.f(
            "f",
            vec![ST::Bool, ST::Struct(sh)],
            vec![],
            vec![],
            vec![
                MoveLoc(0),
                BrFalse(5),
                MoveLoc(1),
                Unpack(StructDefinitionIndex(0)),
                Pop,
                Pop,
                Ret,
            ],
        );
        let mut m = b.build();
        // Fix up: the false branch goes to a Ret at 6 (pc 5 is Pop): rebuild code precisely.
        if let Some(code) = m.function_defs[0].code.as_mut() {
            code.code = vec![
                MoveLoc(0),
                BrFalse(6),
                MoveLoc(1),
                Unpack(StructDefinitionIndex(0)),
                Pop,
                Pop,
                Ret,
            ];
        }
        c.m(
            "locals safety",
            "return while a non-drop value may remain",
            S::UNSAFE_RET_UNUSED_VALUES_WITHOUT_DROP,
            m,
        );
    }
    c.m(
        "locals safety",
        "borrow a moved local",
        S::BORROWLOC_UNAVAILABLE_ERROR,
        one_fun(
            u64s(1),
            vec![],
            vec![],
            vec![MoveLoc(0), Pop, ImmBorrowLoc(0), Pop, Ret],
        ),
    );

    // ---------------------------------------------------------------- reference safety
    c.m(
        "reference safety",
        "write through a reference that has a copy",
        S::WRITEREF_EXISTS_BORROW_ERROR,
        one_fun(
            u64s(1),
            vec![],
            vec![mr(ST::U64), mr(ST::U64)],
            vec![
                MutBorrowLoc(0),
                StLoc(1),
                CopyLoc(1),
                StLoc(2),
                LdU64(1),
                MoveLoc(1),
                WriteRef,
                MoveLoc(2),
                Pop,
                Ret,
            ],
        ),
    );
    {
        let mut b = B::new();
        let (sh, _, fa, _) = s_ab(&mut b, copy_drop());
        b.f(
            "f",
            vec![mr(ST::Struct(sh)), ST::Struct(sh)],
            vec![],
            vec![r(ST::U64)],
            vec![
                CopyLoc(0),
                ImmBorrowField(fa),
                StLoc(2),
                MoveLoc(1),
                MoveLoc(0),
                WriteRef,
                MoveLoc(2),
                Pop,
                Ret,
            ],
        );
        c.m(
            "reference safety",
            "write a struct while a field is borrowed",
            S::WRITEREF_EXISTS_BORROW_ERROR,
            b.build(),
        );
    }
    c.m(
        "reference safety",
        "read through &mut while a mutable copy exists",
        S::READREF_EXISTS_MUTABLE_BORROW_ERROR,
        one_fun(
            vec![mr(ST::U64)],
            vec![],
            vec![mr(ST::U64)],
            vec![
                CopyLoc(0),
                StLoc(1),
                MoveLoc(0),
                ReadRef,
                Pop,
                MoveLoc(1),
                Pop,
                Ret,
            ],
        ),
    );
    c.m(
        "reference safety",
        "freeze while a mutable copy exists",
        S::FREEZEREF_EXISTS_MUTABLE_BORROW_ERROR,
        one_fun(
            vec![mr(ST::U64)],
            vec![],
            vec![mr(ST::U64)],
            vec![
                CopyLoc(0),
                StLoc(1),
                MoveLoc(0),
                FreezeRef,
                Pop,
                MoveLoc(1),
                Pop,
                Ret,
            ],
        ),
    );
    c.m(
        "reference safety",
        "immutable borrow of a mutably borrowed local",
        S::BORROWLOC_EXISTS_BORROW_ERROR,
        one_fun(
            u64s(1),
            vec![],
            vec![mr(ST::U64)],
            vec![
                MutBorrowLoc(0),
                StLoc(1),
                ImmBorrowLoc(0),
                Pop,
                MoveLoc(1),
                Pop,
                Ret,
            ],
        ),
    );
    c.m(
        "reference safety",
        "copy a mutably borrowed local",
        S::COPYLOC_EXISTS_BORROW_ERROR,
        one_fun(
            u64s(1),
            vec![],
            vec![mr(ST::U64)],
            vec![
                MutBorrowLoc(0),
                StLoc(1),
                CopyLoc(0),
                Pop,
                MoveLoc(1),
                Pop,
                Ret,
            ],
        ),
    );
    c.m(
        "reference safety",
        "move a borrowed local (dangling reference)",
        S::MOVELOC_EXISTS_BORROW_ERROR,
        one_fun(
            u64s(1),
            vec![],
            vec![r(ST::U64)],
            vec![
                ImmBorrowLoc(0),
                StLoc(1),
                MoveLoc(0),
                Pop,
                MoveLoc(1),
                Pop,
                Ret,
            ],
        ),
    );
    c.m(
        "reference safety",
        "overwrite a borrowed local",
        S::STLOC_UNSAFE_TO_DESTROY_ERROR,
        one_fun(
            u64s(1),
            vec![],
            vec![r(ST::U64)],
            vec![
                ImmBorrowLoc(0),
                StLoc(1),
                LdU64(5),
                StLoc(0),
                MoveLoc(1),
                Pop,
                Ret,
            ],
        ),
    );
    c.m(
        "reference safety",
        "return a reference to a local",
        S::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED,
        one_fun(
            u64s(1),
            vec![r(ST::U64)],
            vec![],
            vec![ImmBorrowLoc(0), Ret],
        ),
    );
    c.m(
        "reference safety",
        "return a mutable reference to a local",
        S::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED,
        one_fun(
            u64s(1),
            vec![mr(ST::U64)],
            vec![],
            vec![MutBorrowLoc(0), Ret],
        ),
    );
    {
        let mut b = B::new();
        let (sh, sd) = res(&mut b);
        b.fun(
            Fun::new(
                "f",
                vec![ST::Address],
                vec![r(ST::Struct(sh))],
                vec![],
                vec![MoveLoc(0), ImmBorrowGlobal(sd), Ret],
            )
            .acquires(vec![sd]),
        );
        c.m(
            "reference safety",
            "return a reference to a global",
            S::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let g = b.f(
            "g",
            vec![r(ST::U64)],
            vec![r(ST::U64)],
            vec![],
            vec![MoveLoc(0), Ret],
        );
        b.f(
            "f",
            u64s(1),
            vec![r(ST::U64)],
            vec![],
            vec![ImmBorrowLoc(0), Call(g), Ret],
        );
        c.m(
            "reference safety",
            "return a reference to a local through a call",
            S::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (sh, _, fa, _) = s_ab(&mut b, NONE);
        b.f(
            "f",
            vec![mr(ST::Struct(sh))],
            vec![r(ST::U64), mr(ST::Struct(sh))],
            vec![],
            vec![CopyLoc(0), ImmBorrowField(fa), MoveLoc(0), Ret],
        );
        c.m(
            "reference safety",
            "return &mut while a field of it is returned too",
            S::RET_BORROWED_MUTABLE_REFERENCE_ERROR,
            b.build(),
        );
    }
    c.m(
        "reference safety",
        "return &mut together with its frozen copy",
        S::RET_BORROWED_MUTABLE_REFERENCE_ERROR,
        one_fun(
            vec![mr(ST::U64)],
            vec![r(ST::U64), mr(ST::U64)],
            vec![],
            vec![CopyLoc(0), FreezeRef, MoveLoc(0), Ret],
        ),
    );
    {
        let mut b = B::new();
        let g = b.f(
            "g",
            vec![mr(ST::U64), mr(ST::U64)],
            vec![],
            vec![],
            vec![Ret],
        );
        b.f(
            "f",
            vec![mr(ST::U64)],
            vec![],
            vec![],
            vec![CopyLoc(0), MoveLoc(0), Call(g), Ret],
        );
        c.m(
            "reference safety",
            "call with the same &mut twice",
            S::CALL_BORROWED_MUTABLE_REFERENCE_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (sh, _, fa, _) = s_ab(&mut b, NONE);
        let g = b.f(
            "g",
            vec![mr(ST::Struct(sh)), mr(ST::U64)],
            vec![],
            vec![],
            vec![Ret],
        );
        b.f(
            "f",
            vec![mr(ST::Struct(sh))],
            vec![],
            vec![mr(ST::U64)],
            vec![
                CopyLoc(0),
                MutBorrowField(fa),
                StLoc(1),
                MoveLoc(0),
                MoveLoc(1),
                Call(g),
                Ret,
            ],
        );
        c.m(
            "reference safety",
            "call with &mut S and &mut S.a",
            S::CALL_BORROWED_MUTABLE_REFERENCE_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let g = b.f("g", vec![mr(ST::U64)], vec![], vec![], vec![Ret]);
        b.f(
            "f",
            vec![mr(ST::U64)],
            vec![],
            vec![r(ST::U64)],
            vec![
                CopyLoc(0),
                FreezeRef,
                StLoc(1),
                MoveLoc(0),
                Call(g),
                MoveLoc(1),
                Pop,
                Ret,
            ],
        );
        c.m(
            "reference safety",
            "call with &mut while a frozen copy is alive",
            S::CALL_BORROWED_MUTABLE_REFERENCE_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = res(&mut b);
        let g = b.fun(
            Fun::new(
                "g",
                vec![ST::Address],
                vec![],
                vec![],
                vec![MoveLoc(0), ImmBorrowGlobal(sd), Pop, Ret],
            )
            .acquires(vec![sd]),
        );
        let (sh, _) = (b.m.struct_defs[0].struct_handle, ());
        b.fun(
            Fun::new(
                "f",
                vec![ST::Address],
                vec![],
                vec![mr(ST::Struct(sh))],
                vec![
                    CopyLoc(0),
                    MutBorrowGlobal(sd),
                    StLoc(1),
                    MoveLoc(0),
                    Call(g),
                    MoveLoc(1),
                    Pop,
                    Ret,
                ],
            )
            .acquires(vec![sd]),
        );
        c.m(
            "reference safety",
            "global borrowed across a call that acquires it",
            S::GLOBAL_REFERENCE_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (sh, sd) = res(&mut b);
        b.fun(
            Fun::new(
                "f",
                vec![ST::Address],
                vec![],
                vec![r(ST::Struct(sh))],
                vec![
                    CopyLoc(0),
                    ImmBorrowGlobal(sd),
                    StLoc(1),
                    MoveLoc(0),
                    MoveFrom(sd),
                    Unpack(sd),
                    Pop,
                    MoveLoc(1),
                    Pop,
                    Ret,
                ],
            )
            .acquires(vec![sd]),
        );
        c.m(
            "reference safety",
            "move_from while borrowed",
            S::GLOBAL_REFERENCE_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (sh, sd) = res(&mut b);
        b.fun(
            Fun::new(
                "f",
                vec![ST::Address],
                vec![],
                vec![r(ST::Struct(sh))],
                vec![
                    CopyLoc(0),
                    ImmBorrowGlobal(sd),
                    StLoc(1),
                    MoveLoc(0),
                    MutBorrowGlobal(sd),
                    Pop,
                    MoveLoc(1),
                    Pop,
                    Ret,
                ],
            )
            .acquires(vec![sd]),
        );
        c.m(
            "reference safety",
            "borrow_global_mut while immutably borrowed",
            S::GLOBAL_REFERENCE_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (sh, sd) = res(&mut b);
        b.fun(
            Fun::new(
                "f",
                vec![ST::Address],
                vec![],
                vec![mr(ST::Struct(sh))],
                vec![
                    CopyLoc(0),
                    MutBorrowGlobal(sd),
                    StLoc(1),
                    MoveLoc(0),
                    ImmBorrowGlobal(sd),
                    Pop,
                    MoveLoc(1),
                    Pop,
                    Ret,
                ],
            )
            .acquires(vec![sd]),
        );
        c.m(
            "reference safety",
            "borrow_global while mutably borrowed",
            S::GLOBAL_REFERENCE_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U64]);
        b.f(
            "f",
            vec![mr(vec_of(ST::U64))],
            vec![],
            vec![r(ST::U64)],
            vec![
                CopyLoc(0),
                LdU64(0),
                VecImmBorrow(s),
                StLoc(1),
                MoveLoc(0),
                LdU64(1),
                VecPushBack(s),
                MoveLoc(1),
                Pop,
                Ret,
            ],
        );
        c.m(
            "reference safety",
            "push_back while an element is borrowed",
            S::VEC_UPDATE_EXISTS_MUTABLE_BORROW_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U64]);
        b.f(
            "f",
            vec![mr(vec_of(ST::U64))],
            vec![],
            vec![r(ST::U64)],
            vec![
                CopyLoc(0),
                LdU64(0),
                VecImmBorrow(s),
                StLoc(1),
                MoveLoc(0),
                VecPopBack(s),
                Pop,
                MoveLoc(1),
                Pop,
                Ret,
            ],
        );
        c.m(
            "reference safety",
            "pop_back while an element is borrowed",
            S::VEC_UPDATE_EXISTS_MUTABLE_BORROW_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U64]);
        b.f(
            "f",
            vec![mr(vec_of(ST::U64))],
            vec![],
            vec![r(ST::U64)],
            vec![
                CopyLoc(0),
                LdU64(0),
                VecImmBorrow(s),
                StLoc(1),
                MoveLoc(0),
                LdU64(0),
                LdU64(1),
                VecSwap(s),
                MoveLoc(1),
                Pop,
                Ret,
            ],
        );
        c.m(
            "reference safety",
            "swap while an element is borrowed",
            S::VEC_UPDATE_EXISTS_MUTABLE_BORROW_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let s = b.sig(vec![ST::U64]);
        b.f(
            "f",
            vec![mr(vec_of(ST::U64))],
            vec![],
            vec![r(ST::U64)],
            vec![
                CopyLoc(0),
                LdU64(0),
                VecImmBorrow(s),
                StLoc(1),
                MoveLoc(0),
                LdU64(1),
                VecMutBorrow(s),
                Pop,
                MoveLoc(1),
                Pop,
                Ret,
            ],
        );
        c.m(
            "reference safety",
            "mutable element borrow while an element is borrowed",
            S::VEC_BORROW_ELEMENT_EXISTS_MUTABLE_BORROW_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (sh, _, fa, _) = s_ab(&mut b, NONE);
        b.f(
            "f",
            vec![mr(ST::Struct(sh))],
            vec![],
            vec![mr(ST::Struct(sh))],
            vec![
                CopyLoc(0),
                StLoc(1),
                MoveLoc(0),
                MutBorrowField(fa),
                Pop,
                MoveLoc(1),
                Pop,
                Ret,
            ],
        );
        c.m(
            "reference safety",
            "mutable field borrow while fully borrowed",
            S::BORROWFIELD_EXISTS_MUTABLE_BORROW_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (sh, _, fa, _) = s_ab(&mut b, NONE);
        b.f(
            "f",
            vec![mr(ST::Struct(sh))],
            vec![],
            vec![mr(ST::U64)],
            vec![
                CopyLoc(0),
                MutBorrowField(fa),
                StLoc(1),
                MoveLoc(0),
                ImmBorrowField(fa),
                Pop,
                MoveLoc(1),
                Pop,
                Ret,
            ],
        );
        c.m(
            "reference safety",
            "field borrow while the same field is mutably borrowed",
            S::BORROWFIELD_EXISTS_MUTABLE_BORROW_ERROR,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (sh, _, fa, _) = s_ab(&mut b, NONE);
        b.f(
            "f",
            vec![mr(ST::Struct(sh))],
            vec![],
            vec![mr(ST::U64)],
            vec![
                CopyLoc(0),
                MutBorrowField(fa),
                StLoc(1),
                MoveLoc(0),
                FreezeRef,
                Pop,
                MoveLoc(1),
                Pop,
                Ret,
            ],
        );
        c.m(
            "reference safety",
            "freeze while a field is mutably borrowed",
            S::FREEZEREF_EXISTS_MUTABLE_BORROW_ERROR,
            b.build(),
        );
    }
    c.m(
        "reference safety",
        "compare a reference that is mutably borrowed",
        S::READREF_EXISTS_MUTABLE_BORROW_ERROR,
        one_fun(
            vec![mr(ST::U64)],
            vec![],
            vec![mr(ST::U64)],
            vec![
                CopyLoc(0),
                StLoc(1),
                CopyLoc(0),
                MoveLoc(0),
                Eq,
                Pop,
                MoveLoc(1),
                Pop,
                Ret,
            ],
        ),
    );
    {
        let mut b = B::new();
        let (eh, sd) = en(&mut b);
        let vf = b.variant_field(sd, vec![0, 1], 0);
        let v = b.variant(sd, 0);
        b.f(
            "f",
            vec![mr(ST::Struct(eh))],
            vec![],
            vec![mr(ST::U64)],
            vec![
                CopyLoc(0),
                MutBorrowVariantField(vf),
                StLoc(1),
                MoveLoc(0),
                TestVariant(v),
                Pop,
                MoveLoc(1),
                Pop,
                Ret,
            ],
        );
        c.m(
            "reference safety",
            "test_variant while a variant field is mutably borrowed",
            S::READREF_EXISTS_MUTABLE_BORROW_ERROR,
            b.build(),
        );
    }
    c.m(
        "reference safety",
        "move a local borrowed on one of two joined paths",
        S::MOVELOC_EXISTS_BORROW_ERROR,
        one_fun(
            vec![ST::U64, ST::U64, ST::Bool],
            vec![],
            vec![r(ST::U64)],
            vec![
                MoveLoc(2),
                BrFalse(5),
                ImmBorrowLoc(0),
                StLoc(3),
                Branch(7),
                ImmBorrowLoc(1),
                StLoc(3),
                MoveLoc(0),
                Pop,
                MoveLoc(3),
                Pop,
                Ret,
            ],
        ),
    );
    c.m(
        "reference safety",
        "overwrite a local borrowed in the previous loop iteration",
        S::STLOC_UNSAFE_TO_DESTROY_ERROR,
        one_fun(
            vec![ST::U64, ST::U64],
            vec![],
            vec![r(ST::U64)],
            vec![
                ImmBorrowLoc(1),
                StLoc(2),
                LdU64(5),
                StLoc(0),
                ImmBorrowLoc(0),
                StLoc(2),
                Branch(2),
            ],
        ),
    );
    {
        let mut b = B::new();
        let (sh, sd) = res(&mut b);
        b.fun(
            Fun::new(
                "f",
                vec![ST::Address],
                vec![],
                vec![mr(ST::Struct(sh))],
                vec![
                    CopyLoc(0),
                    MutBorrowGlobal(sd),
                    StLoc(1),
                    MoveLoc(0),
                    MutBorrowGlobal(sd),
                    Pop,
                    MoveLoc(1),
                    Pop,
                    Ret,
                ],
            )
            .acquires(vec![sd]),
        );
        c.m(
            "reference safety",
            "two mutable borrows of the same global",
            S::GLOBAL_REFERENCE_ERROR,
            b.build(),
        );
    }

    // ---------------------------------------------------------------- acquires
    {
        let mut b = B::new();
        let (_, sd) = res(&mut b);
        b.f(
            "f",
            vec![ST::Address],
            vec![],
            vec![],
            vec![MoveLoc(0), ImmBorrowGlobal(sd), Pop, Ret],
        );
        c.m(
            "acquires",
            "borrow_global without acquires",
            S::MISSING_ACQUIRES_ANNOTATION,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = res(&mut b);
        b.f(
            "f",
            vec![ST::Address],
            vec![],
            vec![],
            vec![MoveLoc(0), MoveFrom(sd), Unpack(sd), Pop, Ret],
        );
        c.m(
            "acquires",
            "move_from without acquires",
            S::MISSING_ACQUIRES_ANNOTATION,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = res(&mut b);
        let g = b.fun(
            Fun::new(
                "g",
                vec![ST::Address],
                vec![],
                vec![],
                vec![MoveLoc(0), ImmBorrowGlobal(sd), Pop, Ret],
            )
            .acquires(vec![sd]),
        );
        b.f(
            "f",
            vec![ST::Address],
            vec![],
            vec![],
            vec![MoveLoc(0), Call(g), Ret],
        );
        c.m(
            "acquires",
            "call an acquiring function without acquires",
            S::MISSING_ACQUIRES_ANNOTATION,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = res(&mut b);
        b.fun(Fun::new("f", vec![], vec![], vec![], vec![Ret]).acquires(vec![sd]));
        c.m(
            "acquires",
            "acquires a resource it never touches",
            S::EXTRANEOUS_ACQUIRES_ANNOTATION,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = b.struct_("S", drop_(), vec![], vec![("a", ST::U64)]);
        b.fun(Fun::new("f", vec![], vec![], vec![], vec![Ret]).acquires(vec![sd]));
        c.m(
            "acquires",
            "acquires a struct without key",
            S::INVALID_ACQUIRES_ANNOTATION,
            b.build(),
        );
    }
    {
        let mut b = B::new();
        let (_, sd) = res(&mut b);
        b.f(
            "f",
            vec![ST::Address],
            vec![],
            vec![],
            vec![MoveLoc(0), Exists(sd), Pop, Ret],
        );
        let mut m = b.build();
        m.function_defs[0].acquires_global_resources = vec![sd];
        c.m(
            "acquires",
            "acquires for exists only",
            S::EXTRANEOUS_ACQUIRES_ANNOTATION,
            m,
        );
    }

    // ---------------------------------------------------------------- struct API (v10)
    let api = |attrs: Vec<FunctionAttribute>, code: Vec<Bytecode>, rets: Vec<ST>| {
        let mut b = B::new();
        let (sh, _, _, _) = s_ab(&mut b, NONE);
        let params = if rets.is_empty() {
            vec![ST::Struct(sh)]
        } else {
            vec![ST::U64, ST::U64]
        };
        let rets = if rets.is_empty() {
            vec![]
        } else {
            vec![ST::Struct(sh)]
        };
        b.f("f", params, rets, vec![], code);
        let mut m = b.build();
        m.version = 10;
        m.function_handles[0].attributes = attrs;
        m
    };
    c.m(
        "struct api",
        "unpack API with extra instructions",
        S::INVALID_STRUCT_API_CODE,
        api(
            vec![FunctionAttribute::Unpack],
            vec![MoveLoc(0), Unpack(StructDefinitionIndex(0)), Pop, Pop, Ret],
            vec![],
        ),
    );
    c.m(
        "struct api",
        "pack API that copies instead of moving",
        S::INVALID_STRUCT_API_CODE,
        api(
            vec![FunctionAttribute::Pack],
            vec![CopyLoc(0), MoveLoc(1), Pack(StructDefinitionIndex(0)), Ret],
            vec![ST::U64],
        ),
    );
    c.m(
        "struct api",
        "two struct API attributes",
        S::INVALID_STRUCT_API_CODE,
        api(
            vec![FunctionAttribute::Pack, FunctionAttribute::Unpack],
            vec![MoveLoc(0), MoveLoc(1), Pack(StructDefinitionIndex(0)), Ret],
            vec![ST::U64],
        ),
    );

    // ---------------------------------------------------------------- entry / script signatures
    // Only scripts older than v5 have a signature rule; entry functions returning values are
    // accepted (`limits.rs`).
    c.script(
        "script signature",
        "v4 script taking a signer after a value",
        S::INVALID_MAIN_FUNCTION_SIGNATURE,
        {
            let mut s = script(vec![ST::U64, ST::Signer], vec![Ret]);
            s.version = 4;
            s
        },
    );
    c.script(
        "script",
        "script with empty code",
        S::EMPTY_CODE_UNIT,
        script(vec![], vec![]),
    );
    c.script(
        "script",
        "script falling off the end",
        S::INVALID_FALL_THROUGH,
        script(vec![], vec![LdU64(0), Pop]),
    );
    c.script(
        "script",
        "script adding bool and u64",
        S::INTEGER_OP_TYPE_MISMATCH_ERROR,
        script(vec![], vec![LdTrue, LdU64(1), Add, Pop, Ret]),
    );
    c.script(
        "script",
        "script moving a parameter twice",
        S::MOVELOC_UNAVAILABLE_ERROR,
        script(vec![ST::U64], vec![MoveLoc(0), Pop, MoveLoc(0), Pop, Ret]),
    );
    c.script(
        "script",
        "script returning a reference to a parameter is impossible: stack left",
        S::POSITIVE_STACK_SIZE_AT_BLOCK_END,
        script(vec![ST::U64], vec![ImmBorrowLoc(0), Ret]),
    );
    c.script(
        "script",
        "script with a duplicate identifier",
        S::DUPLICATE_ELEMENT,
        {
            let mut s = script(vec![], vec![Ret]);
            s.identifiers
                .push(lumio_move_core_types::Identifier::new("x").unwrap());
            s.identifiers
                .push(lumio_move_core_types::Identifier::new("x").unwrap());
            s
        },
    );
    c.script(
        "script",
        "script with a malformed constant",
        S::MALFORMED_CONSTANT_DATA,
        {
            let mut s = script(vec![], vec![Ret]);
            s.constant_pool.push(Constant {
                type_: ST::U64,
                data: vec![1],
            });
            s
        },
    );

    c.0
}

/// Runs one case; `Err(description)` on mismatch.
pub(crate) fn run(case: &Case) -> Result<(), String> {
    let result = match &case.unit {
        Unit::Module(m) => verify_module_with_config(&case.config, m),
        Unit::Script(s) => verify_script_with_config(&case.config, s),
    };
    match result {
        Ok(()) => Err(format!(
            "[{}] {}: expected {}, verified OK",
            case.pass, case.name, case.code
        )),
        Err(e) if e.major_status() == case.code => Ok(()),
        Err(e) => Err(format!(
            "[{}] {}: expected {}, got {e}",
            case.pass, case.name, case.code
        )),
    }
}

#[test]
fn negative_corpus() {
    let cases = corpus();
    let failures: Vec<String> = cases.iter().filter_map(|c| run(c).err()).collect();
    let mut per_pass = std::collections::BTreeMap::<&str, usize>::new();
    for c in &cases {
        *per_pass.entry(c.pass).or_default() += 1;
    }
    eprintln!("negative corpus: {} cases {per_pass:?}", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert!(cases.len() >= 150, "corpus has only {} cases", cases.len());
}

/// Code that only the version-5 structured-loop rules reject, with the code they give.
pub(crate) fn v5_control_flow_cases() -> Vec<(&'static str, Vec<Bytecode>, StatusCode)> {
    use Bytecode::*;
    vec![
        (
            "continue to the outer loop from inside the inner one",
            vec![
                Nop,
                LdTrue,
                BrTrue(0),
                LdTrue,
                BrTrue(1),
                LdTrue,
                BrTrue(0),
                Ret,
            ],
            StatusCode::INVALID_LOOP_CONTINUE,
        ),
        (
            "break past the instruction after the loop",
            vec![LdTrue, BrTrue(5), LdTrue, BrTrue(0), Ret, Ret],
            StatusCode::INVALID_LOOP_BREAK,
        ),
        (
            "break out of two loops at once",
            vec![
                Nop,
                LdTrue,
                BrTrue(7),
                LdTrue,
                BrTrue(1),
                LdTrue,
                BrTrue(0),
                Ret,
            ],
            StatusCode::INVALID_LOOP_BREAK,
        ),
        (
            "break from the inner loop into the middle of the outer one",
            vec![
                Nop,
                Nop,
                LdTrue,
                BrTrue(7),
                LdTrue,
                BrTrue(1),
                Nop,
                LdTrue,
                BrTrue(0),
                Ret,
            ],
            StatusCode::INVALID_LOOP_BREAK,
        ),
    ]
}
