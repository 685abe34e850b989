//! `lumio bench move-verify --adversarial`: modules built to maximise the verifier's work —
//! the abstract interpreters' state size, the number of joins, call edges, type sizes, module
//! size — each verified with the production configuration and timed. A hostile module must be
//! rejected (or verified) quickly; the goal is 50 ms per module at worst.

use std::time::Instant;

use lumio_move_binary_format::{
    builder::ModuleBuilder,
    file_format::{
        AbilitySet, Bytecode, CodeUnit, CompiledModule, FieldHandleIndex, FunctionDefinition,
        FunctionHandleIndex, SignatureToken as ST, StructHandleIndex, Visibility,
    },
};
use lumio_move_core_types::{Ability, AccountAddress};

use super::VerifyError;
use lumio_move_verifier::{VerifierConfig, verify_module_with_config};

/// A module under construction: `0x1::<name>` with `struct S has copy, drop { f0..fn: u64 }`
/// (field handle `i` is field `i`), on the binary-format crate's builder.
struct Gen {
    b: ModuleBuilder,
}

impl Gen {
    fn new(name: &str, fields: usize) -> Result<Self, VerifyError> {
        let mut b = ModuleBuilder::new(AccountAddress::ONE, name).with_version(6);
        let names: Vec<String> = (0..fields).map(|i| format!("f{i}")).collect();
        let (_, sd) = b.add_struct(
            "S",
            [Ability::Copy, Ability::Drop]
                .into_iter()
                .collect::<AbilitySet>(),
            vec![],
            names.iter().map(|n| (n.as_str(), ST::U64)).collect(),
        );
        for i in 0..fields {
            b.field_handle(sd, idx(i)?);
        }
        Ok(Gen { b })
    }

    fn handle(
        &mut self,
        name: &str,
        params: Vec<ST>,
        rets: Vec<ST>,
    ) -> Result<FunctionHandleIndex, VerifyError> {
        let me = self.b.self_handle();
        Ok(self.b.function_handle(me, name, params, rets, vec![]))
    }

    /// Defines a public function (`code: None` for a native).
    fn fun(
        &mut self,
        name: &str,
        params: Vec<ST>,
        rets: Vec<ST>,
        locals: Vec<ST>,
        code: Option<Vec<Bytecode>>,
    ) -> Result<FunctionHandleIndex, VerifyError> {
        Ok(match code {
            Some(code) => {
                self.b
                    .add_function(
                        name,
                        Visibility::Public,
                        false,
                        params,
                        rets,
                        vec![],
                        locals,
                        code,
                    )
                    .0
            }
            None => {
                self.b
                    .add_native_function(name, Visibility::Public, params, rets, vec![])
                    .0
            }
        })
    }

    fn build(self) -> CompiledModule {
        self.b.build()
    }
}

fn idx(i: usize) -> Result<u16, VerifyError> {
    u16::try_from(i).map_err(|_| VerifyError::Generator(format!("index {i} too large")))
}

fn u8_(i: usize) -> Result<u8, VerifyError> {
    u8::try_from(i).map_err(|_| VerifyError::Generator(format!("local {i} too large")))
}

/// Ends the current basic block (a branch to the next instruction) when it has grown past
/// `every` instructions, so that no block exceeds the per-block push limit.
fn split_blocks(
    code: &mut Vec<Bytecode>,
    last_split: &mut usize,
    every: usize,
) -> Result<(), VerifyError> {
    if code.len() - *last_split >= every {
        let next = idx(code.len() + 1)?;
        code.push(Bytecode::Branch(next));
        *last_split = code.len();
    }
    Ok(())
}

fn s_ty() -> ST {
    ST::Struct(StructHandleIndex(0))
}

fn mut_ref(t: ST) -> ST {
    ST::MutableReference(Box::new(t))
}

fn imm_ref(t: ST) -> ST {
    ST::Reference(Box::new(t))
}

