module corpus::specs_ignored {
    struct Account has drop { balance: u64 }

    fun withdraw(a: &mut Account, amount: u64) {
        assert!(a.balance >= amount, 1);
        a.balance = a.balance - amount;
    }
    spec withdraw {
        aborts_if a.balance < amount;
        ensures a.balance == old(a.balance) - amount;
    }

    spec module {
        pragma verify = false;
    }

    spec schema NonNegative {
        a: Account;
        invariant a.balance >= 0;
    }

    spec fun double(x: u64): u64 { x * 2 }

    #[test]
    fun specs_compile_away() {
        let a = Account { balance: 10 };
        withdraw(&mut a, 4);
        assert!(a.balance == 6, 1);
    }

    #[test]
    #[expected_failure(abort_code = 1, location = Self)]
    fun overdraw() {
        let a = Account { balance: 1 };
        withdraw(&mut a, 2);
    }
}
