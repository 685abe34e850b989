module 0x42::friend_self {
    friend 0x42::friend_self;
}
