module corpus::inline_lib {
    public inline fun sum_by<T>(v: &vector<T>, f: |&T| u64): u64 {
        let s = 0;
        let i = 0;
        while (i < v.length()) { s = s + f(&v[i]); i = i + 1 };
        s
    }

    public inline fun times(n: u64, f: |u64|) {
        let i = 0;
        while (i < n) { f(i); i = i + 1 }
    }
}

module corpus::inline_cross_module {
    use corpus::inline_lib;

    struct Order has drop { price: u64, qty: u64 }

    #[test]
    fun public_inline_from_other_module() {
        let orders = vector[Order { price: 3, qty: 2 }, Order { price: 10, qty: 1 }];
        assert!(inline_lib::sum_by(&orders, |o| o.price * o.qty) == 16, 1);
        let squares = vector[];
        inline_lib::times(4, |i| squares.push_back(i * i));
        assert!(squares == vector[0, 1, 4, 9], 2);
    }
}