/// Appends `refs` times `local[first + i] = &s.f(i % fields)` (`s` = parameter 0), mutable or
/// immutable borrows.
fn borrow_fields_into_locals(
    code: &mut Vec<Bytecode>,
    refs: usize,
    fields: usize,
    first: usize,
    mutable: bool,
) -> Result<(), VerifyError> {
    for i in 0..refs {
        let f = FieldHandleIndex(idx(i % fields)?);
        code.push(Bytecode::CopyLoc(0));
        code.push(if mutable {
            Bytecode::MutBorrowField(f)
        } else {
            Bytecode::ImmBorrowField(f)
        });
        code.push(Bytecode::StLoc(u8_(first + i)?));
    }
    Ok(())
}

/// `f(s: &mut S)` holding `refs` live `&mut` field borrows in locals, then a loop over reads
/// of all of them: every step pays for every local and the whole graph.
fn many_locals_many_borrows(refs: usize, fields: usize) -> Result<CompiledModule, VerifyError> {
    let mut g = Gen::new("ManyBorrows", fields)?;
    let mut code = Vec::new();
    borrow_fields_into_locals(&mut code, refs, fields, 1, false)?;
    let head = idx(code.len())?;
    for i in 0..refs {
        code.push(Bytecode::CopyLoc(u8_(1 + i)?));
        code.push(Bytecode::ReadRef);
        code.push(Bytecode::Pop);
    }
    code.push(Bytecode::LdFalse);
    code.push(Bytecode::BrTrue(head));
    code.push(Bytecode::Ret);
    g.fun(
        "f",
        vec![mut_ref(s_ty())],
        vec![],
        vec![imm_ref(ST::U64); refs],
        Some(code),
    )?;
    Ok(g.build())
}

/// A chain of `n` diamonds: each arm stores a different field borrow (of one of two copies of
/// the struct reference) into the same locals, so every join merges growing edge sets.
fn diamond_chain(n: usize, refs: usize) -> Result<CompiledModule, VerifyError> {
    let fields = 16;
    let mut g = Gen::new("Diamonds", fields)?;
    let mut code = Vec::new();
    // Parameters: 0 &mut S, 1 bool; locals 2.. &u64.
    borrow_fields_into_locals(&mut code, refs, fields, 2, false)?;
    for k in 0..n {
        let r = u8_(2 + k % refs)?;
        let base = code.len();
        // if (cond) { r = &s.f(k) } else { r = &s.f(k+1) }
        let else_at = idx(base + 6)?;
        let join_at = idx(base + 9)?;
        code.push(Bytecode::CopyLoc(1));
        code.push(Bytecode::BrFalse(else_at));
        code.push(Bytecode::CopyLoc(0));
        code.push(Bytecode::ImmBorrowField(FieldHandleIndex(idx(k % fields)?)));
        code.push(Bytecode::StLoc(r));
        code.push(Bytecode::Branch(join_at));
        code.push(Bytecode::CopyLoc(0));
        code.push(Bytecode::ImmBorrowField(FieldHandleIndex(idx(
            (k + 1) % fields
        )?)));
        code.push(Bytecode::StLoc(r));
    }
    code.push(Bytecode::Ret);
    g.fun(
        "f",
        vec![mut_ref(s_ty()), ST::Bool],
        vec![],
        vec![imm_ref(ST::U64); refs],
        Some(code),
    )?;
    Ok(g.build())
}

/// Five nested loops (the production maximum), the innermost re-borrowing into many locals, so
/// the fixpoint iterates every level with large states.
fn nested_loops_reborrow(refs: usize) -> Result<CompiledModule, VerifyError> {
    let fields = 32;
    let mut g = Gen::new("NestedLoops", fields)?;
    let depth = 5u16;
    // Loop heads 0..depth hold a Nop each; the body re-borrows, then back edges innermost first.
    let mut code = vec![Bytecode::Nop; usize::from(depth)];
    borrow_fields_into_locals(&mut code, refs, fields, 1, true)?;
    for head in (0..depth).rev() {
        code.push(Bytecode::LdFalse);
        code.push(Bytecode::BrTrue(head));
    }
    code.push(Bytecode::Ret);
    g.fun(
        "f",
        vec![mut_ref(s_ty())],
        vec![],
        vec![mut_ref(ST::U64); refs],
        Some(code),
    )?;
    Ok(g.build())
}

