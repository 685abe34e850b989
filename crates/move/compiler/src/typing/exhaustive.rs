//! Exhaustiveness of `match`: the classic usefulness check over a pattern matrix (one row per
//! unguarded arm). A column is split by the constructors that appear in it — the variants of
//! an enum (all of them are the signature), a struct, a tuple — and each constructor's
//! specialised matrix is checked in turn; wildcard rows take part in every constructor. The
//! match is exhaustive when no value escapes every row; otherwise a witness (a value shape no
//! arm matches) is returned for the message.

use crate::model::{Program, StructId, StructLayout};
use crate::tast::{Pattern, PatternKind};

/// A cell of the matrix: a pattern, or a wildcard introduced by specialisation.
#[derive(Clone, Copy)]
enum Cell<'a> {
    Wild,
    Pat(&'a Pattern),
}

impl<'a> Cell<'a> {
    /// The constructor at the head: `None` for a wildcard or variable.
    fn head(self) -> Option<Ctor> {
        match self {
            Cell::Wild => None,
            Cell::Pat(p) => match &p.kind {
                PatternKind::Var(_) | PatternKind::Wildcard => None,
                PatternKind::Variant(id, v, _, subs) => Some(Ctor::Variant(*id, *v, subs.len())),
                PatternKind::Struct(_, _, subs) | PatternKind::Tuple(subs) => {
                    Some(Ctor::Single(subs.len()))
                }
            },
        }
    }

    /// The sub-patterns of a constructor pattern (wildcards for a wildcard).
    fn args(self, arity: usize) -> Vec<Cell<'a>> {
        match self {
            Cell::Pat(p) => match &p.kind {
                PatternKind::Variant(_, _, _, subs)
                | PatternKind::Struct(_, _, subs)
                | PatternKind::Tuple(subs) => subs.iter().map(Cell::Pat).collect(),
                _ => vec![Cell::Wild; arity],
            },
            Cell::Wild => vec![Cell::Wild; arity],
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctor {
    Variant(StructId, u16, usize),
    Single(usize),
}

/// `None` if the arms' patterns cover every value; otherwise a witness such as
/// `Known(Inch, _)`.
pub(super) fn missing(program: &Program, rows: &[&Pattern]) -> Option<String> {
    let matrix: Vec<Vec<Cell<'_>>> = rows.iter().map(|p| vec![Cell::Pat(p)]).collect();
    uncovered(program, &matrix, 1).map(|mut w| w.remove(0))
}

/// A witness row (one text per column) not matched by any row of `matrix`, if one exists.
fn uncovered(program: &Program, matrix: &[Vec<Cell<'_>>], width: usize) -> Option<Vec<String>> {
    if width == 0 {
        return if matrix.is_empty() {
            Some(Vec::new())
        } else {
            None
        };
    }
    let heads: Vec<Ctor> = matrix.iter().filter_map(|r| r[0].head()).collect();
    let Some(first) = heads.first().copied() else {
        // Only wildcards in the first column: it matches anything; check the rest.
        let rest: Vec<Vec<Cell<'_>>> = matrix.iter().map(|r| r[1..].to_vec()).collect();
        return uncovered(program, &rest, width - 1).map(|mut w| {
            w.insert(0, "_".into());
            w
        });
    };
    // The constructors of the column's type.
    let ctors: Vec<(Ctor, String)> = match first {
        Ctor::Single(n) => vec![(Ctor::Single(n), String::new())],
        Ctor::Variant(id, _, _) => match &program.struct_decl(id).layout {
            StructLayout::Variants(vs) => vs
                .iter()
                .enumerate()
                .map(|(i, v)| (Ctor::Variant(id, i as u16, v.fields.len()), v.name.clone()))
                .collect(),
            _ => return None,
        },
    };
    for (ctor, name) in ctors {
        let arity = match ctor {
            Ctor::Variant(_, _, n) | Ctor::Single(n) => n,
        };
        let specialised: Vec<Vec<Cell<'_>>> = matrix
            .iter()
            .filter(|r| match r[0].head() {
                None => true,
                Some(h) => h == ctor,
            })
            .map(|r| {
                let mut row = r[0].args(arity);
                row.extend_from_slice(&r[1..]);
                row
            })
            .collect();
        if let Some(w) = uncovered(program, &specialised, arity + width - 1) {
            let (args, rest) = w.split_at(arity);
            let shown = if args.is_empty() {
                name
            } else {
                format!("{name}({})", args.join(", "))
            };
            let mut out = vec![shown];
            out.extend_from_slice(rest);
            return Some(out);
        }
    }
    None
}
