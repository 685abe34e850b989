//! Sessions as transactions use them: entry-function, script and view-function arguments with
//! Aptos's constructors and statuses, the value depth limit, and a failed transaction writing
//! nothing. The framework modules involved (`string`, `option`, `object`, `fixed_point32/64`)
//! are small stand-ins written as bytecode with the same names, types and abort codes.

use lumio_move_binary_format::{
    builder::{ModuleBuilder, ScriptBuilder},
    file_format::{
        Bytecode::{self, *},
        CompiledModule, SignatureToken as ST, StructTypeParameter, Visibility,
    },
    metadata::{APTOS_METADATA_KEY_V1, KnownAttribute, RuntimeModuleMetadataV1, VIEW_FUNCTION},
};
use lumio_move_core_types::{
    Ability, AbilitySet, AccountAddress, Identifier, ModuleId, StatusCode, StructTag, TypeTag,
};
use lumio_move_vm::{BudgetMeter, ExecutionError, Value, WriteOp, errors::Location};

use crate::harness::{Env, GAS};

const PUBLIC: Visibility = Visibility::Public;
const EMPTY: AbilitySet = AbilitySet::EMPTY;

fn abilities(list: &[Ability]) -> AbilitySet {
    list.iter().copied().collect()
}

fn cds() -> AbilitySet {
    abilities(&[Ability::Copy, Ability::Drop, Ability::Store])
}

fn key() -> AbilitySet {
    abilities(&[Ability::Key])
}

fn param(constraints: AbilitySet, is_phantom: bool) -> StructTypeParameter {
    StructTypeParameter {
        constraints,
        is_phantom,
    }
}

fn m(name: &str) -> ModuleBuilder {
    ModuleBuilder::new(AccountAddress::ONE, name).with_version(7)
}

fn id(name: &str) -> ModuleId {
    ModuleId::new(AccountAddress::ONE, Identifier::new(name).unwrap())
}

fn tp(i: u16) -> ST {
    ST::TypeParameter(i)
}

fn vec_of(t: ST) -> ST {
    ST::Vector(Box::new(t))
}

fn tag(module: &str, name: &str, args: Vec<TypeTag>) -> TypeTag {
    TypeTag::Struct(Box::new(StructTag {
        address: AccountAddress::ONE,
        module: Identifier::new(module).unwrap(),
        name: Identifier::new(name).unwrap(),
        type_args: args,
    }))
}

/// `0x1::option::EOPTION_VEC_TOO_LONG` as `error::invalid_argument(2)`.
const EOPTION_VEC_TOO_LONG: u64 = 0x4_0002;
/// `0x1::object`: `error::not_found(EOBJECT_DOES_NOT_EXIST)`.
const EOBJECT_DOES_NOT_EXIST: u64 = 0x6_0002;
/// `0x1::object`: `error::not_found(ERESOURCE_DOES_NOT_EXIST)`.
const ERESOURCE_DOES_NOT_EXIST: u64 = 0x6_0007;

/// The framework stand-ins.
fn framework() -> Vec<CompiledModule> {
    let mut out = Vec::new();

    let mut b = m("string");
    b.add_struct("String", cds(), vec![], vec![("bytes", vec_of(ST::U8))]);
    out.push(b.build());

    // from_vec<T>(vec: vector<T>): Option<T> { assert!(len <= 1, EOPTION_VEC_TOO_LONG); .. }
    let mut b = m("option");
    let (opt_h, opt) = b.add_struct(
        "Option",
        cds(),
        vec![param(EMPTY, false)],
        vec![("vec", vec_of(tp(0)))],
    );
    let elem = b.signature(vec![tp(0)]);
    let opt_t = b.struct_instantiation(opt, vec![tp(0)]);
    b.add_function(
        "from_vec",
        PUBLIC,
        false,
        vec![vec_of(tp(0))],
        vec![ST::StructInstantiation(opt_h, vec![tp(0)])],
        vec![EMPTY],
        vec![],
        vec![
            ImmBorrowLoc(0),
            VecLen(elem),
            LdU64(1),
            Le,
            BrTrue(7),
            LdU64(EOPTION_VEC_TOO_LONG),
            Abort,
            MoveLoc(0),
            PackGeneric(opt_t),
            Ret,
        ],
    );
    out.push(b.build());

    for (name, st, raw) in [
        ("fixed_point32", "FixedPoint32", ST::U64),
        ("fixed_point64", "FixedPoint64", ST::U128),
    ] {
        let mut b = m(name);
        let (h, d) = b.add_struct(st, cds(), vec![], vec![("value", raw.clone())]);
        b.add_function(
            "create_from_raw_value",
            PUBLIC,
            false,
            vec![raw],
            vec![ST::Struct(h)],
            vec![],
            vec![],
            vec![MoveLoc(0), Pack(d), Ret],
        );
        out.push(b.build());
    }

    // address_to_object<T: key>(object: address): Object<T>
    let mut b = m("object");
    let (_, core) = b.add_struct("ObjectCore", key(), vec![], vec![("owner", ST::Address)]);
    let (obj_h, obj) = b.add_struct(
        "Object",
        cds(),
        vec![param(EMPTY, true)],
        vec![("inner", ST::Address)],
    );
    let (exists_at, _) = b.add_native_function(
        "exists_at",
        PUBLIC,
        vec![ST::Address],
        vec![ST::Bool],
        vec![key()],
    );
    let exists_at_t = b.function_instantiation(exists_at, vec![tp(0)]);
    let obj_t = b.struct_instantiation(obj, vec![tp(0)]);
    b.add_function(
        "address_to_object",
        PUBLIC,
        false,
        vec![ST::Address],
        vec![ST::StructInstantiation(obj_h, vec![tp(0)])],
        vec![key()],
        vec![],
        vec![
            CopyLoc(0),
            Exists(core),
            BrTrue(5),
            LdU64(EOBJECT_DOES_NOT_EXIST),
            Abort,
            CopyLoc(0),
            CallGeneric(exists_at_t),
            BrTrue(10),
            LdU64(ERESOURCE_DOES_NOT_EXIST),
            Abort,
            MoveLoc(0),
            PackGeneric(obj_t),
            Ret,
        ],
    );
    out.push(b.build());
    out
}

