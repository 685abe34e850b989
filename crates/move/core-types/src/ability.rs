//! Abilities (`copy`, `drop`, `store`, `key`) and sets of them.
//!
//! Bit values follow the Move binary format: Copy 0x1, Drop 0x2, Store 0x4, Key 0x8.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One ability.
#[derive(Clone, Copy, Debug, Eq, Hash, PartialEq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Ability {
    /// Values may be copied.
    Copy = 0x1,
    /// Values may be dropped.
    Drop = 0x2,
    /// Values may be stored inside structs held in global storage.
    Store = 0x4,
    /// The type may be a key of global storage.
    Key = 0x8,
}

impl Ability {
    /// All abilities in bit order.
    pub const ALL: [Ability; 4] = [Ability::Copy, Ability::Drop, Ability::Store, Ability::Key];

    /// Decodes a single ability bit.
    pub fn from_u8(u: u8) -> Option<Self> {
        match u {
            0x1 => Some(Ability::Copy),
            0x2 => Some(Ability::Drop),
            0x4 => Some(Ability::Store),
            0x8 => Some(Ability::Key),
            _ => None,
        }
    }

    /// The ability every type argument (or field) must have for a generic struct to get `self`:
    /// Copy needs Copy, Drop needs Drop, Store needs Store, Key needs Store.
    pub fn requires(self) -> Ability {
        match self {
            Ability::Copy => Ability::Copy,
            Ability::Drop => Ability::Drop,
            Ability::Store | Ability::Key => Ability::Store,
        }
    }

    /// The abilities of a container that a component having `self` contributes to
    /// (inverse of [`Ability::requires`]).
    pub fn required_by(self) -> AbilitySet {
        match self {
            Ability::Copy => AbilitySet::EMPTY.add(Ability::Copy),
            Ability::Drop => AbilitySet::EMPTY.add(Ability::Drop),
            Ability::Store => AbilitySet::EMPTY.add(Ability::Store).add(Ability::Key),
            Ability::Key => AbilitySet::EMPTY,
        }
    }

    /// Source-level name (`copy`, `drop`, `store`, `key`).
    pub fn name(self) -> &'static str {
        match self {
            Ability::Copy => "copy",
            Ability::Drop => "drop",
            Ability::Store => "store",
            Ability::Key => "key",
        }
    }
}

impl fmt::Display for Ability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of abilities, stored as the bit mask used by the binary format.
#[derive(Clone, Copy, Default, Eq, Hash, PartialEq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AbilitySet(u8);

impl AbilitySet {
    /// No abilities.
    pub const EMPTY: Self = Self(0);
    /// All four abilities.
    pub const ALL: Self = Self(0xF);
    /// Abilities of primitive types (bool, integers, address): copy, drop, store.
    pub const PRIMITIVES: Self = Self(0x1 | 0x2 | 0x4);
    /// Abilities of references: copy, drop.
    pub const REFERENCES: Self = Self(0x1 | 0x2);
    /// Abilities of `signer`: drop.
    pub const SIGNER: Self = Self(0x2);
    /// Maximal abilities of `vector<T>` (actual ones depend on `T`): copy, drop, store.
    pub const VECTOR: Self = Self(0x1 | 0x2 | 0x4);
    /// Abilities every function value has at least: none.
    pub const MAXIMAL_FUNCTIONS: Self = Self(0x1 | 0x2 | 0x4);

    /// A set with one ability.
    pub const fn singleton(a: Ability) -> Self {
        Self(a as u8)
    }

    /// Decodes a bit mask; `None` if unknown bits are set.
    pub fn from_u8(byte: u8) -> Option<Self> {
        if byte & !0xF == 0 {
            Some(Self(byte))
        } else {
            None
        }
    }

    /// The bit mask.
    pub const fn into_u8(self) -> u8 {
        self.0
    }

    /// Whether `a` is in the set.
    pub const fn has_ability(self, a: Ability) -> bool {
        self.0 & (a as u8) != 0
    }

