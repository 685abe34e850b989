//! Verifier configuration with named profiles.

/// Limits and switches of the verifier. `None` means "no limit".
///
/// Two profiles: [`VerifierConfig::production`] mirrors `aptos_prod_verifier_config` as Aptos
/// mainnet ran it in late 2024 (bytecode v5–v7, function values off; see `docs/verifier.md` for
/// each value's source) and is what a node must use for code it did not produce itself;
/// [`VerifierConfig::default`] is the unbounded configuration of the Aptos verifier crate (only
/// the value stack is capped).
///
/// Where Aptos production has no limit the field stays `None` here too: a stricter bound would
/// reject code that mainnet accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierConfig {
    /// Maximum nesting of loops in one function (`LOOP_MAX_DEPTH_REACHED`). Production: 5.
    pub max_loop_depth: Option<usize>,
    /// Maximum number of type parameters of a function or struct handle
    /// (`TOO_MANY_TYPE_PARAMETERS`). Production: 32.
    pub max_generic_instantiation_length: Option<usize>,
    /// Maximum number of parameters of a function handle (`TOO_MANY_PARAMETERS`).
    /// Production: 128.
    pub max_function_parameters: Option<usize>,
    /// Maximum number of return values of a function handle (`TOO_MANY_PARAMETERS`).
    /// Production: none (Aptos sets 128 only together with function values).
    pub max_function_return_values: Option<usize>,
    /// Maximum number of basic blocks in one module function (`TOO_MANY_BASIC_BLOCKS`);
    /// scripts use [`Self::max_basic_blocks_in_script`]. Production: 1024.
    pub max_basic_blocks: Option<usize>,
    /// Maximum number of basic blocks in a script. Production: none.
    pub max_basic_blocks_in_script: Option<usize>,
    /// Maximum operand-stack height inside a basic block (`VALUE_STACK_OVERFLOW`). Production
    /// and default: 1024.
    pub max_value_stack_size: usize,
    /// Maximum weighted size of one type (structs and type parameters weigh 4, every other
    /// node 1; `TOO_MANY_TYPE_NODES`). Production: 256 (Aptos: 128 with function values).
    pub max_type_nodes: Option<usize>,
    /// Maximum depth of one type, the root at depth 1 (`TOO_MANY_TYPE_NODES`).
    /// Production: none (Aptos sets 20 only together with function values).
    pub max_type_depth: Option<usize>,
    /// Maximum number of values pushed by the instructions of one basic block, counted over
    /// the whole block (`VALUE_STACK_PUSH_OVERFLOW`). Production: 10,000.
    pub max_push_size: Option<usize>,
    /// Maximum number of struct definitions in a module. Production: none.
    pub max_struct_definitions: Option<usize>,
    /// Maximum number of fields in a struct (per variant for enums). Production: none.
    pub max_fields_in_struct: Option<usize>,
    /// Maximum number of variants of an enum. Production: none (the binary format caps it at
    /// 127, `VARIANT_COUNT_MAX`, when reading).
    pub max_struct_variants: Option<usize>,
    /// Maximum number of function definitions in a module. Production: none.
    pub max_function_definitions: Option<usize>,
    /// Maximum number of back edges in one function. Production: none.
    pub max_back_edges_per_function: Option<usize>,
    /// Maximum number of back edges in one module. Production: none.
    pub max_back_edges_per_module: Option<usize>,
    /// Abstract-interpretation work units allowed per function. Production: 80,000,000.
    pub max_per_fun_meter_units: Option<u128>,
    /// Abstract-interpretation work units allowed per module. Production: 80,000,000.
    pub max_per_mod_meter_units: Option<u128>,
    /// Accept enum (variant) definitions and opcodes (bytecode v7). Production: true.
    pub enable_enum_types: bool,
    /// Accept function values / closures (bytecode v8). Not implemented by this verifier:
    /// must stay false; modules using them are rejected with `FEATURE_NOT_ENABLED`.
    pub enable_function_values: bool,
    /// Highest bytecode version accepted. Production: 7 (what Aptos mainnet ran in late 2024:
    /// enums, no function values, signed integers or `abort_msg`). Default: 10
    /// (`VERSION_MAX`), so tools can read newer bytecode; v8–v10 are only accepted when this is
    /// raised, and a higher version is `UNKNOWN_VERSION` naming the bound.
    pub max_binary_format_version: u32,
}

impl Default for VerifierConfig {
    fn default() -> Self {
        Self {
            max_loop_depth: None,
            max_generic_instantiation_length: None,
            max_function_parameters: None,
            max_function_return_values: None,
            max_basic_blocks: None,
            max_basic_blocks_in_script: None,
            max_value_stack_size: 1024,
            max_type_nodes: None,
            max_type_depth: None,
            max_push_size: None,
            max_struct_definitions: None,
            max_fields_in_struct: None,
            max_struct_variants: None,
            max_function_definitions: None,
            max_back_edges_per_function: None,
            max_back_edges_per_module: None,
            max_per_fun_meter_units: None,
            max_per_mod_meter_units: None,
            enable_enum_types: true,
            enable_function_values: false,
            max_binary_format_version: lumio_move_binary_format::file_format_common::VERSION_MAX,
        }
    }
}

impl VerifierConfig {
    /// The profile a node uses for bytecode from outside (publish, scripts): Aptos mainnet's
    /// late-2024 values with function values off.
    pub fn production() -> Self {
        Self {
            max_loop_depth: Some(5),
            max_generic_instantiation_length: Some(32),
            max_function_parameters: Some(128),
            max_function_return_values: None,
            max_basic_blocks: Some(1024),
            max_basic_blocks_in_script: None,
            max_value_stack_size: 1024,
            max_type_nodes: Some(256),
            max_type_depth: None,
            max_push_size: Some(10_000),
            max_struct_definitions: None,
            max_fields_in_struct: None,
            max_struct_variants: None,
            max_function_definitions: None,
            max_back_edges_per_function: None,
            max_back_edges_per_module: None,
            max_per_fun_meter_units: Some(80_000_000),
            max_per_mod_meter_units: Some(80_000_000),
            enable_enum_types: true,
            enable_function_values: false,
            max_binary_format_version: lumio_move_binary_format::file_format_common::VERSION_7,
        }
    }
}
