module corpus::gen_phantom_chain {
    struct Meter {}
    struct Second {}
    struct Quantity<phantom Unit> has copy, drop { v: u64 }
    struct Rate<phantom Num, phantom Den> has copy, drop { v: u64 }

    fun q<U>(v: u64): Quantity<U> { Quantity { v } }
    fun divide<N, D>(a: Quantity<N>, b: Quantity<D>): Rate<N, D> { Rate { v: a.v / b.v } }
    fun times<N, D>(r: Rate<N, D>, t: Quantity<D>): Quantity<N> { Quantity { v: r.v * t.v } }

    #[test]
    fun units_checked_by_types() {
        let speed = divide(q<Meter>(100), q<Second>(20));
        assert!(speed.v == 5, 1);
        let dist = times(speed, q<Second>(7));
        assert!(dist.v == 35, 2);
        let d2: Quantity<Meter> = dist;
        assert!(d2 == q<Meter>(35), 3);
    }
}
