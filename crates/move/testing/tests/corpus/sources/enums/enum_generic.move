module corpus::enum_generic {
    enum Result<T, E> has copy, drop {
        Ok(T),
        Err(E),
    }

    fun checked_sub(a: u64, b: u64): Result<u64, vector<u8>> {
        if (a >= b) Result::Ok(a - b) else Result::Err(b"underflow")
    }

    fun unwrap_or<T: drop, E: drop>(r: Result<T, E>, d: T): T {
        match (r) {
            Result::Ok(v) => v,
            Result::Err(_) => d,
        }
    }

    #[test]
    fun generic_variants() {
        assert!(unwrap_or(checked_sub(5, 3), 0) == 2, 1);
        assert!(unwrap_or(checked_sub(3, 5), 99) == 99, 2);
        let e = checked_sub(0, 1);
        let msg = match (e) { Result::Err(m) => m, Result::Ok(_) => b"" };
        assert!(msg == b"underflow", 3);
    }
}
