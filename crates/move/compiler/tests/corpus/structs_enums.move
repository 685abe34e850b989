module 0x1::shapes {
    use std::string::String;

    /// A resource with a doc comment.
    struct Account has key, store {
        /// Balance in octas.
        balance: u64,
        frozen: bool,
    }

    struct Empty {}
    struct Marker has copy, drop;
    struct Pair<T1: copy + drop, phantom T2> has copy, drop { first: T1, second: T1 }
    struct Wrapper<phantom CoinType: store, T: key + store>(u64, vector<T>) has store;
    struct Point(u64, u64) has copy, drop;
    struct Later { x: u8 } has copy, drop;
    struct Nested<T> has drop { inner: vector<vector<Option<T>>> }
    struct WithRefs has drop { f: |u64| bool has copy + drop, g: || }
    native struct Handle has copy, drop, store;
    public struct Visible has drop { x: u64 }
    public(package) struct Internal has drop { x: u64 }

    enum Color has copy, drop, store {
        Red,
        Green,
        Rgb { r: u8, g: u8, b: u8 }
        Indexed(u8),
    }

    enum Shape<T: store> {
        Circle { radius: T },
        Rect { w: T, h: T },
        #[deprecated]
        Unit
    } has store;

    enum Versioned has key {
        V1 { name: String },
        V2 { name: String, extra: u64 },
    }

    struct Option<T> has copy, drop, store { vec: vector<T> }
}
