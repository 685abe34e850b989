module 0x42::loops {
    fun stray_break() { break }
    fun bad_label(): u64 { 'outer: loop { break 'inner }; 0 }
    fun unreachable(): u64 { return 1; 2 }
    fun while_cond() { while (5) {} }
}