/// Handles of the framework structs, imported into `b`.
struct Types {
    string: ST,
    fp32: ST,
    fp64: ST,
    option: lumio_move_binary_format::file_format::StructHandleIndex,
    object: lumio_move_binary_format::file_format::StructHandleIndex,
}

fn import(b: &mut ModuleBuilder) -> Types {
    let h = b.module_handle(AccountAddress::ONE, "string");
    let string = ST::Struct(b.import_struct(h, "String", cds(), vec![]));
    let h = b.module_handle(AccountAddress::ONE, "fixed_point32");
    let fp32 = ST::Struct(b.import_struct(h, "FixedPoint32", cds(), vec![]));
    let h = b.module_handle(AccountAddress::ONE, "fixed_point64");
    let fp64 = ST::Struct(b.import_struct(h, "FixedPoint64", cds(), vec![]));
    let h = b.module_handle(AccountAddress::ONE, "option");
    let option = b.import_struct(h, "Option", cds(), vec![param(EMPTY, false)]);
    let h = b.module_handle(AccountAddress::ONE, "object");
    let object = b.import_struct(h, "Object", cds(), vec![param(EMPTY, true)]);
    Types {
        string,
        fp32,
        fp64,
        option,
        object,
    }
}

/// `0x1::args`: view functions echoing one argument, entry functions for the signer and
/// argument rules, `store` for scripts.
fn args_module() -> CompiledModule {
    let mut b = m("args");
    let t = import(&mut b);
    let (thing, thing_def) = b.add_struct("Thing", key(), vec![], vec![("x", ST::U64)]);
    let (not_arg, _) = b.add_struct(
        "NotArg",
        abilities(&[Ability::Copy, Ability::Drop]),
        vec![],
        vec![("x", ST::U64)],
    );
    let opt = |x: ST| ST::StructInstantiation(t.option, vec![x]);
    let obj = |x: ST| ST::StructInstantiation(t.object, vec![x]);
    let mut views = Vec::new();
    let echoes = [
        ("echo_string", t.string.clone()),
        ("echo_strings", vec_of(t.string.clone())),
        ("echo_opt", opt(ST::U64)),
        ("echo_opt_string", opt(t.string.clone())),
        ("echo_opts", vec_of(opt(ST::U64))),
        ("echo_fp32", t.fp32.clone()),
        ("echo_fp64", t.fp64.clone()),
        ("echo_obj", obj(ST::Struct(thing))),
        ("echo_obj_u64", obj(ST::U64)),
        ("echo_bytes", vec_of(ST::U8)),
        ("echo_not_arg", ST::Struct(not_arg)),
    ];
    for (name, ty) in echoes {
        b.add_function(
            name,
            PUBLIC,
            false,
            vec![ty.clone()],
            vec![ty],
            vec![],
            vec![],
            vec![MoveLoc(0), Ret],
        );
        views.push(name);
    }
    // echo_any<T: copy + drop>(x: T): T
    let cd = abilities(&[Ability::Copy, Ability::Drop]);
    b.add_function(
        "echo_any",
        PUBLIC,
        false,
        vec![tp(0)],
        vec![tp(0)],
        vec![cd],
        vec![],
        vec![MoveLoc(0), Ret],
    );
    views.push("echo_any");
    // A view taking a signer (allowed for views): returns true.
    b.add_function(
        "with_signer",
        PUBLIC,
        false,
        vec![ST::Signer, ST::U64],
        vec![ST::U64],
        vec![],
        vec![],
        vec![MoveLoc(1), Ret],
    );
    views.push("with_signer");
    b.add_function(
        "view_no_result",
        PUBLIC,
        false,
        vec![ST::U64],
        vec![],
        vec![],
        vec![],
        vec![Ret],
    );
    views.push("view_no_result");
    // Not marked as a view.
    b.add_function(
        "not_view",
        PUBLIC,
        false,
        vec![ST::U64],
        vec![ST::U64],
        vec![],
        vec![],
        vec![MoveLoc(0), Ret],
    );
    let signer_ref = ST::Reference(Box::new(ST::Signer));
    let entry = |b: &mut ModuleBuilder, name: &str, params: Vec<ST>, rets: Vec<ST>, code| {
        b.add_function(name, PUBLIC, true, params, rets, vec![], vec![], code);
    };
    entry(
        &mut b,
        "returns",
        vec![signer_ref.clone()],
        vec![ST::U64],
        vec![LdU64(1), Ret],
    );
    entry(
        &mut b,
        "two_signers",
        vec![signer_ref.clone(), ST::Signer, ST::U64],
        vec![],
        vec![Ret],
    );
    entry(&mut b, "no_signer", vec![ST::U64], vec![], vec![Ret]);
    entry(
        &mut b,
        "late_signer",
        vec![ST::U64, signer_ref.clone()],
        vec![],
        vec![Ret],
    );
    entry(
        &mut b,
        "takes_not_arg",
        vec![signer_ref.clone(), ST::Struct(not_arg)],
        vec![],
        vec![Ret],
    );
    entry(
        &mut b,
        "takes_ref",
        vec![signer_ref.clone(), ST::Reference(Box::new(ST::U64))],
        vec![],
        vec![Ret],
    );
    entry(
        &mut b,
        "takes_opt",
        vec![signer_ref.clone(), opt(t.string.clone())],
        vec![],
        vec![Ret],
    );
    // take_vec<T: drop>(v: vector<T>): type arguments may make the argument deep.
    b.add_function(
        "take_vec",
        PUBLIC,
        true,
        vec![vec_of(tp(0))],
        vec![],
        vec![abilities(&[Ability::Drop])],
        vec![],
        vec![Ret],
    );
    // store(s: &signer, x: u64) { move_to(s, Thing { x }) }, for scripts.
    b.add_function(
        "store",
        PUBLIC,
        false,
        vec![signer_ref, ST::U64],
        vec![],
        vec![],
        vec![],
        vec![
            MoveLoc(0),
            MoveLoc(1),
            Pack(thing_def),
            MoveTo(thing_def),
            Ret,
        ],
    );
    let meta = RuntimeModuleMetadataV1 {
        fun_attributes: views
            .into_iter()
            .map(|n| {
                (
                    n.to_string(),
                    vec![KnownAttribute {
                        kind: VIEW_FUNCTION,
                        args: vec![],
                    }],
                )
            })
            .collect(),
        ..Default::default()
    };
    b.metadata(APTOS_METADATA_KEY_V1, &bcs::to_bytes(&meta).unwrap());
    b.build()
}

