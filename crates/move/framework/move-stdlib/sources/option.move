/// An optional value: either nothing (`none`) or exactly one element (`some`).
///
/// It is stored as a vector of length zero or one, which gives it the same BCS encoding as
/// Rust's `Option` (a length byte 0 or 1, then the value). Functions that need a value abort
/// with `EOPTION_NOT_SET` when there is none; functions that need the option empty abort with
/// `EOPTION_IS_SET`.
module std::option {
    use std::vector;

    /// Zero or one `Element`; `vec` never holds more than one.
    struct Option<Element> has copy, drop, store {
        vec: vector<Element>
    }

    /// The option holds a value where none was expected.
    const EOPTION_IS_SET: u64 = 0x40000;
    /// The option is empty where a value was expected.
    const EOPTION_NOT_SET: u64 = 0x40001;
    /// `from_vec` got a vector with more than one element.
    const EOPTION_VEC_TOO_LONG: u64 = 0x40002;

    /// An empty option.
    public fun none<Element>(): Option<Element> {
        Option { vec: vector::empty<Element>() }
    }

    /// An option holding `e`.
    public fun some<Element>(e: Element): Option<Element> {
        Option { vec: vector::singleton(e) }
    }

    /// An option from a vector of length 0 or 1; aborts with `EOPTION_VEC_TOO_LONG` otherwise.
    public fun from_vec<Element>(vec: vector<Element>): Option<Element> {
        assert!(vector::length(&vec) <= 1, EOPTION_VEC_TOO_LONG);
        Option { vec }
    }

    /// Whether `self` is empty.
    public fun is_none<Element>(self: &Option<Element>): bool {
        vector::is_empty(&self.vec)
    }

    /// Whether `self` holds a value.
    public fun is_some<Element>(self: &Option<Element>): bool {
        !vector::is_empty(&self.vec)
    }

    /// Whether `self` holds a value equal to `*e_ref`.
    public fun contains<Element>(self: &Option<Element>, e_ref: &Element): bool {
        vector::contains(&self.vec, e_ref)
    }

    /// A reference to the value; aborts with `EOPTION_NOT_SET` when empty.
    public fun borrow<Element>(self: &Option<Element>): &Element {
        assert!(is_some(self), EOPTION_NOT_SET);
        vector::borrow(&self.vec, 0)
    }

    /// A reference to the value, or `default_ref` when empty.
    public fun borrow_with_default<Element>(self: &Option<Element>, default_ref: &Element): &Element {
        if (is_some(self)) {
            vector::borrow(&self.vec, 0)
        } else {
            default_ref
        }
    }

    /// A copy of the value, or `default` when empty.
    public fun get_with_default<Element: copy + drop>(
        self: &Option<Element>,
        default: Element,
    ): Element {
        if (is_some(self)) {
            *vector::borrow(&self.vec, 0)
        } else {
            default
        }
    }

    /// Puts `e` into an empty option; aborts with `EOPTION_IS_SET` when it already has a value.
    public fun fill<Element>(self: &mut Option<Element>, e: Element) {
        if (is_some(self)) {
            abort EOPTION_IS_SET
        };
        vector::push_back(&mut self.vec, e);
    }

    /// Takes the value out, leaving the option empty; aborts with `EOPTION_NOT_SET` when empty.
    public fun extract<Element>(self: &mut Option<Element>): Element {
        assert!(is_some(self), EOPTION_NOT_SET);
        vector::pop_back(&mut self.vec)
    }

    /// A mutable reference to the value; aborts with `EOPTION_NOT_SET` when empty.
    public fun borrow_mut<Element>(self: &mut Option<Element>): &mut Element {
        assert!(is_some(self), EOPTION_NOT_SET);
        vector::borrow_mut(&mut self.vec, 0)
    }

    /// Replaces the value with `e` and returns the old one; aborts with `EOPTION_NOT_SET` when
    /// empty.
    public fun swap<Element>(self: &mut Option<Element>, e: Element): Element {
        assert!(is_some(self), EOPTION_NOT_SET);
        let previous = vector::pop_back(&mut self.vec);
        vector::push_back(&mut self.vec, e);
        previous
    }

