//! Proptest strategies producing random *valid* units (feature `testing`): they pass the
//! deserializer's rules and the bounds checker (not necessarily the verifier), for round-trip
//! and robustness tests here and in other crates.
//!
//! Generation is driven by a seed and a small deterministic PRNG, covering every version 5..=10
//! and only the constructs each version allows (enums and access specifiers from v7, function
//! types, closures and attributes from v8, signed integers from v9, `AbortMsg` and struct-API
//! attributes from v10).

use lumio_move_core_types::{AbilitySet, AccountAddress, I256, U256};
use proptest::prelude::*;

use crate::{builder::ModuleBuilder, file_format::*, file_format_common::*};

/// Tiny xorshift PRNG; quality is irrelevant, determinism is what matters.
#[derive(Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

fn primitive(rng: &mut Rng, version: u32) -> SignatureToken {
    use SignatureToken::*;
    let mut opts = vec![Bool, U8, U64, U128, Address];
    if version >= VERSION_6 {
        opts.extend([U16, U32, U256]);
    }
    if version >= VERSION_9 {
        opts.extend([I8, I16, I32, I64, I128, I256]);
    }
    opts.swap_remove(rng.below(opts.len()))
}

fn value_type(
    rng: &mut Rng,
    version: u32,
    structs: &[StructHandleIndex],
    depth: usize,
) -> SignatureToken {
    match rng.below(6) {
        0 if depth < 3 => {
            SignatureToken::Vector(Box::new(value_type(rng, version, structs, depth + 1)))
        }
        1 if !structs.is_empty() => SignatureToken::Struct(structs[rng.below(structs.len())]),
        2 if version >= VERSION_8 && depth < 2 => SignatureToken::Function(
            vec![primitive(rng, version)],
            vec![primitive(rng, version)],
            AbilitySet::from_u8((rng.next() % 8) as u8).unwrap_or(AbilitySet::EMPTY),
        ),
        _ => primitive(rng, version),
    }
}

fn name(prefix: &str, i: usize) -> String {
    format!("{prefix}{i}")
}

/// A random valid module for `seed` at `version`.
pub fn generate_module(seed: u64, version: u32) -> CompiledModule {
    let mut rng = Rng(seed | 1);
    let addr = AccountAddress::from_u8((rng.next() % 200) as u8 + 1);
    let mut b = ModuleBuilder::new(addr, "m").with_version(version);
    let dep = b.module_handle(AccountAddress::ONE, "dep");

    // Structs.
    let mut struct_handles = vec![];
    let mut struct_defs = vec![];
    for i in 0..rng.below(4) {
        let nfields = 1 + rng.below(3);
        let fields: Vec<(String, SignatureToken)> = (0..nfields)
            .map(|f| {
                (
                    name("f", f),
                    value_type(&mut rng, version, &struct_handles, 0),
                )
            })
            .collect();
        let abilities = AbilitySet::from_u8((rng.next() % 16) as u8).unwrap_or(AbilitySet::EMPTY);
        let fields_ref: Vec<(&str, SignatureToken)> = fields
            .iter()
            .map(|(n, t)| (n.as_str(), t.clone()))
            .collect();
        let (h, d) = b.add_struct(&name("S", i), abilities, vec![], fields_ref);
        struct_handles.push(h);
        struct_defs.push((d, nfields));
    }
    let mut variant_handles = vec![];
    if version >= VERSION_7 && rng.chance(50) {
        let nvar = 1 + rng.below(3);
        let variants: Vec<(String, Vec<(String, SignatureToken)>)> = (0..nvar)
            .map(|v| {
                (
                    name("V", v),
                    vec![("x".to_string(), primitive(&mut rng, version))],
                )
            })
            .collect();
        let vref: Vec<(&str, Vec<(&str, SignatureToken)>)> = variants
            .iter()
            .map(|(n, fs)| {
                (
                    n.as_str(),
                    fs.iter().map(|(a, t)| (a.as_str(), t.clone())).collect(),
                )
            })
            .collect();
        let (_, d) = b.add_enum("E", AbilitySet::PRIMITIVES, vec![], vref);
        for v in 0..nvar {
            variant_handles.push(b.struct_variant_handle(d, v as u16));
        }
        let _ = b.variant_field_handle(d, (0..nvar as u16).collect(), 0);
    }
    let generic = b.import_struct(
        dep,
        "G",
        AbilitySet::ALL,
        vec![StructTypeParameter {
            constraints: AbilitySet::EMPTY,
            is_phantom: rng.chance(50),
        }],
    );
    let _ = b.signature(vec![SignatureToken::StructInstantiation(
        generic,
        vec![SignatureToken::U64],
    )]);

    // Field handles and imported functions.
    let field_handles: Vec<FieldHandleIndex> = struct_defs
        .iter()
        .map(|(d, n)| b.field_handle(*d, rng.below(*n) as u16))
        .collect();
    let imported = b.function_handle(dep, "callee", vec![SignatureToken::U64], vec![], vec![]);
    let gen_fn = b.function_handle(dep, "gen", vec![], vec![], vec![AbilitySet::EMPTY]);
    let inst = b.function_instantiation(gen_fn, vec![SignatureToken::U8]);

    // Constants and metadata.
    let mut consts = vec![];
    for _ in 0..rng.below(3) {
        consts.push(b.constant(SignatureToken::U64, rng.next().to_le_bytes().to_vec()));
    }
    consts.push(b.constant(
        SignatureToken::Vector(Box::new(SignatureToken::U8)),
        vec![2, b'h', b'i'],
    ));
    if version >= VERSION_5 && rng.chance(50) {
        b.metadata(b"key", &rng.next().to_le_bytes());
    }
    if rng.chance(30) {
        b.friend(addr, "friend_mod");
    }

    // Functions.
    let vec_sig = b.signature(vec![SignatureToken::U8]);
    let nfun = 1 + rng.below(3);
    for i in 0..nfun {
        let params: Vec<_> = (0..rng.below(3))
            .map(|_| value_type(&mut rng, version, &struct_handles, 0))
            .collect();
        let locals: Vec<_> = (0..rng.below(3))
            .map(|_| primitive(&mut rng, version))
            .collect();
        let nlocals = params.len() + locals.len();
        let len = 1 + rng.below(20);
        let mut code = Vec::with_capacity(len);
        for _ in 0..len - 1 {
            code.push(random_instruction(
                &mut rng,
                version,
                len,
                nlocals,
                &consts,
                &struct_defs,
                &field_handles,
                &variant_handles,
                imported,
                inst,
                vec_sig,
            ));
        }
        code.push(Bytecode::Ret);
        let vis = [Visibility::Private, Visibility::Public, Visibility::Friend][rng.below(3)];
        let (fh, _) = b.add_function(
            &name("fun", i),
            vis,
            rng.chance(30),
            params,
            vec![],
            vec![],
            locals,
            code,
        );
        let m = b.module_mut();
        if let Some(h) = m.function_handles.get_mut(fh.into_index()) {
            if version >= VERSION_7 && rng.chance(30) {
                h.access_specifiers = Some(vec![AccessSpecifier {
                    kind: AccessKind::Reads,
                    negated: rng.chance(50),
                    resource: ResourceSpecifier::Any,
                    address: AddressSpecifier::Any,
                }]);
            }
            if version >= VERSION_8 && rng.chance(30) {
                h.attributes.push(FunctionAttribute::Persistent);
            }
            if version >= VERSION_10 && rng.chance(30) {
                h.attributes
                    .push(FunctionAttribute::BorrowFieldMutable(rng.below(4) as u16));
            }
        }
    }
    if rng.chance(30) {
        b.add_native_function(
            "nat",
            Visibility::Public,
            vec![SignatureToken::Signer],
            vec![SignatureToken::U64],
            vec![],
        );
    }
    b.build()
}

