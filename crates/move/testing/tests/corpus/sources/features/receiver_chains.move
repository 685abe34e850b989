module corpus::receiver_chains {
    struct Builder has drop { parts: vector<u8> }

    fun new(): Builder { Builder { parts: vector[] } }
    fun with(self: Builder, b: u8): Builder { let s = self; s.parts.push_back(b); s }
    fun times(self: Builder, n: u64): Builder {
        let out = new();
        let i = 0;
        while (i < n) { out.parts.append(self.parts); i = i + 1; };
        out
    }
    fun build(self: Builder): vector<u8> { self.parts }

    #[test]
    fun fluent_calls() {
        let v = new().with(1).with(2).times(3).with(9).build();
        assert!(v == vector[1, 2, 1, 2, 1, 2, 9], 1);
        assert!(new().build().is_empty(), 2);
    }

    #[test]
    fun vector_method_chains() {
        let v = vector[3, 1, 2];
        let n = v.map_ref(|x| *x * 2).filter(|x| *x > 2).length();
        assert!(n == 2, 1);
    }
}
