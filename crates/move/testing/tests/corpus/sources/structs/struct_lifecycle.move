module corpus::struct_lifecycle {
    const EWRONG_OWNER: u64 = 1;

    struct Receipt { amount: u64, owner: address }

    fun issue(amount: u64, owner: address): Receipt { Receipt { amount, owner } }

    fun redeem(r: Receipt, who: address): u64 {
        let Receipt { amount, owner } = r;
        assert!(owner == who, EWRONG_OWNER);
        amount
    }

    fun split(r: Receipt, part: u64): (Receipt, Receipt) {
        let Receipt { amount, owner } = r;
        (Receipt { amount: part, owner }, Receipt { amount: amount - part, owner })
    }

    #[test]
    fun hot_potato_must_be_consumed() {
        let r = issue(100, @0xa);
        let (a, b) = split(r, 30);
        assert!(redeem(a, @0xa) == 30, 1);
        assert!(redeem(b, @0xa) == 70, 2);
    }

    #[test]
    #[expected_failure(abort_code = EWRONG_OWNER, location = Self)]
    fun wrong_owner() {
        redeem(issue(1, @0xa), @0xb);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun split_too_much() {
        let (a, b) = split(issue(5, @0xa), 6);
        redeem(a, @0xa);
        redeem(b, @0xa);
    }
}
