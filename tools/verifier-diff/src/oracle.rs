//! Both verifiers on the same bytes: deserialize + verify, panics caught, status codes compared
//! by number (both `StatusCode` enums are `#[repr(u64)]` with the Move numbering).

use std::{
    cell::RefCell,
    panic::{AssertUnwindSafe, catch_unwind},
    time::Instant,
};

/// What one side made of the bytes.
#[derive(Clone, Debug)]
pub(crate) enum Outcome {
    Accept,
    /// Rejected: status code number and name, whether it was the deserializer, details.
    Reject {
        code: u64,
        name: String,
        deser: bool,
        detail: String,
    },
    /// A panic that escaped the side's own guards.
    Panic(String),
}

impl Outcome {
    pub(crate) fn code_name(&self) -> String {
        match self {
            Outcome::Accept => "ACCEPT".into(),
            Outcome::Reject { name, deser, .. } if *deser => format!("deser:{name}"),
            Outcome::Reject { name, .. } => name.clone(),
            Outcome::Panic(_) => "PANIC".into(),
        }
    }
    pub(crate) fn is_invariant_violation(&self) -> bool {
        matches!(self, Outcome::Reject { name, .. } if name == "VERIFIER_INVARIANT_VIOLATION")
    }
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    static IN_ORACLE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Inside the verifiers, silences panic output (both catch their own panics; we want the
/// message, not a backtrace on the terminal for every one) and remembers the last message per
/// thread. Elsewhere (a harness bug) panics print as usual.
pub(crate) fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if IN_ORACLE.with(std::cell::Cell::get) {
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(info.to_string()));
        } else {
            default(info);
        }
    }));
}

fn take_panic() -> Option<String> {
    LAST_PANIC.with(|p| p.borrow_mut().take())
}

/// The two configurations compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Config {
    /// Ours `VerifierConfig::default()` vs upstream `VerifierConfig::unbounded()`: both only
    /// cap the value stack at 1024, no metering.
    Default,
    /// Ours `VerifierConfig::production()` vs upstream with Aptos's production limits
    /// (loop depth 5, 128 params, 1024 blocks, 256 type nodes, 10,000 pushes, 80M meter units).
    Production,
}

impl Config {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Config::Default => "default",
            Config::Production => "production",
        }
    }
    fn ours(self) -> lumio_move_verifier::VerifierConfig {
        match self {
            Config::Default => lumio_move_verifier::VerifierConfig::default(),
            Config::Production => lumio_move_verifier::VerifierConfig::production(),
        }
    }
    fn upstream(self) -> move_bytecode_verifier::VerifierConfig {
        match self {
            Config::Default => move_bytecode_verifier::VerifierConfig::unbounded(),
            Config::Production => move_bytecode_verifier::VerifierConfig {
                max_loop_depth: Some(5),
                max_function_parameters: Some(128),
                max_generic_instantiation_length: Some(32),
                max_basic_blocks: Some(1024),
                max_value_stack_size: 1024,
                max_type_nodes: Some(256),
                max_push_size: Some(10_000),
                max_dependency_depth: None,
                max_struct_definitions: None,
                max_fields_in_struct: None,
                max_function_definitions: None,
                max_back_edges_per_function: None,
                max_back_edges_per_module: None,
                max_basic_blocks_in_script: None,
                max_per_fun_meter_units: Some(1000 * 80_000),
                max_per_mod_meter_units: Some(1000 * 80_000),
            },
        }
    }
}

/// Configurations prepared once.
pub(crate) struct Sides {
    pub(crate) configs: Vec<(
        Config,
        lumio_move_verifier::VerifierConfig,
        move_bytecode_verifier::VerifierConfig,
    )>,
}

impl Sides {
    pub(crate) fn new(configs: &[Config]) -> Self {
        Sides {
            configs: configs
                .iter()
                .map(|c| (*c, c.ours(), c.upstream()))
                .collect(),
        }
    }
}

/// Results of one module under every configuration: `(ours, upstream)` per config, plus
/// nanoseconds spent in each side and whether upstream re-serialized the bytes identically.
pub(crate) struct Run {
    pub(crate) results: Vec<(Outcome, Outcome)>,
    pub(crate) ours_ns: u128,
    pub(crate) upstream_ns: u128,
    pub(crate) roundtrip_ok: Option<bool>,
}

pub(crate) fn run(sides: &Sides, bytes: &[u8]) -> Run {
    IN_ORACLE.with(|f| f.set(true));
    let r = run_inner(sides, bytes);
    IN_ORACLE.with(|f| f.set(false));
    r
}

/// One side: the deserializer's result for the bytes, then the verifier under each config.
/// `status` reads the (number, name) of that side's error type.
fn side<M, E: std::fmt::Debug, C>(
    module: &std::thread::Result<Result<M, E>>,
    configs: impl Iterator<Item = C>,
    verify: impl Fn(&M, C) -> Result<(), E>,
    status: impl Fn(&E) -> (u64, String),
) -> Vec<Outcome> {
    configs
        .map(|config| match module {
            Err(_) => Outcome::Panic(take_panic().unwrap_or_default()),
            Ok(Err(e)) => {
                let (code, name) = status(e);
                Outcome::Reject {
                    code,
                    name,
                    deser: true,
                    detail: format!("{e:?}"),
                }
            }
            Ok(Ok(m)) => {
                take_panic();
                match catch_unwind(AssertUnwindSafe(|| verify(m, config))) {
                    Err(_) => Outcome::Panic(take_panic().unwrap_or_default()),
                    Ok(Ok(())) => Outcome::Accept,
                    Ok(Err(e)) => {
                        let mut detail = format!("{e:?}");
                        if let Some(p) = take_panic() {
                            detail.push_str(&format!("\ncaught panic: {p}"));
                        }
                        let (code, name) = status(&e);
                        Outcome::Reject {
                            code,
                            name,
                            deser: false,
                            detail,
                        }
                    }
                }
            }
        })
        .collect()
}

