module 0x42::recursive_struct {
    struct Node has drop { next: vector<Node> }
}
