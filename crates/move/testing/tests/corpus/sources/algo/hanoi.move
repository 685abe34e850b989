module corpus::hanoi {
    fun moves(n: u64, from: u8, to: u8, via: u8, log: &mut vector<vector<u8>>) {
        if (n == 0) return;
        moves(n - 1, from, via, to, log);
        log.push_back(vector[from, to]);
        moves(n - 1, via, to, from, log);
    }

    #[test]
    fun solves() {
        let log = vector[];
        moves(3, 1, 3, 2, &mut log);
        assert!(log.length() == 7, 1);
        assert!(log[0] == vector[1, 3] && log[3] == vector[1, 3] && log[6] == vector[1, 3], 2);
        assert!(log[1] == vector[1, 2], 3);
        let big = vector[];
        moves(10, 1, 3, 2, &mut big);
        assert!(big.length() == 1023, 4);
    }
}