/// Calls of a native taking `args` immutable references and returning `rets`: each call adds
/// `args × rets` edges, charged with 1.5× growth per edge.
fn call_fanout(args: usize, rets: usize, calls: usize) -> Result<CompiledModule, VerifyError> {
    let mut g = Gen::new("Fanout", 1)?;
    let callee = g.fun(
        "g",
        vec![imm_ref(ST::U64); args],
        vec![imm_ref(ST::U64); rets],
        vec![],
        None,
    )?;
    let mut code = Vec::new();
    let mut last = 0;
    for _ in 0..calls {
        split_blocks(&mut code, &mut last, 4000)?;
        for _ in 0..args {
            code.push(Bytecode::CopyLoc(0));
        }
        code.push(Bytecode::Call(callee));
        for _ in 0..rets {
            code.push(Bytecode::Pop);
        }
    }
    code.push(Bytecode::Ret);
    g.fun("f", vec![imm_ref(ST::U64)], vec![], vec![], Some(code))?;
    Ok(g.build())
}

/// A long call chain: `n` functions, each calling the next with references to every field.
fn call_chain(n: usize, args: usize) -> Result<CompiledModule, VerifyError> {
    let mut g = Gen::new("Chain", args)?;
    let params = vec![mut_ref(s_ty()); 1];
    let mut handles = Vec::with_capacity(n);
    for i in 0..n {
        handles.push(g.handle(&format!("f{i}"), params.clone(), vec![])?);
    }
    let locals = g.b.signature(vec![]);
    for i in 0..n {
        let mut code = Vec::new();
        for k in 0..args {
            code.push(Bytecode::CopyLoc(0));
            code.push(Bytecode::ImmBorrowField(FieldHandleIndex(idx(k)?)));
            code.push(Bytecode::ReadRef);
            code.push(Bytecode::Pop);
        }
        if let Some(next) = handles.get(i + 1) {
            code.push(Bytecode::CopyLoc(0));
            code.push(Bytecode::Call(*next));
        }
        code.push(Bytecode::MoveLoc(0));
        code.push(Bytecode::Pop);
        code.push(Bytecode::Ret);
        g.b.module_mut().function_defs.push(FunctionDefinition {
            function: handles[i],
            visibility: Visibility::Public,
            is_entry: false,
            acquires_global_resources: vec![],
            code: Some(CodeUnit { locals, code }),
        });
    }
    Ok(g.build())
}

/// One function of `len` instructions copying and storing a local of a large type (a vector
/// nested 19 deep around a struct): type safety pays per type node on every push.
fn big_types(len: usize) -> Result<CompiledModule, VerifyError> {
    let mut g = Gen::new("BigTypes", 1)?;
    let mut ty = s_ty();
    for _ in 0..19 {
        ty = ST::Vector(Box::new(ty));
    }
    let mut code = Vec::with_capacity(len + 1);
    let mut last = 0;
    while code.len() + 4 < len {
        split_blocks(&mut code, &mut last, 8000)?;
        code.push(Bytecode::CopyLoc(0));
        code.push(Bytecode::StLoc(1));
    }
    code.push(Bytecode::Ret);
    g.fun("f", vec![ty.clone()], vec![], vec![ty], Some(code))?;
    Ok(g.build())
}

