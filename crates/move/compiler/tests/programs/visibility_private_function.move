module 0x42::vis_a {
    fun hidden(): u64 { 1 }
}
module 0x42::visibility_private_function {
    fun f(): u64 { 0x42::vis_a::hidden() }
}
