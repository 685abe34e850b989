script {
    fun main() {}
    fun other() {}
}
