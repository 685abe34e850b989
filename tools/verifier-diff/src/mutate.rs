//! Mutations of generated modules: small edits of one function body (or its acquires list)
//! that keep the module well-formed for the deserializer and bounds checker but probe the
//! verifier's edges — the mutable/immutable twin of an instruction, a copy turned into a move,
//! another local, a deleted/duplicated/swapped/replaced/inserted instruction, a retargeted
//! branch.

use lumio_move_binary_format::file_format::*;
use rand::{Rng, seq::IndexedRandom};

/// Applies one mutation; returns its description (empty when nothing applied).
pub(crate) fn mutate(m: &mut CompiledModule, rng: &mut impl Rng) -> String {
    let funs: Vec<usize> = (0..m.function_defs.len())
        .filter(|&i| {
            m.function_defs[i]
                .code
                .as_ref()
                .is_some_and(|c| !c.code.is_empty())
        })
        .collect();
    let Some(&f) = funs.choose(rng) else {
        return String::new();
    };
    let n_locals = {
        let def = &m.function_defs[f];
        let h = &m.function_handles[def.function.0 as usize];
        let code = def.code.as_ref().expect("has code");
        m.signatures[h.parameters.0 as usize].len() + m.signatures[code.locals.0 as usize].len()
    };
    if rng.random_bool(0.03) {
        // Acquires annotation flipped.
        let acq = &mut m.function_defs[f].acquires_global_resources;
        if acq.is_empty() {
            acq.push(StructDefinitionIndex(crate::modgen::RES as u16));
        } else {
            acq.clear();
        }
        return format!("mutation f{f}: acquires flipped");
    }
    let pool = instruction_pool(m, n_locals);
    let code = &mut m.function_defs[f].code.as_mut().expect("has code").code;
    let len = code.len();
    let p = rng.random_range(0..len);
    let kind = rng.random_range(0..100u32);
    match kind {
        // The mutable/immutable twin: the main source of aliasing bugs.
        0..=24 => {
            let twins: Vec<usize> = (0..len).filter(|&i| twin(&code[i]).is_some()).collect();
            let Some(&i) = twins.choose(rng) else {
                return String::new();
            };
            let old = code[i].clone();
            code[i] = twin(&old).expect("has twin");
            format!("mutation f{f}@{i}: {old:?} -> {:?}", code[i])
        }
        25..=39 => {
            let locs: Vec<usize> = (0..len).filter(|&i| local_of(&code[i]).is_some()).collect();
            let Some(&i) = locs.choose(rng) else {
                return String::new();
            };
            let old = code[i].clone();
            let l = rng.random_range(0..n_locals.max(1)) as u8;
            code[i] = with_local(&old, l);
            format!("mutation f{f}@{i}: {old:?} -> {:?}", code[i])
        }
        40..=49 => {
            if len < 2 {
                return String::new();
            }
            let old = code.remove(p);
            shift_targets(code, p, -1);
            format!("mutation f{f}@{p}: deleted {old:?}")
        }
        50..=57 => {
            let b = code[p].clone();
            code.insert(p + 1, b.clone());
            shift_targets(code, p + 1, 1);
            format!("mutation f{f}@{p}: duplicated {b:?}")
        }
        58..=67 => {
            if p + 1 >= len {
                return String::new();
            }
            code.swap(p, p + 1);
            format!(
                "mutation f{f}@{p}: swapped {:?} <-> {:?}",
                code[p + 1],
                code[p]
            )
        }
        68..=79 => {
            let b = pool.choose(rng).expect("pool").clone();
            let old = std::mem::replace(&mut code[p], b.clone());
            format!("mutation f{f}@{p}: {old:?} -> {b:?}")
        }
        80..=89 => {
            let b = pool.choose(rng).expect("pool").clone();
            code.insert(p, b.clone());
            shift_targets(code, p + 1, 1);
            format!("mutation f{f}@{p}: inserted {b:?}")
        }
        _ => {
            let brs: Vec<usize> = (0..len)
                .filter(|&i| {
                    matches!(
                        code[i],
                        Bytecode::BrTrue(_) | Bytecode::BrFalse(_) | Bytecode::Branch(_)
                    )
                })
                .collect();
            let Some(&i) = brs.choose(rng) else {
                return String::new();
            };
            let t = rng.random_range(0..len) as u16;
            let old = code[i].clone();
            match &mut code[i] {
                Bytecode::BrTrue(x) | Bytecode::BrFalse(x) | Bytecode::Branch(x) => *x = t,
                _ => unreachable!(),
            }
            format!("mutation f{f}@{i}: {old:?} -> {:?}", code[i])
        }
    }
}