fn env() -> Env {
    let mut modules = framework();
    modules.push(args_module());
    Env::new(&modules)
}

// Owned arguments keep the call sites short (`vec![a.clone()]`).
#[allow(clippy::needless_pass_by_value)]
fn view(
    env: &Env,
    name: &str,
    ty_args: &[TypeTag],
    args: Vec<Vec<u8>>,
) -> Result<Vec<Vec<u8>>, ExecutionError> {
    env.session().execute_view_function(
        &id("args"),
        name,
        ty_args,
        &args,
        &mut BudgetMeter::new(GAS),
    )
}

#[allow(clippy::needless_pass_by_value)]
fn entry(
    env: &Env,
    name: &str,
    ty_args: &[TypeTag],
    senders: &[AccountAddress],
    args: Vec<Vec<u8>>,
) -> Result<(), ExecutionError> {
    env.session().execute_entry_function(
        &id("args"),
        name,
        ty_args,
        senders,
        &args,
        &mut BudgetMeter::new(GAS),
    )
}

fn status<T: std::fmt::Debug>(r: Result<T, ExecutionError>) -> StatusCode {
    r.expect_err("expected an error").status()
}

fn abort<T: std::fmt::Debug>(r: Result<T, ExecutionError>) -> (Location, u64) {
    match r {
        Err(ExecutionError::Abort { location, code, .. }) => (location, code),
        other => panic!("expected an abort, got {other:?}"),
    }
}

/// BCS of a `vector<u8>` / `String`.
fn bytes(b: &[u8]) -> Vec<u8> {
    bcs::to_bytes(&b.to_vec()).unwrap()
}

const ALICE: AccountAddress = AccountAddress::new([0xA1; 32]);

