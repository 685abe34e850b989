module corpus::entry_functions {
    use std::signer;

    struct Note has key { text: vector<u8> }

    public entry fun write(s: &signer, text: vector<u8>) acquires Note {
        let a = signer::address_of(s);
        if (exists<Note>(a)) {
            borrow_global_mut<Note>(a).text = text;
        } else {
            move_to(s, Note { text });
        }
    }

    entry fun append(s: &signer, more: vector<u8>) acquires Note {
        Note[signer::address_of(s)].text.append(more);
    }

    #[view]
    public fun read(a: address): vector<u8> acquires Note { Note[a].text }

    #[test(s = @0xe1)]
    fun call_entries(s: &signer) acquires Note {
        write(s, b"hello");
        append(s, b" world");
        assert!(read(@0xe1) == b"hello world", 1);
        write(s, b"new");
        assert!(read(@0xe1) == b"new", 2);
    }
}
