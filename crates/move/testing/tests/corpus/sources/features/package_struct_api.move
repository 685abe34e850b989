module corpus::psa_types {
    struct Meter has copy, drop { value: u64 }
    public(package) fun new(value: u64): Meter { Meter { value } }
    public(package) fun value(self: &Meter): u64 { self.value }
    public(package) fun add(self: &mut Meter, k: u64) { self.value = self.value + k }
}

module corpus::package_struct_api {
    use corpus::psa_types;

    #[test]
    fun package_receivers() {
        let m = psa_types::new(1);
        m.add(2);
        m.add(3);
        assert!(m.value() == 6, 1);
    }
}
