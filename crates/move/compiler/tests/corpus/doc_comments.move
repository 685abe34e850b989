/// Module documentation,
/// on two lines.
module 0x1::documented {
    /** Block doc for a struct. */
    struct Thing has drop {
        /// The first field.
        a: u64,
        /// The second field.
        b: bool,
    }

    /// Documented enum.
    enum E {
        /// First variant.
        A,
        /// Second variant.
        B { x: u64 },
    }

    /// Before the attribute.
    #[view]
    /// After the attribute.
    public fun f(): u64 { 1 }

    //// Four slashes: not a doc comment.
    /*** Three stars: not a doc comment. */
    fun g() {}

    /// A constant.
    const C: u64 = 3;

    /* Ordinary /* nested */ comment. */
    fun h() {
        /// A doc comment inside a body documents nothing; it is ignored.
        let _ = 1;
    }
}
