script {
    use app::counter;

    fun bump(_account: signer, addr: address) {
        counter::double(addr);
    }
}
