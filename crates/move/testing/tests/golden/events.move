// Events: module (v2) events and handle (v1) events through `0x1::event`, declared here at
// 0x1 with the natives the VM binds (`write_module_event_to_store`,
// `write_to_event_store`); emission order, decoded data, handle GUID and sequence numbers
// kept in a stored handle across transactions; a failed transaction emits nothing.
//# publish
module 0x1::event {
    struct EventHandle<phantom T: drop + store> has store { counter: u64, guid: vector<u8> }

    public fun emit<T: store + drop>(msg: T) { write_module_event_to_store<T>(msg) }
    public fun new_handle<T: drop + store>(guid: vector<u8>): EventHandle<T> { EventHandle { counter: 0, guid } }
    public fun emit_event<T: drop + store>(h: &mut EventHandle<T>, msg: T) {
        write_to_event_store<T>(h.guid, h.counter, msg);
        h.counter = h.counter + 1;
    }
    native fun write_module_event_to_store<T: drop + store>(msg: T);
    native fun write_to_event_store<T: drop + store>(guid: vector<u8>, count: u64, msg: T);
}

//# publish
module 0x42::market {
    use 0x1::event;

    #[event]
    struct Sold has drop, store { item: u64, price: u128, buyer: address }
    #[event]
    enum Change has drop, store { Up { by: u64 }, Down { by: u64 } }
    struct Counter has drop, store { n: u64 }
    struct Log has key { sales: event::EventHandle<Counter> }

    public entry fun sell(buyer: &signer, item: u64, price: u128) {
        event::emit(Sold { item, price, buyer: std::signer::address_of(buyer) });
        event::emit(Change::Up { by: item });
        event::emit(Change::Down { by: 1 });
        event::emit(vector[item, item + 1]);
    }
    public entry fun sell_then_fail(buyer: &signer) {
        event::emit(Sold { item: 0, price: 0, buyer: std::signer::address_of(buyer) });
        abort 3
    }
    public entry fun open_log(s: &signer) {
        move_to(s, Log { sales: event::new_handle<Counter>(x"00000000000000000000000000000000000000000000000000000000000000420000000000000007") })
    }
    public entry fun log(s: &signer, times: u64) acquires Log {
        let log = borrow_global_mut<Log>(std::signer::address_of(s));
        for (i in 0..times) event::emit_event(&mut log.sales, Counter { n: i });
    }
}

//# run 0x42::market::sell --signers 0xb0b --args 7 1000u128

//# run 0x42::market::sell_then_fail --signers 0xb0b

//# run 0x42::market::open_log --signers 0x42

//# run 0x42::market::log --signers 0x42 --args 2

//# run 0x42::market::log --signers 0x42 --args 1
