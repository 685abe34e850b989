//! Value depth of types, as Aptos bounds it (`max_value_nest_depth`, 128): a scalar or signer
//! is 1 deep, a vector or reference one more than its element, a struct or enum one more than
//! its deepest field. The interpreter checks the type of every value it packs (structs, enum
//! variants, vector elements), so no value deeper than the limit is ever built, and the
//! recursive walks over values (copy, equality, serialization) stay shallow.
//!
//! A struct's depth depends on its type arguments: each definition gets a [`DepthFormula`]
//! (computed once, cached in its [`StructInfo`](super::StructInfo)) that a use solves with the
//! depths of the arguments.

use lumio_move_core_types::StatusCode;

use super::{Loader, ModuleStorage, StructInfo, StructLayout};
use crate::{
    errors::{PartialVMError, PartialVMResult, invariant},
    types::Type,
    values::MAX_VALUE_DEPTH,
};

/// `depth = max(constant, depth(T_i) + offset_i for every term (i, offset_i))`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DepthFormula {
    constant: u64,
    /// Type parameter index and offset; at most one term per parameter.
    terms: Vec<(u16, u64)>,
}

impl DepthFormula {
    fn constant(c: u64) -> Self {
        DepthFormula {
            constant: c,
            terms: vec![],
        }
    }

    fn param(i: u16) -> Self {
        DepthFormula {
            constant: 0,
            terms: vec![(i, 0)],
        }
    }

    /// One level down: every depth grows by `n`.
    fn shift(mut self, n: u64) -> Self {
        if self.constant > 0 || self.terms.is_empty() {
            self.constant = self.constant.saturating_add(n);
        }
        for t in &mut self.terms {
            t.1 = t.1.saturating_add(n);
        }
        self
    }

    /// The larger of the two, term by term.
    fn merge(&mut self, other: DepthFormula) {
        self.constant = self.constant.max(other.constant);
        for (i, off) in other.terms {
            match self.terms.iter_mut().find(|t| t.0 == i) {
                Some(t) => t.1 = t.1.max(off),
                None => self.terms.push((i, off)),
            }
        }
    }
}

fn too_deep() -> PartialVMError {
    PartialVMError::new(StatusCode::VM_MAX_VALUE_DEPTH_REACHED)
        .with_message(format!("value deeper than {MAX_VALUE_DEPTH}"))
}

impl Loader {
    /// The depth of a value of the closed type `ty`; `VM_MAX_VALUE_DEPTH_REACHED` when it is
    /// above [`MAX_VALUE_DEPTH`].
    pub(crate) fn check_depth(
        &self,
        ty: &Type,
        storage: &dyn ModuleStorage,
    ) -> PartialVMResult<u64> {
        let d = match ty {
            Type::Bool
            | Type::U8
            | Type::U16
            | Type::U32
            | Type::U64
            | Type::U128
            | Type::U256
            | Type::Address
            | Type::Signer => 1,
            Type::Vector(t) | Type::Reference(t) | Type::MutableReference(t) => {
                self.check_depth(t, storage)?.saturating_add(1)
            }
            Type::Struct(name, args) => {
                let info = self.struct_info(name, storage)?;
                return self.check_struct_depth(&info, args, storage);
            }
            Type::TyParam(_) => return Err(invariant("depth of an open type")),
        };
        if d > MAX_VALUE_DEPTH {
            return Err(too_deep());
        }
        Ok(d)
    }

    /// [`check_depth`](Self::check_depth) of the struct `info` with type arguments `args`.
    pub(crate) fn check_struct_depth(
        &self,
        info: &StructInfo,
        args: &[Type],
        storage: &dyn ModuleStorage,
    ) -> PartialVMResult<u64> {
        self.check_struct_depth_in(info, args, &[], storage)
    }

    /// [`check_struct_depth`](Self::check_struct_depth) with type arguments `args` that may
    /// mention the type parameters `outer` stands for (the running frame's type arguments):
    /// no substituted types are built, which keeps `PackGeneric` cheap.
    pub(crate) fn check_struct_depth_in(
        &self,
        info: &StructInfo,
        args: &[Type],
        outer: &[Type],
        storage: &dyn ModuleStorage,
    ) -> PartialVMResult<u64> {
        let f = self.struct_depth(info, storage, 0)?;
        let mut d = f.constant;
        for (i, off) in &f.terms {
            let arg = args
                .get(usize::from(*i))
                .ok_or_else(|| invariant("type argument out of range"))?;
            d = d.max(
                self.check_depth_in(arg, outer, storage)?
                    .saturating_add(*off),
            );
        }
        if d > MAX_VALUE_DEPTH {
            return Err(too_deep());
        }
        Ok(d)
    }

