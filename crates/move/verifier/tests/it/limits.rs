//! Limits, stack usage and entry-function rules as Aptos production applies them (late 2024,
//! function values off): for every limit a case just under it (accepted) and one just over
//! (rejected with Aptos's status code); where production has no limit, a case far beyond the
//! bound we used to apply (accepted) plus the counting rule under an explicit bound.

use lumio_move_binary_format::file_format::{Bytecode::*, *};
use lumio_move_core_types::{StatusCode, StatusCode as S};
use lumio_move_verifier::{VerifierConfig, verify_module_with_config, verify_script_with_config};

use crate::builder::*;

enum Unit {
    Module(CompiledModule),
    Script(CompiledScript),
}

struct Case {
    name: &'static str,
    unit: Unit,
    config: VerifierConfig,
    /// `None`: must verify.
    expect: Option<StatusCode>,
}

struct Cases(Vec<Case>);

impl Cases {
    /// A module under the production configuration.
    fn prod(&mut self, name: &'static str, expect: Option<StatusCode>, m: CompiledModule) {
        self.cfg(name, expect, VerifierConfig::production(), m);
    }
    fn cfg(
        &mut self,
        name: &'static str,
        expect: Option<StatusCode>,
        config: VerifierConfig,
        m: CompiledModule,
    ) {
        self.0.push(Case {
            name,
            unit: Unit::Module(m),
            config,
            expect,
        });
    }
    fn script(
        &mut self,
        name: &'static str,
        expect: Option<StatusCode>,
        config: VerifierConfig,
        s: CompiledScript,
    ) {
        self.0.push(Case {
            name,
            unit: Unit::Script(s),
            config,
            expect,
        });
    }
}

const OK: Option<StatusCode> = None;

/// Production plus the bounds Aptos adds when function values are on.
fn with_function_value_bounds() -> VerifierConfig {
    VerifierConfig {
        max_function_return_values: Some(128),
        max_type_depth: Some(20),
        max_type_nodes: Some(128),
        ..VerifierConfig::production()
    }
}

/// `u8` wrapped in vectors to the given depth (the root counts 1).
fn vector_tower(depth: usize) -> ST {
    let mut t = ST::U8;
    for _ in 1..depth {
        t = vec_of(t);
    }
    t
}

/// `fun f<T>(x: vector<...vector<G<T>>...>)` with `vectors` vectors around `G<T>`: weighted
/// size `vectors + 4 (G) + 4 (T)`.
fn weighted_param(vectors: usize) -> CompiledModule {
    let mut b = B::new();
    let (g, _) = b.struct_("G", drop_(), vec![(NONE, false)], vec![("x", tp(0))]);
    let mut t = ST::StructInstantiation(g, vec![tp(0)]);
    for _ in 0..vectors {
        t = vec_of(t);
    }
    b.fun(
        Fun::new("f", vec![t], vec![], vec![], vec![MoveLoc(0), Pop, Ret]).tparams(vec![drop_()]),
    );
    b.build()
}

/// `n` type parameters on a function definition.
fn fun_tparams(n: usize) -> CompiledModule {
    let mut b = B::new();
    b.fun(Fun::new("f", vec![], vec![], vec![], vec![Ret]).tparams(vec![NONE; n]));
    b.build()
}

/// `n` type parameters on a struct definition.
fn struct_tparams(n: usize) -> CompiledModule {
    let mut b = B::new();
    b.struct_("S", NONE, vec![(NONE, false); n], vec![("a", ST::U64)]);
    b.build()
}

/// A function returning `n` u64 values.
fn returns(n: usize) -> CompiledModule {
    let mut code = vec![LdU64(0); n];
    code.push(Ret);
    one_fun(vec![], vec![ST::U64; n], vec![], code)
}

/// `n` values loaded and popped one by one: `n` pushes, stack height never above 1.
fn pushes(n: usize) -> Vec<Bytecode> {
    let mut code = Vec::with_capacity(2 * n + 1);
    for _ in 0..n {
        code.push(LdU64(0));
        code.push(Pop);
    }
    code
}

/// `n` values on the stack at once.
fn height(n: usize) -> Vec<Bytecode> {
    let mut code = vec![LdU64(0); n];
    code.extend(vec![Pop; n]);
    code.push(Ret);
    code
}

/// `fun f(v: vector<u8>) { vector::unpack(v, n); pop n times }`.
fn vec_unpack(n: u64) -> CompiledModule {
    let mut b = B::new();
    let s = b.sig(vec![ST::U8]);
    let mut code = vec![MoveLoc(0), VecUnpack(s, n)];
    code.extend(vec![Pop; n as usize]);
    code.push(Ret);
    b.f("f", vec![vec_of(ST::U8)], vec![], vec![], code);
    b.build()
}

