module 0x42::callee {
    struct S has drop { v: u64 }
    fun private_fun(): u64 { 1 }
    public(friend) fun friend_fun(): u64 { 2 }
    public fun make(): S { S { v: 3 } }
}
module 0x42::caller {
    use 0x42::callee;
    fun a(): u64 { callee::private_fun() }
    fun b(): u64 { callee::friend_fun() }
    fun c(): u64 { let s = callee::make(); s.v }
    fun d(): callee::S { callee::S { v: 1 } }
}
