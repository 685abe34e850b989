module corpus::string_ops {
    use std::string::{Self, String};

    fun join(parts: &vector<String>, sep: &String): String {
        let out = string::utf8(b"");
        let i = 0;
        while (i < parts.length()) {
            if (i > 0) out.append(*sep);
            out.append(parts[i]);
            i = i + 1;
        };
        out
    }

    fun split(s: &String, sep: &String): vector<String> {
        let out = vector[];
        let rest = *s;
        loop {
            let i = rest.index_of(sep);
            if (i == rest.length()) { out.push_back(rest); break };
            out.push_back(rest.sub_string(0, i));
            rest = rest.sub_string(i + sep.length(), rest.length());
        };
        out
    }

    #[test]
    fun join_and_split() {
        let parts = vector[string::utf8(b"a"), string::utf8(b"bc"), string::utf8(b"")];
        let j = join(&parts, &string::utf8(b", "));
        assert!(j == string::utf8(b"a, bc, "), 1);
        let back = split(&j, &string::utf8(b", "));
        assert!(back == parts, 2);
        assert!(split(&string::utf8(b"x"), &string::utf8(b";")).length() == 1, 3);
    }

    #[test]
    fun insert_multibyte() {
        let s = string::utf8(b"ac");
        s.insert(1, string::utf8(x"e282ac"));
        assert!(*s.bytes() == x"61e282ac63", 1);
        assert!(s.length() == 5, 2);
        assert!(s.index_of(&string::utf8(b"c")) == 4, 3);
    }
}
