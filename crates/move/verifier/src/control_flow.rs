//! Control flow: code is non-empty, ends in an unconditional branch (no fall-through off the
//! end), the graph is reducible, and loops nest no deeper than `max_loop_depth`. Then caps the
//! number of basic blocks (all blocks, reachable or not) and back edges. Version 5 and older
//! code is held to the stricter structured-loop rules of [`crate::control_flow_v5`] instead,
//! as Aptos does.

use lumio_move_binary_format::file_format::{Bytecode, FunctionDefinitionIndex};
use lumio_move_core_types::StatusCode;

use crate::{
    cfg::{Cfg, CfgError, is_unconditional_branch},
    config::VerifierConfig,
    control_flow_v5,
    error::{PartialVMError, PartialVMResult},
};

/// Checks the code and returns its graph.
pub(crate) fn verify(
    config: &VerifierConfig,
    index: FunctionDefinitionIndex,
    code: &[Bytecode],
    is_script: bool,
    version: u32,
) -> PartialVMResult<Cfg> {
    let at = |code: StatusCode, off: u16| PartialVMError::new(code).at_code_offset(index, off);
    let Some(last) = code.last() else {
        return Err(at(StatusCode::EMPTY_CODE_UNIT, 0));
    };
    let last_off = u16::try_from(code.len() - 1).unwrap_or(u16::MAX);
    if !is_unconditional_branch(last) {
        return Err(at(StatusCode::INVALID_FALL_THROUGH, last_off));
    }
    let structured = version <= 5;
    if structured {
        control_flow_v5::verify(config, index, code)?;
    }
    let cfg = match Cfg::new(code) {
        Ok(cfg) => cfg,
        Err(CfgError::Empty) => return Err(at(StatusCode::EMPTY_CODE_UNIT, 0)),
        Err(CfgError::FallThrough) => return Err(at(StatusCode::INVALID_FALL_THROUGH, last_off)),
        Err(CfgError::BadTarget(t)) => {
            return Err(at(StatusCode::INDEX_OUT_OF_BOUNDS, t));
        }
    };
    // Structured v5 code is always reducible; the check stays as a guard for the later passes.
    if let Err((tail, _head)) = cfg.check_reducible() {
        let off = cfg.block(tail).map_or(0, |b| b.end);
        return Err(at(StatusCode::INVALID_LOOP_SPLIT, off));
    }
    if !structured
        && let Some(max) = config.max_loop_depth
        && cfg.max_loop_depth() > max
    {
        return Err(at(StatusCode::LOOP_MAX_DEPTH_REACHED, 0));
    }
    // As Aptos (`code_unit_verifier.rs`): the counts are checked after the shape. A module
    // function is held to `max_basic_blocks`, a script to `max_basic_blocks_in_script` only.
    let max_blocks = if is_script {
        config.max_basic_blocks_in_script
    } else {
        config.max_basic_blocks
    };
    if max_blocks.is_some_and(|m| cfg.num_blocks() > m) {
        return Err(at(StatusCode::TOO_MANY_BASIC_BLOCKS, 0));
    }
    if config
        .max_back_edges_per_function
        .is_some_and(|m| cfg.back_edges.len() > m)
    {
        return Err(at(StatusCode::TOO_MANY_BACK_EDGES, 0));
    }
    Ok(cfg)
}
