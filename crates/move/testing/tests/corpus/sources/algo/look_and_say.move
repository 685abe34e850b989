module corpus::look_and_say {
    fun next(s: &vector<u8>): vector<u8> {
        let out = vector[];
        let i = 0;
        while (i < s.length()) {
            let c = s[i];
            let run = 0u8;
            while (i < s.length() && s[i] == c) { run = run + 1; i = i + 1; };
            out.push_back(48 + run);
            out.push_back(c);
        };
        out
    }

    #[test]
    fun sequence() {
        let s = b"1";
        let terms = vector[s];
        for (_i in 0..5) { s = next(&s); terms.push_back(s); };
        assert!(terms[1] == b"11" && terms[2] == b"21" && terms[3] == b"1211", 1);
        assert!(terms[4] == b"111221" && terms[5] == b"312211", 2);
    }
}