#[test]
fn string_constructor() {
    let env = env();
    let ok = bytes("héllo".as_bytes());
    assert_eq!(
        view(&env, "echo_string", &[], vec![ok.clone()]).unwrap(),
        vec![ok]
    );
    let bad = bytes(&[0xC3, 0x28]);
    assert_eq!(
        abort(view(&env, "echo_string", &[], vec![bad])),
        (Location::Module(id("string")), 1)
    );
    // Inside a vector, and with many strings (strings do not count against the call limit).
    let many: Vec<Vec<u8>> = (0..50).map(|i| format!("s{i}").into_bytes()).collect();
    let arg = bcs::to_bytes(&many).unwrap();
    assert_eq!(
        view(&env, "echo_strings", &[], vec![arg.clone()]).unwrap(),
        vec![arg]
    );
    let arg = bcs::to_bytes(&vec![b"ok".to_vec(), vec![0xFF]]).unwrap();
    assert_eq!(
        abort(view(&env, "echo_strings", &[], vec![arg])),
        (Location::Module(id("string")), 1)
    );
    // A length beyond the bytes, trailing bytes, a bad length prefix.
    for arg in [
        vec![5, b'a'],
        vec![1, b'a', 0],
        vec![0x80],
        vec![0x80, 0x00],
    ] {
        assert_eq!(
            status(view(&env, "echo_string", &[], vec![arg.clone()])),
            StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT,
            "{arg:?}"
        );
    }
}

#[test]
fn option_constructor_runs_from_vec() {
    let env = env();
    let none = vec![0];
    let some = bcs::to_bytes(&vec![7u64]).unwrap();
    assert_eq!(
        view(&env, "echo_opt", &[], vec![none.clone()]).unwrap(),
        vec![none]
    );
    assert_eq!(
        view(&env, "echo_opt", &[], vec![some.clone()]).unwrap(),
        vec![some]
    );
    // Two elements: `from_vec` aborts, the abort is the transaction's.
    let two = bcs::to_bytes(&vec![1u64, 2]).unwrap();
    assert_eq!(
        abort(view(&env, "echo_opt", &[], vec![two])),
        (Location::Module(id("option")), EOPTION_VEC_TOO_LONG)
    );
    // Option<String>: constructors nest; the inner string is checked.
    let s = bcs::to_bytes(&vec![b"hi".to_vec()]).unwrap();
    assert_eq!(
        view(&env, "echo_opt_string", &[], vec![s.clone()]).unwrap(),
        vec![s]
    );
    let bad = bcs::to_bytes(&vec![vec![0xFFu8]]).unwrap();
    assert_eq!(
        abort(view(&env, "echo_opt_string", &[], vec![bad])),
        (Location::Module(id("string")), 1)
    );
    // vector<Option<u64>>: ten constructor calls are allowed in one argument, not eleven.
    let opts = |n: usize| {
        let v: Vec<Vec<u64>> = (0..n).map(|i| vec![i as u64]).collect();
        bcs::to_bytes(&v).unwrap()
    };
    assert_eq!(
        view(&env, "echo_opts", &[], vec![opts(10)]).unwrap(),
        vec![opts(10)]
    );
    assert_eq!(
        status(view(&env, "echo_opts", &[], vec![opts(11)])),
        StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT
    );
    // Through a type argument: Option<Option<u64>> via echo_any.
    let oo = tag(
        "option",
        "Option",
        vec![tag("option", "Option", vec![TypeTag::U64])],
    );
    let arg = bcs::to_bytes(&vec![vec![3u64]]).unwrap();
    assert_eq!(
        view(&env, "echo_any", &[oo], vec![arg.clone()]).unwrap(),
        vec![arg]
    );
}

#[test]
fn fixed_point_constructors() {
    let env = env();
    let raw32 = 0x1234_5678_9ABC_DEF0u64.to_le_bytes().to_vec();
    assert_eq!(
        view(&env, "echo_fp32", &[], vec![raw32.clone()]).unwrap(),
        vec![raw32]
    );
    let raw64 = (u128::MAX - 5).to_le_bytes().to_vec();
    assert_eq!(
        view(&env, "echo_fp64", &[], vec![raw64.clone()]).unwrap(),
        vec![raw64]
    );
    // Short bytes.
    assert_eq!(
        status(view(&env, "echo_fp64", &[], vec![vec![1; 8]])),
        StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT
    );
}

