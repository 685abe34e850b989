module corpus::anagram {
    fun counts(s: &vector<u8>): vector<u64> {
        let c = vector[];
        for (_i in 0..256) c.push_back(0);
        s.for_each_ref(|b| c[(*b as u64)] += 1);
        c
    }

    fun is_anagram(a: &vector<u8>, b: &vector<u8>): bool { counts(a) == counts(b) }

    #[test]
    fun anagrams() {
        assert!(is_anagram(&b"listen", &b"silent"), 1);
        assert!(is_anagram(&b"", &b""), 2);
        assert!(!is_anagram(&b"aab", &b"abb"), 3);
        assert!(!is_anagram(&b"abc", &b"abcd"), 4);
    }
}
