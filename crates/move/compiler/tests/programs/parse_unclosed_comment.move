module 0x42::parse_unclosed_comment {
    /* this comment never ends
    fun f() {}
}