#[test]
fn object_constructor_runs_address_to_object() {
    let env = env();
    let obj = AccountAddress::from([0x0B; 32]);
    let arg = obj.as_bytes().to_vec();
    // No ObjectCore at the address.
    assert_eq!(
        abort(view(&env, "echo_obj", &[], vec![arg.clone()])),
        (Location::Module(id("object")), EOBJECT_DOES_NOT_EXIST)
    );
    let core = StructTag {
        address: AccountAddress::ONE,
        module: Identifier::new("object").unwrap(),
        name: Identifier::new("ObjectCore").unwrap(),
        type_args: vec![],
    };
    env.chain
        .resources
        .borrow_mut()
        .insert((obj, core), ALICE.as_bytes().to_vec());
    // ObjectCore but no Thing.
    assert_eq!(
        abort(view(&env, "echo_obj", &[], vec![arg.clone()])),
        (Location::Module(id("object")), ERESOURCE_DOES_NOT_EXIST)
    );
    let thing = StructTag {
        address: AccountAddress::ONE,
        module: Identifier::new("args").unwrap(),
        name: Identifier::new("Thing").unwrap(),
        type_args: vec![],
    };
    env.chain
        .resources
        .borrow_mut()
        .insert((obj, thing), 5u64.to_le_bytes().to_vec());
    assert_eq!(
        view(&env, "echo_obj", &[], vec![arg.clone()]).unwrap(),
        vec![arg.clone()]
    );
    // Object<u64>: `address_to_object<T: key>` cannot be instantiated with u64.
    assert_eq!(
        status(view(&env, "echo_obj_u64", &[], vec![arg])),
        StatusCode::CONSTRAINT_NOT_SATISFIED
    );
}

#[test]
fn argument_types_outside_the_rules() {
    let env = env();
    assert_eq!(
        status(view(&env, "echo_not_arg", &[], vec![vec![0; 8]])),
        StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE
    );
    assert_eq!(
        status(entry(
            &env,
            "takes_not_arg",
            &[],
            &[ALICE],
            vec![vec![0; 8]]
        )),
        StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE
    );
    assert_eq!(
        status(entry(&env, "takes_ref", &[], &[ALICE], vec![vec![0; 8]])),
        StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE
    );
    // A struct through a type argument.
    let not_arg = tag("args", "NotArg", vec![]);
    assert_eq!(
        status(view(&env, "echo_any", &[not_arg], vec![vec![0; 8]])),
        StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE
    );
    // A byte vector larger than Aptos's one-megabyte argument limit.
    let big = bytes(&vec![7u8; 1_000_001]);
    assert_eq!(
        status(view(&env, "echo_bytes", &[], vec![big])),
        StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT
    );
    let fine = bytes(&vec![7u8; 1_000]);
    assert_eq!(
        view(&env, "echo_bytes", &[], vec![fine.clone()]).unwrap(),
        vec![fine]
    );
    // A length prefix claiming far more elements than there are bytes.
    assert_eq!(
        status(view(
            &env,
            "echo_bytes",
            &[],
            vec![vec![0xFF, 0xFF, 0xFF, 0xFF, 0x0F]]
        )),
        StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT
    );
}

#[test]
fn signer_and_count_rules() {
    let env = env();
    let bob = AccountAddress::from([0xB0; 32]);
    let x = 1u64.to_le_bytes().to_vec();
    assert_eq!(
        status(entry(&env, "returns", &[], &[ALICE], vec![])),
        StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE
    );
    assert!(entry(&env, "two_signers", &[], &[ALICE, bob], vec![x.clone()]).is_ok());
    assert_eq!(
        status(entry(&env, "two_signers", &[], &[ALICE], vec![x.clone()])),
        StatusCode::NUMBER_OF_SIGNER_ARGUMENTS_MISMATCH
    );
    assert_eq!(
        status(entry(&env, "two_signers", &[], &[ALICE, bob], vec![])),
        StatusCode::NUMBER_OF_ARGUMENTS_MISMATCH
    );
    // Without signer parameters the senders are not used.
    assert!(entry(&env, "no_signer", &[], &[ALICE, bob], vec![x.clone()]).is_ok());
    assert!(entry(&env, "no_signer", &[], &[], vec![x.clone()]).is_ok());
    // A signer after an argument.
    assert_eq!(
        status(entry(&env, "late_signer", &[], &[ALICE], vec![x.clone()])),
        StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE
    );
    // Not an entry function.
    assert_eq!(
        status(entry(&env, "store", &[], &[ALICE], vec![x])),
        StatusCode::EXECUTE_ENTRY_FUNCTION_CALLED_ON_NON_ENTRY_FUNCTION
    );
    // Constructors in entry arguments; an abort in one fails the call.
    let some = bcs::to_bytes(&vec![b"x".to_vec()]).unwrap();
    assert!(entry(&env, "takes_opt", &[], &[ALICE], vec![some]).is_ok());
    let two = bcs::to_bytes(&vec![b"x".to_vec(), b"y".to_vec()]).unwrap();
    assert_eq!(
        abort(entry(&env, "takes_opt", &[], &[ALICE], vec![two])),
        (Location::Module(id("option")), EOPTION_VEC_TOO_LONG)
    );
    // Type arguments must have the abilities their parameters require.
    let thing = tag("args", "Thing", vec![]);
    assert_eq!(
        status(entry(&env, "take_vec", &[thing], &[], vec![vec![0]])),
        StatusCode::CONSTRAINT_NOT_SATISFIED
    );
}

