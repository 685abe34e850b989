module corpus::fc_core {
    friend corpus::fc_middle;
    public(friend) fun base(): u64 { 10 }
}

module corpus::fc_middle {
    use corpus::fc_core;
    friend corpus::friend_chain;
    public(friend) fun mid(): u64 { fc_core::base() * 2 }
    public fun open(): u64 { fc_core::base() + 1 }
}

module corpus::friend_chain {
    use corpus::fc_middle;

    #[test]
    fun calls_through_friend_layers() {
        assert!(fc_middle::mid() == 20, 1);
        assert!(fc_middle::open() == 11, 2);
    }
}
