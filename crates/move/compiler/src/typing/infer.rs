//! Inference variables and unification.
//!
//! A variable is bound at most once (union by binding); integer-literal variables only accept
//! integer types and default to `u64`; the type of a diverging expression (`return`, `abort`,
//! `break`, a `loop` without `break`) is a "bottom" variable that unifies with anything and
//! defaults to `()`. Any other variable left unbound is an error ("cannot infer").

use crate::model::Type;
use crate::source::Span;

/// What a variable may become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum VarKind {
    /// Any type.
    Any,
    /// An integer type (from an unsuffixed literal).
    Int,
    /// The type of a diverging expression.
    Bottom,
}

#[derive(Clone, Debug)]
struct VarState {
    kind: VarKind,
    binding: Option<Type>,
    span: Span,
}

/// The variables of one body.
#[derive(Debug, Default)]
pub(super) struct Infer {
    vars: Vec<VarState>,
}

impl Infer {
    /// A new variable.
    pub(super) fn fresh(&mut self, kind: VarKind, span: Span) -> Type {
        self.vars.push(VarState {
            kind,
            binding: None,
            span,
        });
        Type::Var(self.vars.len() as u32 - 1)
    }

    /// Follows bindings at the top of `t`.
    pub(super) fn shallow(&self, t: &Type) -> Type {
        let mut t = t.clone();
        while let Type::Var(v) = t {
            match &self.vars[v as usize].binding {
                Some(b) => t = b.clone(),
                None => return t,
            }
        }
        t
    }

    /// Follows bindings everywhere in `t` (unbound variables stay).
    pub(super) fn resolve(&self, t: &Type) -> Type {
        match self.shallow(t) {
            Type::Vector(e) => Type::Vector(Box::new(self.resolve(&e))),
            Type::Struct(s, ts) => Type::Struct(s, ts.iter().map(|t| self.resolve(t)).collect()),
            Type::Ref(m, e) => Type::Ref(m, Box::new(self.resolve(&e))),
            Type::Tuple(ts) => Type::Tuple(ts.iter().map(|t| self.resolve(t)).collect()),
            Type::Fun(ps, r, a) => Type::Fun(
                ps.iter().map(|t| self.resolve(t)).collect(),
                Box::new(self.resolve(&r)),
                a,
            ),
            t => t,
        }
    }

    /// The kind of an unbound variable.
    pub(super) fn kind(&self, v: u32) -> VarKind {
        self.vars[v as usize].kind
    }

    fn occurs(&self, v: u32, t: &Type) -> bool {
        match self.shallow(t) {
            Type::Var(w) => v == w,
            Type::Vector(e) | Type::Ref(_, e) => self.occurs(v, &e),
            Type::Struct(_, ts) | Type::Tuple(ts) => ts.iter().any(|t| self.occurs(v, t)),
            Type::Fun(ps, r, _) => ps.iter().any(|t| self.occurs(v, t)) || self.occurs(v, &r),
            _ => false,
        }
    }

    fn bind(&mut self, v: u32, t: Type) -> bool {
        if let Type::Var(w) = t {
            if v == w {
                return true;
            }
            // Merge kinds: the stricter one wins (Int over Any over Bottom).
            let (kv, kw) = (self.kind(v), self.kind(w));
            let kind = match (kv, kw) {
                (VarKind::Int, _) | (_, VarKind::Int) => VarKind::Int,
                (VarKind::Any, _) | (_, VarKind::Any) => VarKind::Any,
                _ => VarKind::Bottom,
            };
            self.vars[w as usize].kind = kind;
            self.vars[v as usize].binding = Some(Type::Var(w));
            return true;
        }
        if self.kind(v) == VarKind::Int && !t.is_integer() && t != Type::Error {
            return false;
        }
        if self.occurs(v, &t) {
            return false;
        }
        self.vars[v as usize].binding = Some(t);
        true
    }

