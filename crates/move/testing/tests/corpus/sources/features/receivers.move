module corpus::receivers {
    struct Counter has drop { n: u64 }

    fun new(): Counter { Counter { n: 0 } }
    fun inc(self: &mut Counter): &mut Counter { self.n = self.n + 1; self }
    fun get(self: &Counter): u64 { self.n }
    fun add(self: Counter, k: u64): Counter { Counter { n: self.n + k } }

    #[test]
    fun method_calls() {
        let c = new();
        c.inc();
        c.inc().inc();
        assert!(c.get() == 3, 1);
        let d = c.add(10).add(5);
        assert!(d.get() == 18, 2);
    }

    #[test]
    fun auto_borrow_on_value_and_ref() {
        let c = Counter { n: 4 };
        let r = &c;
        assert!(r.get() == 4 && c.get() == 4, 1);
        let m = &mut c;
        m.inc();
        assert!(m.get() == 5, 2);
    }

    #[test]
    fun receivers_on_std_types() {
        let v = vector[3, 1, 2];
        v.push_back(0);
        assert!(v.length() == 4 && v.contains(&0), 1);
        let s = std::string::utf8(b"ab");
        assert!(s.length() == 2, 2);
    }
}
