module 0x1:: {
    fun f() {}
}

module 0x1::fine {
    fun g() {}
}

script {
    fun main() { let }
}

module 0x1::also_reported {
    fun h() { 1 + }
}
