module corpus::string_storage {
    use std::string::{Self, String};
    use std::signer;

    struct Bio has key { text: String }

    fun set(s: &signer, t: vector<u8>) acquires Bio {
        let a = signer::address_of(s);
        if (exists<Bio>(a)) Bio[a].text = string::utf8(t) else move_to(s, Bio { text: string::utf8(t) });
    }

    fun append(a: address, t: vector<u8>) acquires Bio { Bio[a].text.append_utf8(t) }

    #[test(s = @0x61)]
    fun strings_in_resources(s: &signer) acquires Bio {
        set(s, b"hi");
        append(@0x61, b" there");
        assert!(Bio[@0x61].text == string::utf8(b"hi there"), 1);
        set(s, b"reset");
        assert!(Bio[@0x61].text.length() == 5, 2);
    }

    #[test(s = @0x61)]
    #[expected_failure(abort_code = 1, location = std::string)]
    fun invalid_utf8_into_storage(s: &signer) acquires Bio {
        set(s, x"c0");
    }
}
