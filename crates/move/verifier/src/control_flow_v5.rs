//! Control flow for bytecode version 5 and below: the structured-loop rules Aptos applies to
//! old modules instead of the general reducibility check.
//!
//! A loop is the range from a back-edge target (the head) to the last back edge that targets it
//! (its "last continue"). Then:
//! - every back edge ("continue") targets the innermost open loop's head (`INVALID_LOOP_CONTINUE`);
//! - a forward jump out of the innermost loop goes exactly to the instruction after its last
//!   continue (`INVALID_LOOP_BREAK`);
//! - any other forward jump keeps the loop depth, i.e. does not enter a loop's middle
//!   (`INVALID_LOOP_SPLIT`);
//! - loops nest no deeper than `max_loop_depth` (`LOOP_MAX_DEPTH_REACHED`).
//!
//! Checked in that order, each as one pass over the code, so the first failing rule is the one
//! reported, as Aptos reports it.

use std::collections::BTreeSet;

use lumio_move_binary_format::file_format::{Bytecode, CodeOffset, FunctionDefinitionIndex};
use lumio_move_core_types::StatusCode;

use crate::{
    cfg::branch_targets,
    config::VerifierConfig,
    error::{PartialVMError, PartialVMResult},
};

/// What an instruction is, for the loop rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// A loop head; the loop ends at its last back edge.
    Loop {
        last_continue: CodeOffset,
    },
    Code,
}

/// An open loop: `(head, last_continue)`.
type OpenLoop = (CodeOffset, CodeOffset);

struct Checker<'a> {
    index: FunctionDefinitionIndex,
    code: &'a [Bytecode],
    labels: Vec<Label>,
}

fn is_back_edge(at: CodeOffset, target: CodeOffset) -> bool {
    target <= at
}

impl Checker<'_> {
    fn error(&self, code: StatusCode, at: CodeOffset) -> PartialVMError {
        PartialVMError::new(code).at_code_offset(self.index, at)
    }

    /// Walks the code keeping the stack of open loops; `check` sees the stack as it is at each
    /// instruction (loops opening there already pushed, loops closing there not yet popped).
    fn walk(
        &self,
        mut check: impl FnMut(&[OpenLoop], CodeOffset, &Bytecode) -> PartialVMResult<()>,
    ) -> PartialVMResult<()> {
        let mut open: Vec<OpenLoop> = Vec::new();
        for (i, (instr, label)) in self.code.iter().zip(&self.labels).enumerate() {
            let at = offset(i)?;
            if let Label::Loop { last_continue } = *label {
                open.push((at, last_continue));
            }
            check(&open, at, instr)?;
            if let Some(target) = branch_targets(instr)
                && is_back_edge(at, target)
            {
                // The target is a head opened at or before `at` and closed no earlier than
                // `at`, so the stack cannot be empty here.
                let &(_, last_continue) = open.last().ok_or_else(|| {
                    PartialVMError::new(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR)
                        .with_message("back edge with no open loop".to_string())
                })?;
                if at == last_continue {
                    open.pop();
                }
            }
        }
        Ok(())
    }

    /// Every back edge targets the innermost open loop.
    fn check_continues(&self) -> PartialVMResult<()> {
        self.walk(|open, at, instr| match branch_targets(instr) {
            Some(target) if is_back_edge(at, target) => match open.last() {
                Some(&(head, _)) if head == target => Ok(()),
                _ => Err(self.error(StatusCode::INVALID_LOOP_CONTINUE, at)),
            },
            _ => Ok(()),
        })
    }

    /// A forward jump past the innermost loop's end lands right after it.
    fn check_breaks(&self) -> PartialVMResult<()> {
        self.walk(
            |open, at, instr| match (branch_targets(instr), open.last()) {
                (Some(target), Some(&(_, last)))
                    if !is_back_edge(at, target)
                        && target > last
                        && u32::from(target) != u32::from(last) + 1 =>
                {
                    Err(self.error(StatusCode::INVALID_LOOP_BREAK, at))
                }
                _ => Ok(()),
            },
        )
    }

    /// Loop nesting depth at each instruction (valid once continues are checked).
    fn depths(&self) -> Vec<usize> {
        let ends: BTreeSet<CodeOffset> = self
            .labels
            .iter()
            .filter_map(|l| match l {
                Label::Loop { last_continue } => Some(*last_continue),
                Label::Code => None,
            })
            .collect();
        let mut depth = 0usize;
        let mut out = Vec::with_capacity(self.labels.len());
        for (i, label) in self.labels.iter().enumerate() {
            if matches!(label, Label::Loop { .. }) {
                depth += 1;
            }
            out.push(depth);
            if u16::try_from(i).is_ok_and(|i| ends.contains(&i)) {
                depth = depth.saturating_sub(1);
            }
        }
        out
    }

    /// A forward jump that is not a break keeps the loop depth (does not enter a loop body).
    fn check_no_loop_splits(&self, depths: &[usize]) -> PartialVMResult<()> {
        self.walk(|open, at, instr| {
            let Some(target) = branch_targets(instr) else {
                return Ok(());
            };
            let is_break = open.last().is_some_and(|&(_, last)| target > last);
            if target <= at || is_break {
                return Ok(());
            }
            let before = depths.get(usize::from(at)).copied().unwrap_or(0);
            let t = usize::from(target);
            let after = match self.labels.get(t) {
                Some(Label::Loop { .. }) => depths.get(t).copied().unwrap_or(0).saturating_sub(1),
                _ => depths.get(t).copied().unwrap_or(0),
            };
            if before == after {
                Ok(())
            } else {
                Err(self.error(StatusCode::INVALID_LOOP_SPLIT, at))
            }
        })
    }

    fn check_depth(&self, config: &VerifierConfig, depths: &[usize]) -> PartialVMResult<()> {
        let Some(max) = config.max_loop_depth else {
            return Ok(());
        };
        match depths.iter().position(|d| *d > max) {
            Some(i) => Err(self.error(StatusCode::LOOP_MAX_DEPTH_REACHED, offset(i)?)),
            None => Ok(()),
        }
    }
}

