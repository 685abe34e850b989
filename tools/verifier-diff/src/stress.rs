//! Limit and metering probes for the production configuration: one-function modules whose size
//! is drawn around a production bound, so both sides of each bound are hit.
//!
//! - pushes in one basic block around `max_push_size` (10,000);
//! - nested loops around `max_loop_depth` (5);
//! - basic blocks around `max_basic_blocks` (1024);
//! - reference-safety work around the meter budget (80M units): up to 250 `&mut` locals
//!   re-borrowed from one parameter, repeated, inside a loop (graph size × instructions × joins).

use lumio_move_binary_format::file_format::*;
use rand::Rng;

/// Turns a generated module into a one-function probe; returns its description.
pub(crate) fn stress(m: &mut CompiledModule, rng: &mut impl Rng) -> String {
    // Function 0 is `f0(&mut Outer, &Outer, &mut vector<u64>, &mut u64, address)`.
    m.function_handles.truncate(1);
    m.function_defs.truncate(1);
    m.function_defs[0].acquires_global_resources.clear();
    let outer_x = outer_field(m, 0);
    let mut locals = vec![];
    let (code, what) = match rng.random_range(0..4) {
        0 => {
            let n = rng.random_range(9_900..10_100);
            let mut c = vec![];
            for _ in 0..n {
                c.extend([Bytecode::LdU64(0), Bytecode::Pop]);
            }
            c.push(Bytecode::Ret);
            (c, format!("{n} pushes in one block"))
        }
        1 => {
            let d = rng.random_range(3..9);
            (nested_loops(d, &[]), format!("{d} nested loops"))
        }
        2 => {
            let k = rng.random_range(1_000..1_050);
            let mut c = vec![];
            for i in 0..k {
                c.extend([Bytecode::LdFalse, Bytecode::BrFalse(2 * i as u16 + 2)]);
            }
            c.push(Bytecode::Ret);
            (
                c,
                format!("{k} conditional branches (about {} blocks)", k + 1),
            )
        }
        _ => {
            let l = rng.random_range(20..=250usize);
            let reps = rng.random_range(1..=6);
            let mut inner = vec![];
            for _ in 0..reps {
                for i in 0..l {
                    inner.extend([
                        Bytecode::CopyLoc(0),
                        Bytecode::MutBorrowField(outer_x),
                        Bytecode::StLoc((5 + i) as u8),
                    ]);
                }
            }
            locals = vec![SignatureToken::MutableReference(Box::new(SignatureToken::U64)); l];
            let depth = rng.random_range(1..=2);
            (
                nested_loops(depth, &inner),
                format!("{l} &mut locals re-borrowed {reps}x in {depth} nested loop(s)"),
            )
        }
    };
    let locals = Signature(locals);
    let sig = match m.signatures.iter().position(|s| *s == locals) {
        Some(i) => SignatureIndex(i as u16),
        None => {
            m.signatures.push(locals);
            SignatureIndex((m.signatures.len() - 1) as u16)
        }
    };
    m.function_defs[0].code = Some(CodeUnit { locals: sig, code });
    format!("stress: {what}")
}

/// The field handle of `Outer.<field>` (struct definition 1 in every generated module).
fn outer_field(m: &CompiledModule, field: u16) -> FieldHandleIndex {
    let i = m
        .field_handles
        .iter()
        .position(|h| h.owner.0 == crate::modgen::OUTER as u16 && h.field == field)
        .expect("Outer has fields");
    FieldHandleIndex(i as u16)
}

/// `d` nested `while (true) { ... }` loops with `body` innermost, then `Ret`.
fn nested_loops(d: usize, body: &[Bytecode]) -> Vec<Bytecode> {
    // Layout: heads (LdTrue, BrFalse exit_k) for k = 0..d, body, then for k = d-1..0
    // Branch(head_k) followed by exit_k.
    let mut c = vec![];
    let mut heads = vec![];
    let mut fix = vec![];
    for _ in 0..d {
        heads.push(c.len() as u16);
        c.push(Bytecode::LdTrue);
        fix.push(c.len());
        c.push(Bytecode::BrFalse(0));
    }
    c.extend_from_slice(body);
    for k in (0..d).rev() {
        c.push(Bytecode::Branch(heads[k]));
        let exit = c.len() as u16;
        c[fix[k]] = Bytecode::BrFalse(exit);
    }
    c.push(Bytecode::Ret);
    c
}
