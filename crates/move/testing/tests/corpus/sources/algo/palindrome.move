module corpus::palindrome {
    fun is_palindrome(s: &vector<u8>): bool {
        let n = s.length();
        let i = 0;
        while (i < n / 2) {
            if (s[i] != s[n - 1 - i]) return false;
            i = i + 1;
        };
        true
    }

    fun reversed(s: &vector<u8>): vector<u8> {
        let out = *s;
        out.reverse();
        out
    }

    #[test]
    fun checks() {
        assert!(is_palindrome(&b"racecar"), 1);
        assert!(is_palindrome(&b"abba"), 2);
        assert!(is_palindrome(&b""), 3);
        assert!(!is_palindrome(&b"abca"), 4);
        assert!(reversed(&b"move") == b"evom", 5);
        let s = b"level";
        assert!(reversed(&s) == s, 6);
    }
}
