module corpus::struct_phantom {
    struct USD {}
    struct EUR {}
    struct Money<phantom C> has copy, drop, store { amount: u64 }

    fun make<C>(amount: u64): Money<C> { Money { amount } }
    fun add<C>(a: Money<C>, b: Money<C>): Money<C> { Money { amount: a.amount + b.amount } }

    #[test]
    fun phantom_tags_do_not_need_abilities() {
        let a = make<USD>(5);
        let b = make<USD>(7);
        assert!(add(a, b).amount == 12, 1);
        let e = make<EUR>(1);
        assert!(e.amount == 1, 2);
        // copy and drop come from Money itself, not from USD
        let c = a;
        assert!(c == a, 3);
    }
}