/// An enum with `n` variants of one `u64` field each.
fn enum_variants(n: usize) -> CompiledModule {
    let mut b = B::new();
    let names: Vec<String> = (0..n).map(|i| format!("V{i}")).collect();
    let variants = names
        .iter()
        .map(|n| (n.as_str(), vec![("x", ST::U64)]))
        .collect();
    b.enum_("E", NONE, vec![], variants);
    b.build()
}

/// An entry function.
fn entry(params: Vec<ST>, rets: Vec<ST>, code: Vec<Bytecode>) -> CompiledModule {
    let mut b = B::new();
    b.fun(Fun::new("f", params, rets, vec![], code).entry());
    b.build()
}

#[allow(clippy::too_many_lines)]
fn corpus() -> Vec<Case> {
    let mut c = Cases(Vec::new());
    let prod = VerifierConfig::production;

    // ------------------------------------------------ max_generic_instantiation_length: 32
    c.prod("function with 32 type parameters", OK, fun_tparams(32));
    c.prod(
        "function with 33 type parameters",
        Some(S::TOO_MANY_TYPE_PARAMETERS),
        fun_tparams(33),
    );
    c.prod("struct with 32 type parameters", OK, struct_tparams(32));
    c.prod(
        "struct with 33 type parameters",
        Some(S::TOO_MANY_TYPE_PARAMETERS),
        struct_tparams(33),
    );
    {
        // Handles are counted, not definitions: an import nobody calls counts as well.
        let mut b = B::new();
        let d = b.module_handle(lumio_move_core_types::AccountAddress::ONE, "D");
        b.fun_handle(d, "g", vec![NONE; 33], vec![], vec![]);
        b.f("f", vec![], vec![], vec![], vec![Ret]);
        c.prod(
            "unused imported function handle with 33 type parameters",
            Some(S::TOO_MANY_TYPE_PARAMETERS),
            b.build(),
        );
    }

    // ------------------------------------------------ max_function_parameters: 128
    c.prod(
        "function with 128 parameters",
        OK,
        one_fun(vec![ST::U64; 128], vec![], vec![], vec![Ret]),
    );
    c.prod(
        "function with 129 parameters",
        Some(S::TOO_MANY_PARAMETERS),
        one_fun(vec![ST::U64; 129], vec![], vec![], vec![Ret]),
    );
    {
        // A script's `main` is no function handle: Aptos limits neither its parameters nor its
        // type parameters.
        let mut s = script(vec![ST::U64; 129], vec![Ret]);
        s.type_parameters = vec![NONE; 33];
        c.script(
            "script with 129 parameters and 33 type parameters",
            OK,
            prod(),
            s,
        );
    }

    // ------------------------------------------------ max_function_return_values: none
    c.prod("function returning 129 values", OK, returns(129));
    c.prod("function returning 255 values", OK, returns(255));
    c.cfg(
        "function returning 128 values (bound 128, as with function values)",
        OK,
        with_function_value_bounds(),
        returns(128),
    );
    c.cfg(
        "function returning 129 values (bound 128, as with function values)",
        Some(S::TOO_MANY_PARAMETERS),
        with_function_value_bounds(),
        returns(129),
    );

    // ------------------------------------------------ max_type_nodes: 256 (weighted)
    c.prod(
        "parameter type of weighted size 256",
        OK,
        weighted_param(248),
    );
    c.prod(
        "parameter type of weighted size 257",
        Some(S::TOO_MANY_TYPE_NODES),
        weighted_param(249),
    );
    c.prod(
        "parameter type of 256 plain nodes",
        OK,
        one_fun(vec![vector_tower(256)], vec![], vec![], vec![Ret]),
    );
    {
        // Field types are counted too (here 253 vectors around a struct: 257).
        let mut b = B::new();
        let (s, _) = b.struct_("S", drop_(), vec![], vec![("a", ST::U64)]);
        let mut t = ST::Struct(s);
        for _ in 0..253 {
            t = vec_of(t);
        }
        b.struct_("T", drop_(), vec![], vec![("a", t)]);
        c.prod(
            "field type of weighted size 257",
            Some(S::TOO_MANY_TYPE_NODES),
            b.build(),
        );
    }
    c.cfg(
        "parameter type of weighted size 129 (bound 128, as with function values)",
        Some(S::TOO_MANY_TYPE_NODES),
        VerifierConfig {
            max_type_depth: None,
            ..with_function_value_bounds()
        },
        weighted_param(121),
    );

    // ------------------------------------------------ max_type_depth: none
    c.prod(
        "type 22 deep",
        OK,
        one_fun(vec![vector_tower(22)], vec![], vec![], vec![Ret]),
    );
    c.prod(
        "type 200 deep",
        OK,
        one_fun(vec![vector_tower(200)], vec![], vec![], vec![Ret]),
    );
    c.cfg(
        "type 20 deep (bound 20, as with function values)",
        OK,
        with_function_value_bounds(),
        one_fun(vec![vector_tower(20)], vec![], vec![], vec![Ret]),
    );
    c.cfg(
        "type 21 deep (bound 20, as with function values)",
        Some(S::TOO_MANY_TYPE_NODES),
        with_function_value_bounds(),
        one_fun(vec![vector_tower(21)], vec![], vec![], vec![Ret]),
    );

    // ------------------------------------------------ max_basic_blocks: 1024
    c.prod(
        "function with 1024 basic blocks",
        OK,
        one_fun(vec![], vec![], vec![], blocks(1024)),
    );
    c.prod(
        "function with 1025 basic blocks",
        Some(S::TOO_MANY_BASIC_BLOCKS),
        one_fun(vec![], vec![], vec![], blocks(1025)),
    );
    c.prod(
        "function with 1025 basic blocks, all but one unreachable",
        Some(S::TOO_MANY_BASIC_BLOCKS),
        one_fun(vec![], vec![], vec![], vec![Ret; 1025]),
    );

    // ------------------------------------------------ max_basic_blocks_in_script: none
    c.script(
        "script with 1025 basic blocks",
        OK,
        prod(),
        script(vec![], blocks(1025)),
    );
    c.script(
        "script with 4000 basic blocks",
        OK,
        prod(),
        script(vec![], blocks(4000)),
    );
    let script_blocks = || VerifierConfig {
        max_basic_blocks_in_script: Some(1024),
        ..VerifierConfig::production()
    };
    c.script(
        "script with 1024 basic blocks (bound 1024)",
        OK,
        script_blocks(),
        script(vec![], blocks(1024)),
    );
    c.script(
        "script with 1025 basic blocks (bound 1024)",
        Some(S::TOO_MANY_BASIC_BLOCKS),
        script_blocks(),
        script(vec![], blocks(1025)),
    );

    // ------------------------------------------------ max_back_edges_per_module: none
    let module_back_edges = || VerifierConfig {
        max_back_edges_per_module: Some(1),
        ..VerifierConfig::production()
    };
    c.cfg(
        "two loops in a module (bound 1 per module)",
        Some(S::TOO_MANY_BACK_EDGES),
        module_back_edges(),
        {
            let mut b = B::new();
            b.f("f", vec![], vec![], vec![], vec![LdFalse, BrTrue(0), Ret]);
            b.f("g", vec![], vec![], vec![], vec![LdFalse, BrTrue(0), Ret]);
            b.build()
        },
    );
    c.script(
        "script with two loops (the module bound does not apply)",
        OK,
        module_back_edges(),
        script(vec![], vec![LdFalse, BrTrue(0), LdFalse, BrTrue(2), Ret]),
    );

    // ------------------------------------------------ max_loop_depth: 5
    c.prod(
        "loops nested five deep",
        OK,
        one_fun(vec![], vec![], vec![], nested_loops(5)),
    );
    c.prod(
        "loops nested six deep",
        Some(S::LOOP_MAX_DEPTH_REACHED),
        one_fun(vec![], vec![], vec![], nested_loops(6)),
    );

    // ------------------------------------------------ max_value_stack_size: 1024
    c.prod(
        "1024 values on the stack",
        OK,
        one_fun(vec![], vec![], vec![], height(1024)),
    );
    c.prod(
        "1025 values on the stack",
        Some(S::VALUE_STACK_OVERFLOW),
        one_fun(vec![], vec![], vec![], height(1025)),
    );

    // ------------------------------------------------ max_push_size: 10,000 per basic block
    c.prod(
        "10,000 pushes in one block, stack never above 1",
        OK,
        one_fun(vec![], vec![], vec![], {
            let mut code = pushes(10_000);
            code.push(Ret);
            code
        }),
    );
    c.prod(
        "10,001 pushes in one block, stack never above 1",
        Some(S::VALUE_STACK_PUSH_OVERFLOW),
        one_fun(vec![], vec![], vec![], {
            let mut code = pushes(10_001);
            code.push(Ret);
            code
        }),
    );
    c.prod(
        "6,000 pushes in each of two blocks",
        OK,
        one_fun(vec![], vec![], vec![], {
            let mut code = pushes(6_000);
            code.push(Branch(12_001));
            code.extend(pushes(6_000));
            code.push(Ret);
            code
        }),
    );
    c.prod("VecUnpack of 1,000 elements", OK, vec_unpack(1_000));
    c.prod(
        "VecUnpack of 10,000 elements after one push",
        Some(S::VALUE_STACK_PUSH_OVERFLOW),
        vec_unpack(10_000),
    );

    // ------------------------------------------------ max_struct_variants: none
    c.prod("enum with 127 variants", OK, enum_variants(127));
    c.cfg(
        "enum with 127 variants (bound 127)",
        OK,
        VerifierConfig {
            max_struct_variants: Some(127),
            ..VerifierConfig::production()
        },
        enum_variants(127),
    );

    // ------------------------------------------------ max_fields_in_struct: none
    {
        let mut b = B::new();
        let names: Vec<String> = (0..255).map(|i| format!("f{i}")).collect();
        let fields = names.iter().map(|n| (n.as_str(), ST::U64)).collect();
        b.struct_("S", NONE, vec![], fields);
        c.prod("struct with 255 fields", OK, b.build());
    }

    // ------------------------------------------------ entry functions and scripts
    c.prod(
        "entry function returning a value",
        OK,
        entry(vec![], vec![ST::U64], vec![LdU64(0), Ret]),
    );
    c.prod(
        "entry function taking and returning a reference",
        OK,
        entry(vec![r(ST::U64)], vec![r(ST::U64)], vec![MoveLoc(0), Ret]),
    );
    c.prod(
        "entry function taking a signer after a value",
        OK,
        entry(vec![ST::U64, ST::Signer], vec![], vec![Ret]),
    );
    c.script("v5 script taking a signer after a value", OK, prod(), {
        let mut s = script(vec![ST::U64, ST::Signer], vec![Ret]);
        s.version = 5;
        s
    });
    c.script(
        "v4 script taking signers, then a vector of addresses",
        OK,
        prod(),
        {
            let mut s = script(vec![ST::Signer, ST::Signer, vec_of(ST::Address)], vec![Ret]);
            s.version = 4;
            s
        },
    );
    c.script(
        "v4 script taking a signer after a value",
        Some(S::INVALID_MAIN_FUNCTION_SIGNATURE),
        prod(),
        {
            let mut s = script(vec![ST::U64, ST::Signer], vec![Ret]);
            s.version = 4;
            s
        },
    );
    {
        // Only v4 scripts are held to it: a v4 module's entry function is not.
        let mut m = entry(
            vec![ST::U64, ST::Signer],
            vec![ST::U64],
            vec![LdU64(0), Ret],
        );
        m.version = 4;
        c.prod("v4 entry function taking a signer after a value", OK, m);
    }

    c.0
}

