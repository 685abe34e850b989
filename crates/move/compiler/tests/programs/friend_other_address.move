module 0x43::friend_other_address_b {}
module 0x42::friend_other_address {
    friend 0x43::friend_other_address_b;
}
