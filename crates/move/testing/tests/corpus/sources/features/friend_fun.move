module corpus::friend_target {
    friend corpus::friend_fun;

    friend fun secret(): u64 { 1234 }
    public(friend) fun scaled(k: u64): u64 { secret() * k }
}

module corpus::friend_fun {
    use corpus::friend_target;

    #[test]
    fun friend_declared_functions() {
        assert!(friend_target::secret() == 1234, 1);
        assert!(friend_target::scaled(2) == 2468, 2);
    }
}
