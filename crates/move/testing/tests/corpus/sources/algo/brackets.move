module corpus::brackets {
    fun balanced(s: &vector<u8>): bool {
        let stack = vector[];
        let i = 0;
        while (i < s.length()) {
            let c = s[i];
            if (c == 40 || c == 91 || c == 123) stack.push_back(c)
            else if (c == 41 || c == 93 || c == 125) {
                if (stack.is_empty()) return false;
                let open = stack.pop_back();
                let want = if (c == 41) 40 else if (c == 93) 91 else 123;
                if (open != want) return false;
            };
            i = i + 1;
        };
        stack.is_empty()
    }

    #[test]
    fun checks() {
        assert!(balanced(&b"([]{()})"), 1);
        assert!(balanced(&b"a(b)c"), 2);
        assert!(!balanced(&b"(]"), 3);
        assert!(!balanced(&b"(("), 4);
        assert!(!balanced(&b")("), 5);
        assert!(balanced(&b""), 6);
    }
}
