module corpus::struct_option_fields {
    use std::option::{Self, Option};
    use std::string::{Self, String};

    struct Profile has drop { name: String, age: Option<u8>, friends: vector<address> }

    fun describe(p: &Profile): u64 {
        p.name.length() + (if (p.age.is_some()) (*p.age.borrow() as u64) else 0) + p.friends.length()
    }

    // Without parentheses the `else` branch extends to the end: `else (0 + friends)`.
    fun describe_greedy(p: &Profile): u64 {
        p.name.length() + if (p.age.is_some()) (*p.age.borrow() as u64) else 0 + p.friends.length()
    }

    #[test]
    fun optional_fields() {
        let p = Profile { name: string::utf8(b"ann"), age: option::none(), friends: vector[@0x1] };
        assert!(describe(&p) == 4 && describe_greedy(&p) == 4, 1);
        p.age.fill(40);
        assert!(describe(&p) == 44 && describe_greedy(&p) == 43, 2);
        *p.age.borrow_mut() = 41;
        p.friends.push_back(@0x2);
        assert!(*p.age.borrow() == 41 && p.friends.length() == 2, 3);
    }
}