fn offset(i: usize) -> PartialVMResult<CodeOffset> {
    CodeOffset::try_from(i).map_err(|_| {
        PartialVMError::new(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR)
            .with_message("code offset beyond u16".to_string())
    })
}

/// The structured-loop checks (fall-through is checked by the caller first).
pub(crate) fn verify(
    config: &VerifierConfig,
    index: FunctionDefinitionIndex,
    code: &[Bytecode],
) -> PartialVMResult<()> {
    let mut labels = vec![Label::Code; code.len()];
    for (i, instr) in code.iter().enumerate() {
        let at = offset(i)?;
        if let Some(target) = branch_targets(instr)
            && is_back_edge(at, target)
            && let Some(label) = labels.get_mut(usize::from(target))
        {
            // Later back edges overwrite earlier ones: the loop ends at the last.
            *label = Label::Loop { last_continue: at };
        }
    }
    let checker = Checker {
        index,
        code,
        labels,
    };
    checker.check_continues()?;
    checker.check_breaks()?;
    let depths = checker.depths();
    checker.check_no_loop_splits(&depths)?;
    checker.check_depth(config, &depths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Bytecode::*;

    fn run(code: &[Bytecode], max_depth: Option<usize>) -> Result<(), StatusCode> {
        let config = VerifierConfig {
            max_loop_depth: max_depth,
            ..VerifierConfig::default()
        };
        verify(&config, FunctionDefinitionIndex(0), code).map_err(|e| e.major_status())
    }

    #[test]
    fn straight_line_and_simple_loop_pass() {
        assert_eq!(run(&[Ret], None), Ok(()));
        // while (c) {}: 0 head, 1 break to 3, 2 continue.
        assert_eq!(run(&[LdTrue, BrFalse(3), Branch(0), Ret], None), Ok(()));
    }

    #[test]
    fn continue_to_outer_loop_from_inner_is_rejected() {
        let code = [
            Nop,
            LdTrue,
            BrTrue(0), // 0 outer head, 2 jumps to outer while inner (1) is open
            LdTrue,
            BrTrue(1),
            LdTrue,
            BrTrue(0),
            Ret,
        ];
        // Labels: 0 -> loop ending at 6, 1 -> loop ending at 4.
        assert_eq!(run(&code, None), Err(StatusCode::INVALID_LOOP_CONTINUE));
    }

    #[test]
    fn break_past_loop_end_is_rejected() {
        let code = [LdTrue, BrTrue(5), LdTrue, BrTrue(0), Ret, Ret];
        assert_eq!(run(&code, None), Err(StatusCode::INVALID_LOOP_BREAK));
        let ok = [LdTrue, BrTrue(4), LdTrue, BrTrue(0), Ret];
        assert_eq!(run(&ok, None), Ok(()));
    }

    #[test]
    fn jump_into_loop_body_is_a_split() {
        let code = [LdTrue, BrTrue(3), Nop, LdTrue, BrTrue(2), Ret];
        assert_eq!(run(&code, None), Err(StatusCode::INVALID_LOOP_SPLIT));
        // Jumping to the head itself is entering the loop, not splitting it.
        let ok = [LdTrue, BrTrue(2), Nop, LdTrue, BrTrue(2), Ret];
        assert_eq!(run(&ok, None), Ok(()));
    }

    #[test]
    fn depth_limit() {
        // Three nested loops.
        let code = [
            Nop,
            Nop,
            Nop,
            LdTrue,
            BrTrue(2),
            LdTrue,
            BrTrue(1),
            LdTrue,
            BrTrue(0),
            Ret,
        ];
        assert_eq!(run(&code, Some(3)), Ok(()));
        assert_eq!(run(&code, Some(2)), Err(StatusCode::LOOP_MAX_DEPTH_REACHED));
    }
}