    /// The depth of `ty` with its type parameters standing for `outer`.
    pub(crate) fn check_depth_in(
        &self,
        ty: &Type,
        outer: &[Type],
        storage: &dyn ModuleStorage,
    ) -> PartialVMResult<u64> {
        let d = match ty {
            Type::TyParam(i) => {
                let t = outer
                    .get(usize::from(*i))
                    .ok_or_else(|| invariant("type parameter out of range"))?;
                return self.check_depth(t, storage);
            }
            Type::Vector(t) | Type::Reference(t) | Type::MutableReference(t) => {
                self.check_depth_in(t, outer, storage)?.saturating_add(1)
            }
            Type::Struct(name, args) => {
                let info = self.struct_info(name, storage)?;
                return self.check_struct_depth_in(&info, args, outer, storage);
            }
            _ => 1,
        };
        if d > MAX_VALUE_DEPTH {
            return Err(too_deep());
        }
        Ok(d)
    }

    /// The formula of a struct definition. `nesting` counts the levels above (each adds at
    /// least one to the depth): a definition chain deeper than the limit fails early, which
    /// also bounds the recursion on hostile modules.
    fn struct_depth<'i>(
        &self,
        info: &'i StructInfo,
        storage: &dyn ModuleStorage,
        nesting: u64,
    ) -> PartialVMResult<&'i DepthFormula> {
        if let Some(f) = info.depth.get() {
            return Ok(f);
        }
        if nesting > MAX_VALUE_DEPTH {
            return Err(too_deep());
        }
        let mut f = DepthFormula::default();
        let fields: Vec<&Type> = match &info.layout {
            StructLayout::Fields(ts) => ts.iter().collect(),
            StructLayout::Variants(vs) => vs.iter().flat_map(|(_, ts)| ts.iter()).collect(),
        };
        for t in fields {
            f.merge(self.formula_of(t, storage, nesting + 1)?);
        }
        let f = f.shift(1);
        if f.constant > MAX_VALUE_DEPTH || f.terms.iter().any(|t| t.1 >= MAX_VALUE_DEPTH) {
            return Err(too_deep());
        }
        Ok(info.depth.get_or_init(|| f))
    }

    /// The formula of a field type (type parameters of the enclosing definition open).
    fn formula_of(
        &self,
        ty: &Type,
        storage: &dyn ModuleStorage,
        nesting: u64,
    ) -> PartialVMResult<DepthFormula> {
        if nesting > MAX_VALUE_DEPTH {
            return Err(too_deep());
        }
        Ok(match ty {
            Type::Bool
            | Type::U8
            | Type::U16
            | Type::U32
            | Type::U64
            | Type::U128
            | Type::U256
            | Type::Address
            | Type::Signer => DepthFormula::constant(1),
            Type::Vector(t) | Type::Reference(t) | Type::MutableReference(t) => {
                self.formula_of(t, storage, nesting + 1)?.shift(1)
            }
            Type::TyParam(i) => DepthFormula::param(*i),
            Type::Struct(name, args) => {
                let info = self.struct_info(name, storage)?;
                let inner = self.struct_depth(&info, storage, nesting)?;
                let mut f = DepthFormula::constant(inner.constant);
                for &(i, off) in &inner.terms {
                    let arg = args
                        .get(usize::from(i))
                        .ok_or_else(|| invariant("type argument out of range"))?;
                    f.merge(self.formula_of(arg, storage, nesting + 1)?.shift(off));
                }
                f
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::DepthFormula;

    #[test]
    fn formulas() {
        // struct S<T> { a: u64, b: vector<T> }: max(1, T + 1) + 1
        let mut f = DepthFormula::constant(1);
        f.merge(DepthFormula::param(0).shift(1));
        let f = f.shift(1);
        assert_eq!(f.constant, 2);
        assert_eq!(f.terms, vec![(0, 2)]);
        // struct W<T> { x: T }: T + 1, no constant part.
        let w = DepthFormula::param(0).shift(1);
        assert_eq!(w.constant, 0);
        assert_eq!(w.terms, vec![(0, 1)]);
        // A struct without fields is 1 deep.
        assert_eq!(DepthFormula::default().shift(1).constant, 1);
    }
}
