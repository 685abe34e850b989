// Expected (Aptos Move 2): `e.radius` selects a field that several variants share (bytecode
// `ImmBorrowVariantField` / `MutBorrowVariantField` take a list of variants); a value of a variant
// without the field fails at run time. Actual: error[M0407] "field access on enum or native
// `Body` is not supported".
module corpus::enum_field_select {
    enum Body has copy, drop {
        Circle { radius: u64 },
        Sphere { radius: u64, mass: u64 },
        Cube { side: u64 },
    }

    #[test]
    fun common_field_access() {
        let c = Body::Circle { radius: 3 };
        let s = Body::Sphere { radius: 4, mass: 10 };
        assert!(c.radius + s.radius == 7, 1);
        s.radius = 40;
        assert!(s == Body::Sphere { radius: 40, mass: 10 }, 2);
    }

    #[test]
    #[expected_failure]
    fun field_missing_in_variant_aborts() {
        let k = Body::Cube { side: 1 };
        let _ = k.radius;
    }
}
