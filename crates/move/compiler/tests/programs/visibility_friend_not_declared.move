module 0x42::vis_f {
    public(friend) fun only_friends(): u64 { 1 }
}
module 0x42::visibility_friend_not_declared {
    fun f(): u64 { 0x42::vis_f::only_friends() }
}