/// After inserting (delta 1) or deleting (delta -1) at `at`, branch targets past it move.
fn shift_targets(code: &mut [Bytecode], at: usize, delta: i32) {
    let len = code.len() as i32;
    for b in code.iter_mut() {
        if let Bytecode::BrTrue(t) | Bytecode::BrFalse(t) | Bytecode::Branch(t) = b {
            let x = i32::from(*t);
            if (delta > 0 && x >= at as i32) || (delta < 0 && x > at as i32) {
                *t = (x + delta).clamp(0, len - 1) as u16;
            } else if x >= len {
                *t = (len - 1) as u16;
            }
        }
    }
}

fn twin(b: &Bytecode) -> Option<Bytecode> {
    use Bytecode::*;
    Some(match b {
        MutBorrowLoc(i) => ImmBorrowLoc(*i),
        ImmBorrowLoc(i) => MutBorrowLoc(*i),
        MutBorrowField(f) => ImmBorrowField(*f),
        ImmBorrowField(f) => MutBorrowField(*f),
        MutBorrowGlobal(s) => ImmBorrowGlobal(*s),
        ImmBorrowGlobal(s) => MutBorrowGlobal(*s),
        VecMutBorrow(s) => VecImmBorrow(*s),
        VecImmBorrow(s) => VecMutBorrow(*s),
        CopyLoc(i) => MoveLoc(*i),
        MoveLoc(i) => CopyLoc(*i),
        Eq => Neq,
        Neq => Eq,
        BrTrue(t) => BrFalse(*t),
        BrFalse(t) => BrTrue(*t),
        _ => return None,
    })
}

fn local_of(b: &Bytecode) -> Option<u8> {
    use Bytecode::*;
    match b {
        CopyLoc(i) | MoveLoc(i) | StLoc(i) | MutBorrowLoc(i) | ImmBorrowLoc(i) => Some(*i),
        _ => None,
    }
}

fn with_local(b: &Bytecode, l: u8) -> Bytecode {
    use Bytecode::*;
    match b {
        CopyLoc(_) => CopyLoc(l),
        MoveLoc(_) => MoveLoc(l),
        StLoc(_) => StLoc(l),
        MutBorrowLoc(_) => MutBorrowLoc(l),
        ImmBorrowLoc(_) => ImmBorrowLoc(l),
        _ => b.clone(),
    }
}

/// In-bounds instructions for this module and a function with `n_locals` locals.
fn instruction_pool(m: &CompiledModule, n_locals: usize) -> Vec<Bytecode> {
    use Bytecode::*;
    let mut v = vec![
        Pop,
        LdU64(0),
        LdTrue,
        LdFalse,
        FreezeRef,
        ReadRef,
        WriteRef,
        Eq,
        Neq,
        Add,
        Lt,
        Not,
    ];
    if !m.constant_pool.is_empty() {
        v.push(LdConst(ConstantPoolIndex(0)));
    }
    for i in 0..n_locals as u8 {
        v.extend([
            CopyLoc(i),
            MoveLoc(i),
            StLoc(i),
            MutBorrowLoc(i),
            ImmBorrowLoc(i),
        ]);
    }
    for f in 0..m.field_handles.len() as u16 {
        v.extend([
            MutBorrowField(FieldHandleIndex(f)),
            ImmBorrowField(FieldHandleIndex(f)),
        ]);
    }
    for (s, sig) in m.signatures.iter().enumerate() {
        if sig.len() == 1 {
            let s = SignatureIndex(s as u16);
            v.extend([
                VecLen(s),
                VecImmBorrow(s),
                VecMutBorrow(s),
                VecPushBack(s),
                VecPopBack(s),
            ]);
            v.extend([VecSwap(s), VecPack(s, 0)]);
        }
    }
    for s in 0..m.struct_defs.len() as u16 {
        let s = StructDefinitionIndex(s);
        v.extend([Pack(s), Unpack(s)]);
    }
    let res = StructDefinitionIndex(crate::modgen::RES as u16);
    v.extend([
        MutBorrowGlobal(res),
        ImmBorrowGlobal(res),
        MoveFrom(res),
        Exists(res),
        MoveTo(res),
    ]);
    for f in 0..m.function_handles.len() as u16 {
        v.push(Call(FunctionHandleIndex(f)));
    }
    v
}