#[test]
fn view_function_rules() {
    let env = env();
    let x = 9u64.to_le_bytes().to_vec();
    // A signer parameter takes an address.
    assert_eq!(
        view(
            &env,
            "with_signer",
            &[],
            vec![ALICE.as_bytes().to_vec(), x.clone()]
        )
        .unwrap(),
        vec![x.clone()]
    );
    let not_view = view(&env, "not_view", &[], vec![x.clone()]).unwrap_err();
    assert_eq!(
        not_view.status(),
        StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE
    );
    assert_eq!(
        status(view(&env, "view_no_result", &[], vec![x.clone()])),
        StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE
    );
    // Argument count: Aptos reports it as a signature error for views.
    assert_eq!(
        status(view(&env, "echo_opt", &[], vec![])),
        StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE
    );
    assert_eq!(
        status(view(&env, "echo_any", &[], vec![x])),
        StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH
    );
}

fn script(
    params: Vec<ST>,
    locals: Vec<ST>,
    code: impl FnOnce(&mut ScriptBuilder) -> Vec<Bytecode>,
) -> Vec<u8> {
    let mut b = ScriptBuilder::new().with_version(7);
    let code = code(&mut b);
    b.main(params, vec![], locals, code);
    b.build().to_bytes().unwrap()
}

