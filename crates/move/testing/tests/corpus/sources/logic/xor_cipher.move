module corpus::xor_cipher {
    fun apply(data: &vector<u8>, key: &vector<u8>): vector<u8> {
        let out = vector[];
        let i = 0;
        while (i < data.length()) {
            out.push_back(data[i] ^ key[i % key.length()]);
            i = i + 1;
        };
        out
    }

    #[test]
    fun round_trip_and_known_output() {
        let key = b"K";
        let enc = apply(&b"AB", &key);
        assert!(enc == vector[0x0a, 0x09], 1);
        assert!(apply(&enc, &key) == b"AB", 2);
        let long_key = x"ff00";
        assert!(apply(&x"0f0f0f", &long_key) == x"f00ff0", 3);
    }
}
