module 0x42::friend_unknown_module {
    friend 0x42::does_not_exist;
}