#[test]
fn scripts() {
    let env = env();
    let signer_ref = ST::Reference(Box::new(ST::Signer));
    // main(s: signer, x: u64) { args::store(&s, x) }
    let store = script(vec![ST::Signer, ST::U64], vec![], |b| {
        let h = b.module_handle(AccountAddress::ONE, "args");
        let f = b.function_handle(
            h,
            "store",
            vec![signer_ref.clone(), ST::U64],
            vec![],
            vec![],
        );
        vec![ImmBorrowLoc(0), MoveLoc(1), Call(f), Ret]
    });
    let run = |bytes: &[u8], senders: &[AccountAddress], args: &[Vec<u8>]| {
        let mut s = env.session();
        let r = s.execute_script(bytes, &[], senders, args, &mut BudgetMeter::new(GAS));
        r.map(|()| s.finish().unwrap())
    };
    let cs = run(&store, &[ALICE], &[42u64.to_le_bytes().to_vec()]).unwrap();
    let thing = StructTag {
        address: AccountAddress::ONE,
        module: Identifier::new("args").unwrap(),
        name: Identifier::new("Thing").unwrap(),
        type_args: vec![],
    };
    assert_eq!(
        cs.resources.get(&(ALICE, thing)),
        Some(&WriteOp::Creation(42u64.to_le_bytes().to_vec()))
    );
    assert_eq!(
        status(run(&store, &[], &[42u64.to_le_bytes().to_vec()])),
        StatusCode::NUMBER_OF_SIGNER_ARGUMENTS_MISMATCH
    );
    assert_eq!(
        status(run(&store, &[ALICE], &[vec![1, 2]])),
        StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT
    );
    // An abort in the script is located at the script, with its offset.
    let aborts = script(vec![], vec![], |_| vec![LdU64(9), Abort]);
    match run(&aborts, &[], &[]) {
        Err(ExecutionError::Abort {
            location, code, at, ..
        }) => {
            assert_eq!((location, code, at), (Location::Script, 9, Some((0, 1))));
        }
        other => panic!("expected an abort, got {other:?}"),
    }
    // Arguments follow the entry-function rules: Option<u64> through option::from_vec.
    let takes_opt = {
        let mut b = ScriptBuilder::new().with_version(7);
        let h = b.module_handle(AccountAddress::ONE, "option");
        let opt = b.import_struct(h, "Option", cds(), vec![param(EMPTY, false)]);
        b.main(
            vec![ST::StructInstantiation(opt, vec![ST::U64])],
            vec![],
            vec![],
            vec![Ret],
        );
        b.build().to_bytes().unwrap()
    };
    assert!(run(&takes_opt, &[], &[vec![1, 5, 0, 0, 0, 0, 0, 0, 0]]).is_ok());
    assert_eq!(
        abort(run(
            &takes_opt,
            &[],
            &[bcs::to_bytes(&vec![1u64, 2]).unwrap()]
        )),
        (Location::Module(id("option")), EOPTION_VEC_TOO_LONG)
    );
    // A reference parameter is no transaction argument.
    let bad_param = script(vec![ST::Reference(Box::new(ST::U64))], vec![], |_| {
        vec![Ret]
    });
    let r = run(&bad_param, &[], &[vec![0; 8]]);
    match r {
        Err(ExecutionError::Failure(e)) => {
            assert_eq!(
                e.major_status(),
                StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE
            );
            assert_eq!(*e.location(), Location::Script);
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    // Garbage bytes and a script calling a missing module.
    match run(&[0xA1, 0x1C, 0xEB, 0x0B, 7, 0, 0, 0], &[], &[]) {
        Err(ExecutionError::Failure(e)) => assert_eq!(*e.location(), Location::Script),
        other => panic!("expected a failure, got {other:?}"),
    }
    let missing = script(vec![], vec![], |b| {
        let h = b.module_handle(AccountAddress::ONE, "nowhere");
        let f = b.function_handle(h, "f", vec![], vec![], vec![]);
        vec![Call(f), Ret]
    });
    assert_eq!(status(run(&missing, &[], &[])), StatusCode::LINKER_ERROR);
}

/// `0x1::deep`: `Box<T> { x: T }`, `wrap<T>(x: T): Box<T>`, `empty<T>(): vector<T>`, and a
/// chain of `CHAIN` structs `S0 { x: u64 }`, `Si { x: S(i-1) }` with `wrap_last`.
const CHAIN: usize = 150;

fn deep_module() -> CompiledModule {
    let mut b = m("deep");
    let (bh, bd) = b.add_struct("Box", cds(), vec![param(EMPTY, false)], vec![("x", tp(0))]);
    let box_t = b.struct_instantiation(bd, vec![tp(0)]);
    b.add_function(
        "wrap",
        PUBLIC,
        false,
        vec![tp(0)],
        vec![ST::StructInstantiation(bh, vec![tp(0)])],
        vec![EMPTY],
        vec![],
        vec![MoveLoc(0), PackGeneric(box_t), Ret],
    );
    let elem = b.signature(vec![tp(0)]);
    b.add_function(
        "empty",
        PUBLIC,
        false,
        vec![],
        vec![vec_of(tp(0))],
        vec![EMPTY],
        vec![],
        vec![VecPack(elem, 0), Ret],
    );
    let mut prev = ST::U64;
    let mut last = None;
    for i in 0..CHAIN {
        let (h, d) = b.add_struct(&format!("S{i}"), cds(), vec![], vec![("x", prev.clone())]);
        last = Some((prev.clone(), h, d));
        prev = ST::Struct(h);
    }
    let (inner, h, d) = last.unwrap();
    b.add_function(
        "wrap_last",
        PUBLIC,
        false,
        vec![inner],
        vec![ST::Struct(h)],
        vec![],
        vec![],
        vec![MoveLoc(0), Pack(d), Ret],
    );
    b.build()
}

fn nested_vector_tag(depth: usize) -> TypeTag {
    (0..depth).fold(TypeTag::U8, |t, _| TypeTag::Vector(Box::new(t)))
}

#[test]
fn value_depth_limit() {
    let mut modules = framework();
    modules.push(args_module());
    modules.push(deep_module());
    let env = Env::new(&modules);
    let call = |name: &str, tys: &[TypeTag], args: Vec<Value>| {
        env.session()
            .call_function(&id("deep"), name, tys, args, &mut BudgetMeter::new(GAS))
    };
    // Types are bounded before values can be (Aptos's type builder: depth 20, 128 nodes): a
    // type argument 20 deep is accepted, 21 deep is not.
    assert!(call("empty", &[nested_vector_tag(19)], vec![]).is_ok());
    assert_eq!(
        status(call("empty", &[nested_vector_tag(20)], vec![])),
        StatusCode::VM_MAX_TYPE_DEPTH_REACHED
    );
    // A chain of struct definitions deeper than the limit: rejected, no stack overflow.
    let mut v = Value::U64(0);
    for _ in 0..CHAIN - 1 {
        v = Value::struct_(vec![v]);
    }
    assert_eq!(
        status(call("wrap_last", &[], vec![v])),
        StatusCode::VM_MAX_VALUE_DEPTH_REACHED
    );
    // Arguments: the parameter type is built within the limits first.
    let run = |depth: usize, arg: Vec<u8>| {
        entry(
            &env,
            "take_vec",
            &[nested_vector_tag(depth)],
            &[],
            vec![arg],
        )
    };
    assert!(run(18, vec![0]).is_ok());
    // Hostile input: 200 nested one-element vectors for a 250-deep type: refused by the type
    // builder before any byte is decoded.
    let mut hostile = vec![1u8; 200];
    hostile.push(0);
    assert_eq!(
        status(run(250, hostile)),
        StatusCode::VM_MAX_TYPE_DEPTH_REACHED
    );
}

/// `0x1::table` natives, `0x1::event`'s module event native, and `0x1::writer::write(s, fail)`
/// that writes a resource, a table entry and an event, then aborts if `fail`.
pub(crate) fn writer_modules() -> Vec<CompiledModule> {
    let mut b = m("event");
    b.add_native_function(
        "write_module_event_to_store",
        PUBLIC,
        vec![tp(0)],
        vec![],
        vec![abilities(&[Ability::Drop, Ability::Store])],
    );
    let event = b.build();

    let mut b = m("table");
    let cd = abilities(&[Ability::Copy, Ability::Drop]);
    let (table, table_def) = b.add_struct(
        "Table",
        abilities(&[Ability::Store]),
        vec![param(cd, true), param(EMPTY, true)],
        vec![("handle", ST::Address)],
    );
    let (boxed, box_def) = b.add_struct(
        "Box",
        abilities(&[Ability::Key, Ability::Drop, Ability::Store]),
        vec![param(EMPTY, false)],
        vec![("val", tp(0))],
    );
    let t = ST::StructInstantiation(table, vec![tp(0), tp(1)]);
    let bx = ST::StructInstantiation(boxed, vec![tp(1)]);
    let (new_handle, _) = b.add_native_function(
        "new_table_handle",
        PUBLIC,
        vec![],
        vec![ST::Address],
        vec![EMPTY, EMPTY],
    );
    let (add_box, _) = b.add_native_function(
        "add_box",
        PUBLIC,
        vec![ST::MutableReference(Box::new(t)), tp(0), bx],
        vec![],
        vec![cd, EMPTY, EMPTY],
    );
    // struct Holder has key { t: Table<u64, u64> }; struct Ev has drop, store { x: u64 }
    let t_u64 = ST::StructInstantiation(table, vec![ST::U64, ST::U64]);
    let (_, holder) = b.add_struct("Holder", key(), vec![], vec![("t", t_u64.clone())]);
    let (ev_h, ev) = b.add_struct(
        "Ev",
        abilities(&[Ability::Drop, Ability::Store]),
        vec![],
        vec![("x", ST::U64)],
    );
    let eh = b.module_handle(AccountAddress::ONE, "event");
    let emit = b.function_handle(
        eh,
        "write_module_event_to_store",
        vec![tp(0)],
        vec![],
        vec![abilities(&[Ability::Drop, Ability::Store])],
    );
    let ev_ty = ST::Struct(ev_h);
    let emit_ev = b.function_instantiation(emit, vec![ev_ty]);
    let new_u64 = b.function_instantiation(new_handle, vec![ST::U64, ST::U64]);
    let box_u64 = ST::StructInstantiation(boxed, vec![ST::U64]);
    let add_u64 = b.function_instantiation(add_box, vec![ST::U64, ST::U64, box_u64]);
    let table_u64 = b.struct_instantiation(table_def, vec![ST::U64, ST::U64]);
    let box_inst = b.struct_instantiation(box_def, vec![ST::U64]);
    // write(s: &signer, fail: bool): locals 2 = t: Table<u64, u64>
    b.add_function(
        "write",
        PUBLIC,
        true,
        vec![ST::Reference(Box::new(ST::Signer)), ST::Bool],
        vec![],
        vec![],
        vec![t_u64],
        vec![
            CallGeneric(new_u64),
            PackGeneric(table_u64),
            StLoc(2),
            MutBorrowLoc(2),
            LdU64(1),
            LdU64(2),
            PackGeneric(box_inst),
            CallGeneric(add_u64),
            MoveLoc(0),
            MoveLoc(2),
            Pack(holder),
            MoveTo(holder),
            LdU64(3),
            Pack(ev),
            CallGeneric(emit_ev),
            MoveLoc(1),
            BrFalse(19),
            LdU64(7),
            Abort,
            Ret,
        ],
    );
    vec![event, b.build()]
}

#[test]
fn a_failed_transaction_writes_nothing() {
    let env = Env::new(&writer_modules());
    let run = |fail: bool| {
        let mut s = env.session();
        let r = s.execute_entry_function(
            &id("table"),
            "write",
            &[],
            &[ALICE],
            &[vec![u8::from(fail)]],
            &mut BudgetMeter::new(GAS),
        );
        (r, s)
    };
    // Success: a resource, a table entry and an event in the change set.
    let (r, s) = run(false);
    r.unwrap();
    let cs = s.finish().unwrap();
    assert_eq!(cs.resources.len(), 1);
    assert_eq!(cs.tables.len(), 1);
    assert_eq!(cs.events.len(), 1);
    // The same writes, then an abort: the caller gets the abort and no change set — the
    // session refuses to finish — and drops it; the chain is unchanged.
    let (r, s) = run(true);
    assert_eq!(abort(r), (Location::Module(id("table")), 7));
    assert_eq!(
        s.finish().unwrap_err().major_status(),
        StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR
    );
    assert!(env.chain.resources.borrow().is_empty());
    // An argument error marks the session failed too.
    let mut s = env.session();
    let r = s.execute_entry_function(
        &id("table"),
        "write",
        &[],
        &[ALICE],
        &[vec![2]],
        &mut BudgetMeter::new(GAS),
    );
    assert_eq!(status(r), StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT);
    assert!(s.finish().is_err());
    let (r, s) = run(false);
    r.unwrap();
    let cs = s.finish().unwrap();
    assert!(
        cs.resources
            .values()
            .all(|op| matches!(op, WriteOp::Creation(_)))
    );
}