    /// Shortcut for `has_ability(Copy)`.
    pub const fn has_copy(self) -> bool {
        self.has_ability(Ability::Copy)
    }
    /// Shortcut for `has_ability(Drop)`.
    pub const fn has_drop(self) -> bool {
        self.has_ability(Ability::Drop)
    }
    /// Shortcut for `has_ability(Store)`.
    pub const fn has_store(self) -> bool {
        self.has_ability(Ability::Store)
    }
    /// Shortcut for `has_ability(Key)`.
    pub const fn has_key(self) -> bool {
        self.has_ability(Ability::Key)
    }

    /// Set plus `a`.
    #[must_use]
    pub const fn add(self, a: Ability) -> Self {
        Self(self.0 | a as u8)
    }

    /// Set minus `a`.
    #[must_use]
    pub const fn remove(self, a: Ability) -> Self {
        Self(self.0 & !(a as u8))
    }

    /// Intersection.
    #[must_use]
    pub const fn intersect(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    /// Union.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether every ability of `self` is in `other`.
    pub const fn is_subset(self, other: Self) -> bool {
        self.0 & other.0 == self.0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Iterates the abilities in bit order.
    pub fn iter(self) -> impl Iterator<Item = Ability> {
        Ability::ALL
            .into_iter()
            .filter(move |a| self.has_ability(*a))
    }

    /// Abilities of a generic struct instance: the declared abilities, restricted by the
    /// abilities of the non-phantom type arguments (`declared_phantom[i]` true = phantom).
    ///
    /// Returns `None` if the two slices differ in length.
    pub fn polymorphic_abilities(
        declared: Self,
        declared_phantom: &[bool],
        type_arguments: &[Self],
    ) -> Option<Self> {
        if declared_phantom.len() != type_arguments.len() {
            return None;
        }
        let mut abilities = declared;
        for (is_phantom, arg) in declared_phantom.iter().zip(type_arguments) {
            if *is_phantom {
                continue;
            }
            for a in declared.iter() {
                if !arg.has_ability(a.requires()) {
                    abilities = abilities.remove(a);
                }
            }
        }
        Some(abilities)
    }
}

impl FromIterator<Ability> for AbilitySet {
    fn from_iter<I: IntoIterator<Item = Ability>>(iter: I) -> Self {
        iter.into_iter().fold(Self::EMPTY, Self::add)
    }
}

impl fmt::Debug for AbilitySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AbilitySet({self})")
    }
}

impl fmt::Display for AbilitySet {
    /// Comma-separated names, e.g. `copy, drop`; empty string for the empty set.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for a in self.iter() {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            f.write_str(a.name())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_and_names() {
        let s = AbilitySet::EMPTY.add(Ability::Copy).add(Ability::Key);
        assert_eq!(s.into_u8(), 0x9);
        assert_eq!(s.to_string(), "copy, key");
        assert!(AbilitySet::from_u8(0x10).is_none());
        assert_eq!(AbilitySet::from_u8(0xF), Some(AbilitySet::ALL));
        assert!(AbilitySet::REFERENCES.is_subset(AbilitySet::PRIMITIVES));
    }

    #[test]
    fn polymorphic() {
        let declared = AbilitySet::ALL;
        // One non-phantom arg with only drop: result keeps drop only.
        let r = AbilitySet::polymorphic_abilities(declared, &[false], &[AbilitySet::SIGNER]);
        assert_eq!(r, Some(AbilitySet::SIGNER));
        // Phantom arg is ignored.
        let r = AbilitySet::polymorphic_abilities(declared, &[true], &[AbilitySet::EMPTY]);
        assert_eq!(r, Some(AbilitySet::ALL));
        // Key needs store.
        let r = AbilitySet::polymorphic_abilities(declared, &[false], &[AbilitySet::PRIMITIVES]);
        assert_eq!(r, Some(AbilitySet::ALL));
    }
}
