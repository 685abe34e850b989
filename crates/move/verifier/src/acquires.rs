//! Acquires list: a function declares exactly the resources of its module that it (or a
//! function of the same module it calls) borrows from or moves out of global storage.
//! Declared resources must have `key`; duplicates are caught by the duplication checker.

use std::collections::BTreeSet;

use lumio_move_binary_format::file_format::{
    Bytecode, FunctionDefinitionIndex, FunctionHandleIndex, StructDefinitionIndex,
};
use lumio_move_core_types::StatusCode;

use crate::{
    absint::FunctionContext,
    access::{self},
    error::PartialVMResult,
};

/// Verifies the `acquires` list of the function in `ctx`.
pub(crate) fn verify(
    ctx: &FunctionContext<'_>,
    defs: &std::collections::BTreeMap<FunctionHandleIndex, FunctionDefinitionIndex>,
) -> PartialVMResult<()> {
    let m = ctx.module;
    let declared: BTreeSet<StructDefinitionIndex> = ctx.acquires.iter().copied().collect();
    for sd in &declared {
        let def = access::struct_def(m, *sd)
            .map_err(|_| ctx.err(StatusCode::INVALID_ACQUIRES_ANNOTATION, 0))?;
        let handle = access::struct_handle(m, def.struct_handle)?;
        if !handle.abilities.has_key() {
            return Err(ctx.err(StatusCode::INVALID_ACQUIRES_ANNOTATION, 0));
        }
    }
    let mut actual: BTreeSet<StructDefinitionIndex> = BTreeSet::new();
    for (pc, instr) in ctx.code.iter().enumerate() {
        let pc = u16::try_from(pc).unwrap_or(u16::MAX);
        let need = |sd: StructDefinitionIndex, actual: &mut BTreeSet<StructDefinitionIndex>| {
            actual.insert(sd);
            if declared.contains(&sd) {
                Ok(())
            } else {
                Err(ctx.err(StatusCode::MISSING_ACQUIRES_ANNOTATION, pc))
            }
        };
        match instr {
            Bytecode::MutBorrowGlobal(sd)
            | Bytecode::ImmBorrowGlobal(sd)
            | Bytecode::MoveFrom(sd) => {
                need(*sd, &mut actual)?;
            }
            Bytecode::MutBorrowGlobalGeneric(si)
            | Bytecode::ImmBorrowGlobalGeneric(si)
            | Bytecode::MoveFromGeneric(si) => {
                let sd = access::struct_def_inst(m, *si)?.def;
                need(sd, &mut actual)?;
            }
            Bytecode::Call(fh) => {
                if let Some(d) = defs.get(fh) {
                    for sd in &access::function_def(m, *d)?.acquires_global_resources {
                        need(*sd, &mut actual)?;
                    }
                }
            }
            Bytecode::CallGeneric(fi) => {
                let fh = access::function_inst(m, *fi)?.handle;
                if let Some(d) = defs.get(&fh) {
                    for sd in &access::function_def(m, *d)?.acquires_global_resources {
                        need(*sd, &mut actual)?;
                    }
                }
            }
            _ => {}
        }
    }
    if declared.iter().any(|sd| !actual.contains(sd)) {
        return Err(ctx.err(StatusCode::EXTRANEOUS_ACQUIRES_ANNOTATION, 0));
    }
    Ok(())
}
