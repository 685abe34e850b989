module corpus::explicit_move_copy {
    struct R has drop { v: vector<u64> }

    fun consume(r: R): u64 { r.v.length() }

    #[test]
    fun copy_and_move_keywords() {
        let a = vector[1, 2];
        let b = copy a;
        b.push_back(3);
        assert!(a.length() == 2 && b.length() == 3, 1);
        let c = move a;
        assert!(c == vector[1, 2], 2);
        let r = R { v: move b };
        assert!(consume(move r) == 3, 3);
        let x = 5;
        let y = copy x + move x;
        assert!(y == 10, 4);
    }
}