#[allow(clippy::too_many_arguments)]
fn random_instruction(
    rng: &mut Rng,
    version: u32,
    len: usize,
    nlocals: usize,
    consts: &[ConstantPoolIndex],
    structs: &[(StructDefinitionIndex, usize)],
    fields: &[FieldHandleIndex],
    variants: &[StructVariantHandleIndex],
    imported: FunctionHandleIndex,
    inst: FunctionInstantiationIndex,
    vec_sig: SignatureIndex,
) -> Bytecode {
    use Bytecode as B;
    let target = rng.below(len) as u16;
    loop {
        let b = match rng.below(30) {
            0 => B::Nop,
            1 => B::LdU8(rng.next() as u8),
            2 => B::LdU64(rng.next()),
            3 => B::LdU128(u128::from(rng.next()) << 64 | u128::from(rng.next())),
            4 => B::LdTrue,
            5 => B::Branch(target),
            6 => B::BrFalse(target),
            7 => B::Add,
            8 => B::Pop,
            9 if !consts.is_empty() => B::LdConst(consts[rng.below(consts.len())]),
            10 => B::Call(imported),
            11 => B::CallGeneric(inst),
            12 if !structs.is_empty() => B::Pack(structs[rng.below(structs.len())].0),
            13 if !fields.is_empty() => B::ImmBorrowField(fields[rng.below(fields.len())]),
            14 if nlocals > 0 => B::CopyLoc(rng.below(nlocals) as u8),
            15 if nlocals > 0 => B::StLoc(rng.below(nlocals) as u8),
            16 => B::VecPack(vec_sig, rng.next() % 4),
            17 => B::VecLen(vec_sig),
            18 if version >= VERSION_6 => B::LdU16(rng.next() as u16),
            19 if version >= VERSION_6 => B::LdU256(U256::from_u128(u128::from(rng.next()))),
            20 if version >= VERSION_7 && !variants.is_empty() => {
                B::PackVariant(variants[rng.below(variants.len())])
            }
            21 if version >= VERSION_7 && !variants.is_empty() => {
                B::TestVariant(variants[rng.below(variants.len())])
            }
            22 if version >= VERSION_8 => {
                B::PackClosure(imported, ClosureMask::new(rng.next() % 2))
            }
            23 if version >= VERSION_8 => B::CallClosure(vec_sig),
            24 if version >= VERSION_9 => B::LdI64(rng.next() as i64),
            25 if version >= VERSION_9 => B::LdI256(I256::from_i128(-(rng.next() as i128))),
            26 if version >= VERSION_9 => B::Negate,
            27 if version >= VERSION_10 => B::AbortMsg,
            28 => B::Abort,
            29 => B::Shl,
            _ => continue,
        };
        return b;
    }
}

/// Strategy over random valid modules of every version 5..=10.
pub fn arb_module() -> impl Strategy<Value = CompiledModule> {
    (any::<u64>(), VERSION_5..=VERSION_MAX).prop_map(|(seed, v)| generate_module(seed, v))
}
