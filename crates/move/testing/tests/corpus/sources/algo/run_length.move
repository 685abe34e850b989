module corpus::run_length {
    fun encode(s: &vector<u8>): vector<u8> {
        let out = vector[];
        let i = 0;
        let n = s.length();
        while (i < n) {
            let c = s[i];
            let run = 1u8;
            while (i + (run as u64) < n && s[i + (run as u64)] == c && run < 9) run = run + 1;
            out.push_back(48 + run);
            out.push_back(c);
            i = i + (run as u64);
        };
        out
    }

    fun decode(s: &vector<u8>): vector<u8> {
        let out = vector[];
        let i = 0;
        while (i + 1 < s.length()) {
            let k = s[i] - 48;
            while (k > 0) { out.push_back(s[i + 1]); k = k - 1; };
            i = i + 2;
        };
        out
    }

    #[test]
    fun round_trip() {
        assert!(encode(&b"aaabccdddd") == b"3a1b2c4d", 1);
        assert!(decode(&b"3a1b2c4d") == b"aaabccdddd", 2);
        assert!(encode(&b"") == b"", 3);
        let long = b"zzzzzzzzzzzz";
        assert!(encode(&long) == b"9z3z", 4);
        assert!(decode(&encode(&long)) == long, 5);
    }
}
