/// Comparing any two values of the same type.
///
/// `compare` orders values the way `<` orders integers, and extends that to every type:
/// `bool` has `false < true`; addresses compare as numbers; vectors and structs compare
/// lexicographically (first element or field first, a shorter vector that is a prefix of a
/// longer one is smaller); enum values compare by variant index first and then by fields.
/// (This module comes from newer Aptos releases than the rest of the library.)
module std::cmp {
    /// The result of a comparison of a first value with a second one.
    enum Ordering has copy, drop {
        /// The first value is smaller.
        Less,
        /// The values are equal.
        Equal,
        /// The first value is larger.
        Greater,
    }

    /// How `first` compares with `second`.
    native public fun compare<T>(first: &T, second: &T): Ordering;

    /// `first == second`.
    public fun is_eq(self: &Ordering): bool {
        self is Ordering::Equal
    }

    /// `first != second`.
    public fun is_ne(self: &Ordering): bool {
        !(self is Ordering::Equal)
    }

    /// `first < second`.
    public fun is_lt(self: &Ordering): bool {
        self is Ordering::Less
    }

    /// `first <= second`.
    public fun is_le(self: &Ordering): bool {
        !(self is Ordering::Greater)
    }

    /// `first > second`.
    public fun is_gt(self: &Ordering): bool {
        self is Ordering::Greater
    }

    /// `first >= second`.
    public fun is_ge(self: &Ordering): bool {
        !(self is Ordering::Less)
    }
}