    /// Stores `e` whether or not there was a value, and returns the previous content as an
    /// option.
    public fun swap_or_fill<Element>(self: &mut Option<Element>, e: Element): Option<Element> {
        let previous = if (is_some(self)) {
            some(vector::pop_back(&mut self.vec))
        } else {
            none<Element>()
        };
        vector::push_back(&mut self.vec, e);
        previous
    }

    /// The value, or `default` when empty; consumes the option.
    public fun destroy_with_default<Element: drop>(self: Option<Element>, default: Element): Element {
        let Option { vec } = self;
        if (vector::is_empty(&vec)) {
            default
        } else {
            vector::pop_back(&mut vec)
        }
    }

    /// The value, consuming the option; aborts with `EOPTION_NOT_SET` when empty.
    public fun destroy_some<Element>(self: Option<Element>): Element {
        assert!(is_some(&self), EOPTION_NOT_SET);
        let Option { vec } = self;
        let value = vector::pop_back(&mut vec);
        vector::destroy_empty(vec);
        value
    }

    /// Consumes an empty option; aborts with `EOPTION_IS_SET` when it holds a value.
    public fun destroy_none<Element>(self: Option<Element>) {
        assert!(is_none(&self), EOPTION_IS_SET);
        let Option { vec } = self;
        vector::destroy_empty(vec)
    }

    /// The underlying vector: empty, or holding the value.
    public fun to_vec<Element>(self: Option<Element>): vector<Element> {
        let Option { vec } = self;
        vec
    }

    // ---------------------------------------------------------------------------------------
    // Higher-order functions (inline)

    /// Calls `f` on the value, if any, consuming the option.
    public inline fun for_each<Element>(self: Option<Element>, f: |Element|) {
        if (is_some(&self)) {
            f(destroy_some(self))
        } else {
            destroy_none(self)
        }
    }

    /// Calls `f` on a reference to the value, if any.
    public inline fun for_each_ref<Element>(self: &Option<Element>, f: |&Element|) {
        if (is_some(self)) {
            f(borrow(self))
        }
    }

    /// Calls `f` on a mutable reference to the value, if any.
    public inline fun for_each_mut<Element>(self: &mut Option<Element>, f: |&mut Element|) {
        if (is_some(self)) {
            f(borrow_mut(self))
        }
    }

    /// `f(init, value)` when there is a value, otherwise `init`.
    public inline fun fold<Accumulator, Element>(
        self: Option<Element>,
        init: Accumulator,
        f: |Accumulator,Element|Accumulator
    ): Accumulator {
        if (is_some(&self)) {
            f(init, destroy_some(self))
        } else {
            destroy_none(self);
            init
        }
    }

    /// `some(f(value))` when there is a value, otherwise `none()`; consumes the option.
    public inline fun map<Element, OtherElement>(self: Option<Element>, f: |Element|OtherElement): Option<OtherElement> {
        if (is_some(&self)) {
            some(f(destroy_some(self)))
        } else {
            destroy_none(self);
            none()
        }
    }

    /// `some(f(&value))` when there is a value, otherwise `none()`.
    public inline fun map_ref<Element, OtherElement>(
        self: &Option<Element>, f: |&Element|OtherElement): Option<OtherElement> {
        if (is_some(self)) {
            some(f(borrow(self)))
        } else {
            none()
        }
    }

    /// `self` when it holds a value satisfying `f`, otherwise `none()`.
    public inline fun filter<Element:drop>(self: Option<Element>, f: |&Element|bool): Option<Element> {
        if (is_some(&self) && f(borrow(&self))) {
            self
        } else {
            none()
        }
    }

    /// Whether there is a value and it satisfies `p`.
    public inline fun any<Element>(self: &Option<Element>, p: |&Element|bool): bool {
        is_some(self) && p(borrow(self))
    }

    /// Consumes the option, handing the value (if any) to `d`; for types without `drop`.
    public inline fun destroy<Element>(self: Option<Element>, d: |Element|) {
        let inner = to_vec(self);
        vector::destroy(inner, |e| d(e));
    }
}
