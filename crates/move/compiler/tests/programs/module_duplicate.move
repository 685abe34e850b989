module 0x42::module_duplicate {}
module 0x42::module_duplicate {}