    /// Makes `a` and `b` equal; `false` when they cannot be.
    pub(super) fn unify(&mut self, a: &Type, b: &Type) -> bool {
        let (a, b) = (self.shallow(a), self.shallow(b));
        match (&a, &b) {
            (Type::Error, _) | (_, Type::Error) => true,
            (Type::Var(v), _) => self.bind(*v, b.clone()),
            (_, Type::Var(w)) => self.bind(*w, a.clone()),
            (Type::Vector(x), Type::Vector(y)) => self.unify(x, y),
            (Type::Ref(m1, x), Type::Ref(m2, y)) => m1 == m2 && self.unify(x, y),
            (Type::Struct(s1, xs), Type::Struct(s2, ys)) => {
                s1 == s2 && xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| self.unify(x, y))
            }
            (Type::Tuple(xs), Type::Tuple(ys)) => {
                xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| self.unify(x, y))
            }
            (Type::Fun(p1, r1, _), Type::Fun(p2, r2, _)) => {
                p1.len() == p2.len()
                    && p1.iter().zip(p2).all(|(x, y)| self.unify(x, y))
                    && self.unify(r1, r2)
            }
            _ => a == b,
        }
    }

    /// The final type: variables replaced by their binding or default. Returns the unbound
    /// `Any` variables met (each reported once by the caller) through `unsolved`.
    pub(super) fn finish(&self, t: &Type, unsolved: &mut Vec<(u32, Span)>) -> Type {
        match self.shallow(t) {
            Type::Var(v) => match self.kind(v) {
                VarKind::Int => Type::U64,
                VarKind::Bottom => Type::unit(),
                VarKind::Any => {
                    if !unsolved.iter().any(|(w, _)| *w == v) {
                        unsolved.push((v, self.vars[v as usize].span));
                    }
                    Type::Error
                }
            },
            Type::Vector(e) => Type::Vector(Box::new(self.finish(&e, unsolved))),
            Type::Struct(s, ts) => {
                Type::Struct(s, ts.iter().map(|t| self.finish(t, unsolved)).collect())
            }
            Type::Ref(m, e) => Type::Ref(m, Box::new(self.finish(&e, unsolved))),
            Type::Tuple(ts) => Type::Tuple(ts.iter().map(|t| self.finish(t, unsolved)).collect()),
            Type::Fun(ps, r, a) => Type::Fun(
                ps.iter().map(|t| self.finish(t, unsolved)).collect(),
                Box::new(self.finish(&r, unsolved)),
                a,
            ),
            t => t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn span() -> Span {
        Span {
            file: FileId(0),
            start: 0,
            end: 0,
        }
    }

    #[test]
    fn integer_variables_take_integers_only_and_default_to_u64() {
        let mut inf = Infer::default();
        let v = inf.fresh(VarKind::Int, span());
        assert!(!inf.unify(&v, &Type::Bool));
        assert!(inf.unify(&v, &Type::U8));
        assert_eq!(inf.resolve(&v), Type::U8);
        let w = inf.fresh(VarKind::Int, span());
        let mut unsolved = Vec::new();
        assert_eq!(inf.finish(&w, &mut unsolved), Type::U64);
        assert!(unsolved.is_empty());
    }

    #[test]
    fn bottom_unifies_with_anything_and_defaults_to_unit() {
        let mut inf = Infer::default();
        let b = inf.fresh(VarKind::Bottom, span());
        let a = inf.fresh(VarKind::Any, span());
        assert!(inf.unify(&b, &a));
        let mut unsolved = Vec::new();
        assert_eq!(inf.finish(&b, &mut unsolved), Type::Error);
        assert_eq!(unsolved.len(), 1, "merged into an Any variable");
        let mut inf = Infer::default();
        let b = inf.fresh(VarKind::Bottom, span());
        assert_eq!(inf.finish(&b, &mut Vec::new()), Type::unit());
    }

    #[test]
    fn occurs_check_rejects_infinite_types() {
        let mut inf = Infer::default();
        let v = inf.fresh(VarKind::Any, span());
        assert!(!inf.unify(&v, &Type::Vector(Box::new(v.clone()))));
    }
}