fn run(case: &Case) -> Result<(), String> {
    let result = match &case.unit {
        Unit::Module(m) => verify_module_with_config(&case.config, m),
        Unit::Script(s) => verify_script_with_config(&case.config, s),
    };
    match (result, case.expect) {
        (Ok(()), None) => Ok(()),
        (Err(e), Some(code)) if e.major_status() == code => Ok(()),
        (Ok(()), Some(code)) => Err(format!("{}: expected {code}, verified OK", case.name)),
        (Err(e), _) => Err(format!(
            "{}: expected {}, got {e}",
            case.name,
            case.expect
                .map_or("acceptance".to_string(), |c| c.to_string())
        )),
    }
}

#[test]
fn limit_cases() {
    let cases = corpus();
    let failures: Vec<String> = cases.iter().filter_map(|c| run(c).err()).collect();
    eprintln!("limit cases: {}", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Production's values, one by one (docs/verifier.md lists them with their sources).
#[test]
fn production_values() {
    let p = VerifierConfig::production();
    assert_eq!(p.max_loop_depth, Some(5));
    assert_eq!(p.max_generic_instantiation_length, Some(32));
    assert_eq!(p.max_function_parameters, Some(128));
    assert_eq!(p.max_function_return_values, None);
    assert_eq!(p.max_basic_blocks, Some(1024));
    assert_eq!(p.max_basic_blocks_in_script, None);
    assert_eq!(p.max_value_stack_size, 1024);
    assert_eq!(p.max_type_nodes, Some(256));
    assert_eq!(p.max_type_depth, None);
    assert_eq!(p.max_push_size, Some(10_000));
    assert_eq!(p.max_struct_definitions, None);
    assert_eq!(p.max_fields_in_struct, None);
    assert_eq!(p.max_struct_variants, None);
    assert_eq!(p.max_function_definitions, None);
    assert_eq!(p.max_back_edges_per_function, None);
    assert_eq!(p.max_back_edges_per_module, None);
    assert_eq!(p.max_per_fun_meter_units, Some(80_000_000));
    assert_eq!(p.max_per_mod_meter_units, Some(80_000_000));
    assert!(p.enable_enum_types);
    assert!(!p.enable_function_values);
}

/// With no variant bound in the verifier, the binary format is what stops a 128-variant enum:
/// it cannot be written (nor read: `VARIANT_COUNT_MAX` is 127).
#[test]
fn variant_count_is_bounded_by_the_format() {
    assert!(enum_variants(127).to_bytes().is_ok());
    assert!(enum_variants(128).to_bytes().is_err());
}