/// Many mid-sized functions: the module budget, not one function's, is what runs out.
fn many_functions(n: usize, refs: usize) -> Result<CompiledModule, VerifyError> {
    let fields = 8;
    let mut g = Gen::new("ManyFunctions", fields)?;
    for f in 0..n {
        let mut code = Vec::new();
        borrow_fields_into_locals(&mut code, refs, fields, 1, false)?;
        for i in 0..refs {
            code.push(Bytecode::MoveLoc(u8_(1 + i)?));
            code.push(Bytecode::ReadRef);
            code.push(Bytecode::Pop);
        }
        code.push(Bytecode::Ret);
        g.fun(
            &format!("f{f}"),
            vec![mut_ref(s_ty())],
            vec![],
            vec![imm_ref(ST::U64); refs],
            Some(code),
        )?;
    }
    Ok(g.build())
}

/// A named generator of one adversarial module.
pub type Generator = (&'static str, fn() -> Result<CompiledModule, VerifyError>);

/// The adversarial inputs, named (built on demand: some are megabytes).
pub fn generators() -> Vec<Generator> {
    vec![
        ("254 live borrows read in a loop", || {
            many_locals_many_borrows(254, 64)
        }),
        ("64 live borrows read in a loop", || {
            many_locals_many_borrows(64, 8)
        }),
        ("340 diamonds over 64 refs", || diamond_chain(340, 64)),
        ("340 diamonds over 250 refs", || diamond_chain(340, 250)),
        ("5 nested loops re-borrowing 250 refs", || {
            nested_loops_reborrow(250)
        }),
        ("calls with 64 ref args x 64 ref returns", || {
            call_fanout(64, 64, 100)
        }),
        ("calls with 8 ref args x 8 ref returns", || {
            call_fanout(8, 8, 2000)
        }),
        ("call chain of 1000 functions", || call_chain(1000, 60)),
        ("60k instructions of 20-deep types", || big_types(60_000)),
        ("100 functions x 200 borrows", || many_functions(100, 200)),
        // Aptos stores no value over 1 MiB (`max_bytes_per_write_op`): the largest module.
        ("460 functions x 200 borrows (1 MB)", || {
            many_functions(460, 200)
        }),
    ]
}

/// Outcome of one adversarial input.
#[derive(Debug, Clone)]
pub struct Case {
    /// What the module stresses.
    pub name: String,
    /// Serialized size.
    pub bytes: usize,
    /// `None` if verified, else the status the verifier reported.
    pub rejected: Option<String>,
    /// Slowest of the timed rounds, in milliseconds (deserialize + verify).
    pub worst_ms: f64,
    /// Median of the timed rounds, in milliseconds.
    pub median_ms: f64,
}

/// Verifies each adversarial module (those whose name contains `filter`, if given) `rounds`
/// times with the production configuration.
pub fn run(rounds: usize, filter: Option<&str>) -> Result<Vec<Case>, VerifyError> {
    let config = VerifierConfig::production();
    let mut out = Vec::new();
    for (name, generate) in generators() {
        if filter.is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let m = generate()?;
        let bytes = m
            .to_bytes()
            .map_err(|e| VerifyError::Generator(e.to_string()))?;
        let mut times = Vec::with_capacity(rounds.max(1));
        let mut rejected = None;
        // One untimed warm-up round (first-touch page faults of the allocator).
        for round in 0..=rounds.max(1) {
            let start = Instant::now();
            let r = CompiledModule::deserialize(&bytes)
                .map_err(|e| e.to_string())
                .and_then(|m| verify_module_with_config(&config, &m).map_err(|e| e.to_string()));
            if round > 0 {
                times.push(start.elapsed().as_secs_f64() * 1e3);
            }
            rejected = r.err();
        }
        times.sort_by(f64::total_cmp);
        out.push(Case {
            name: name.to_string(),
            bytes: bytes.len(),
            rejected,
            worst_ms: times.last().copied().unwrap_or(0.0),
            median_ms: times.get(times.len() / 2).copied().unwrap_or(0.0),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adversarial_modules_build_and_serialize() {
        let all = generators();
        assert!(all.len() >= 8);
        for (name, generate) in all {
            let m = generate().unwrap_or_else(|e| panic!("{name}: {e}"));
            let bytes = m.to_bytes().unwrap_or_else(|e| panic!("{name}: {e}"));
            CompiledModule::deserialize(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}