fn run_inner(sides: &Sides, bytes: &[u8]) -> Run {
    let t = Instant::now();
    take_panic();
    let ours_mod = catch_unwind(|| lumio_move_binary_format::CompiledModule::deserialize(bytes));
    let ours_results = side(
        &ours_mod,
        sides.configs.iter().map(|(_, oc, _)| oc),
        |m, oc| lumio_move_verifier::verify_module_with_config(oc, m).map_err(|e| e.to_partial()),
        |e| (e.major_status() as u64, format!("{:?}", e.major_status())),
    );
    let ours_ns = t.elapsed().as_nanos();

    let t = Instant::now();
    take_panic();
    let up_mod = catch_unwind(|| move_binary_format::CompiledModule::deserialize(bytes));
    let up_results = side(
        &up_mod,
        sides.configs.iter().map(|(_, _, uc)| uc),
        |m, uc| {
            move_bytecode_verifier::verify_module_with_config(uc, m).map_err(|e| e.to_partial())
        },
        |e| (e.major_status() as u64, format!("{:?}", e.major_status())),
    );
    let upstream_ns = t.elapsed().as_nanos();
    let roundtrip_ok = match &up_mod {
        Ok(Ok(m)) => {
            let mut out = vec![];
            Some(m.serialize(&mut out).is_ok() && out == bytes)
        }
        _ => None,
    };
    Run {
        results: ours_results.into_iter().zip(up_results).collect(),
        ours_ns,
        upstream_ns,
        roundtrip_ok,
    }
}

/// Whether upstream (unbounded config) accepts the module: the generator's guide.
pub(crate) fn upstream_accepts(m: &lumio_move_binary_format::CompiledModule) -> bool {
    let Ok(bytes) = m.to_bytes() else {
        return false;
    };
    IN_ORACLE.with(|f| f.set(true));
    let ok = catch_unwind(|| {
        move_binary_format::CompiledModule::deserialize(&bytes).is_ok_and(|um| {
            move_bytecode_verifier::verify_module_with_config(
                &move_bytecode_verifier::VerifierConfig::unbounded(),
                &um,
            )
            .is_ok()
        })
    })
    .unwrap_or(false);
    IN_ORACLE.with(|f| f.set(false));
    ok
}

/// Which part of the verifier produced an upstream status (to tune the generator's mix).
pub(crate) fn stage(o: &Outcome) -> &'static str {
    let Outcome::Reject { name, deser, .. } = o else {
        return match o {
            Outcome::Accept => "accepted",
            _ => "panic",
        };
    };
    if *deser {
        return "deserializer/bounds";
    }
    match name.as_str() {
        "BORROWFIELD_EXISTS_MUTABLE_BORROW_ERROR"
        | "BORROWLOC_EXISTS_BORROW_ERROR"
        | "CALL_BORROWED_MUTABLE_REFERENCE_ERROR"
        | "COPYLOC_EXISTS_BORROW_ERROR"
        | "FREEZEREF_EXISTS_MUTABLE_BORROW_ERROR"
        | "GLOBAL_REFERENCE_ERROR"
        | "MOVELOC_EXISTS_BORROW_ERROR"
        | "READREF_EXISTS_MUTABLE_BORROW_ERROR"
        | "RET_BORROWED_MUTABLE_REFERENCE_ERROR"
        | "STLOC_UNSAFE_TO_DESTROY_ERROR"
        | "UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED"
        | "VEC_BORROW_ELEMENT_EXISTS_MUTABLE_BORROW_ERROR"
        | "VEC_UPDATE_EXISTS_MUTABLE_BORROW_ERROR"
        | "WRITEREF_EXISTS_BORROW_ERROR" => "reference safety",
        "MISSING_ACQUIRES_ANNOTATION"
        | "EXTRANEOUS_ACQUIRES_ANNOTATION"
        | "INVALID_ACQUIRES_ANNOTATION" => "acquires",
        "BORROWLOC_UNAVAILABLE_ERROR"
        | "COPYLOC_UNAVAILABLE_ERROR"
        | "MOVELOC_UNAVAILABLE_ERROR"
        | "UNSAFE_RET_UNUSED_VALUES_WITHOUT_DROP" => "locals safety",
        "EMPTY_CODE_UNIT"
        | "INVALID_FALL_THROUGH"
        | "INVALID_LOOP_SPLIT"
        | "LOOP_MAX_DEPTH_REACHED"
        | "NEGATIVE_STACK_SIZE_WITHIN_BLOCK"
        | "POSITIVE_STACK_SIZE_AT_BLOCK_END"
        | "VALUE_STACK_OVERFLOW"
        | "VALUE_STACK_PUSH_OVERFLOW" => "control flow / stack",
        n if n.contains("TYPE_MISMATCH")
            || n.contains("WITHOUT_")
            || n.ends_with("_ERROR")
            || n == "TYPE_MISMATCH" =>
        {
            "type safety"
        }
        _ => "other",
    }
}
