//! ABI summary against the ABI published next to the bytecode in aptos-core
//! `api/goldens/aptos_api__tests__accounts_test__test_get_module_with_script_functions.json`
//! (module `0x1::ACL`, bytecode v5; that golden predates `is_entry`/`is_view`).

use lumio_move_binary_format::{CompiledModule, abi::module_abi};

use crate::fixtures::fixture_dir;

#[test]
fn acl_abi_matches_aptos_golden() {
    let bytes = std::fs::read(fixture_dir().join("acl_v5.mv")).unwrap();
    let abi = module_abi(&CompiledModule::deserialize(&bytes).unwrap());
    assert_eq!(abi.address, "0x1");
    assert_eq!(abi.name, "ACL");
    assert!(abi.friends.is_empty());
    let got: Vec<_> = abi
        .exposed_functions
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                f.visibility.as_str(),
                f.params.clone(),
                f.return_.clone(),
            )
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        vec![
            (
                "add",
                "public",
                s(&["&mut 0x1::ACL::ACL", "address"]),
                s(&[])
            ),
            (
                "assert_contains",
                "public",
                s(&["&0x1::ACL::ACL", "address"]),
                s(&[])
            ),
            (
                "contains",
                "public",
                s(&["&0x1::ACL::ACL", "address"]),
                s(&["bool"])
            ),
            ("empty", "public", s(&[]), s(&["0x1::ACL::ACL"])),
            (
                "remove",
                "public",
                s(&["&mut 0x1::ACL::ACL", "address"]),
                s(&[])
            ),
        ]
    );
    assert_eq!(abi.structs.len(), 1);
    let st = &abi.structs[0];
    assert_eq!(st.name, "ACL");
    assert!(!st.is_native);
    assert_eq!(st.abilities, s(&["copy", "drop", "store"]));
    assert_eq!(st.fields.len(), 1);
    assert_eq!(
        (st.fields[0].name.as_str(), st.fields[0].type_.as_str()),
        ("list", "vector<address>")
    );
}

#[test]
fn bcs_abi_matches_aptos_golden() {
    let bytes = std::fs::read(fixture_dir().join("bcs_v5.mv")).unwrap();
    let abi = module_abi(&CompiledModule::deserialize(&bytes).unwrap());
    assert_eq!(abi.name, "BCS");
    assert_eq!(abi.exposed_functions.len(), 1);
    let f = &abi.exposed_functions[0];
    assert_eq!(f.name, "to_bytes");
    assert_eq!(f.generic_type_params.len(), 1);
    assert!(f.generic_type_params[0].constraints.is_empty());
    assert_eq!(f.params, vec!["&T0".to_string()]);
    assert_eq!(f.return_, vec!["vector<u8>".to_string()]);
}

/// `todo_list` (v6, with `aptos::metadata_v1` view attributes): the ABI the Aptos testnet API
/// returned for it (captured in a public ts-sdk example next to the bytecode).
#[test]
fn todo_list_abi_matches_aptos_api() {
    let bytes = std::fs::read(fixture_dir().join("todo_list_v6.mv")).unwrap();
    let abi = module_abi(&CompiledModule::deserialize(&bytes).unwrap());
    assert_eq!(
        abi.address,
        "0xcb3303e6b96a1a666347bd06e27d24cc0cb09e204fedb6223a7bc9091dc49022"
    );
    assert_eq!(abi.name, "todo_list");
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let expected = vec![
        (
            "complete_todo",
            true,
            false,
            s(&["&signer", "u64", "u64"]),
            s(&[]),
        ),
        (
            "create_todo",
            true,
            false,
            s(&["&signer", "u64", "0x1::string::String"]),
            s(&[]),
        ),
        ("create_todo_list", true, false, s(&["&signer"]), s(&[])),
        (
            "get_todo",
            false,
            true,
            s(&["address", "u64", "u64"]),
            s(&["0x1::string::String", "bool"]),
        ),
        (
            "get_todo_list",
            false,
            true,
            s(&["address", "u64"]),
            s(&["address", "u64"]),
        ),
        (
            "get_todo_list_by_todo_list_obj_addr",
            false,
            true,
            s(&["address"]),
            s(&["address", "u64"]),
        ),
        (
            "get_todo_list_counter",
            false,
            true,
            s(&["address"]),
            s(&["u64"]),
        ),
        (
            "get_todo_list_obj_addr",
            false,
            true,
            s(&["address", "u64"]),
            s(&["address"]),
        ),
        (
            "has_todo_list",
            false,
            true,
            s(&["address", "u64"]),
            s(&["bool"]),
        ),
    ];
    let got: Vec<_> = abi
        .exposed_functions
        .iter()
        .map(|f| {
            assert_eq!(f.visibility, "public", "{}", f.name);
            assert!(f.generic_type_params.is_empty());
            (
                f.name.as_str(),
                f.is_entry,
                f.is_view,
                f.params.clone(),
                f.return_.clone(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    let structs: Vec<_> = abi
        .structs
        .iter()
        .map(|st| {
            let fields: Vec<_> = st
                .fields
                .iter()
                .map(|f| (f.name.clone(), f.type_.clone()))
                .collect();
            (st.name.as_str(), st.abilities.clone(), fields)
        })
        .collect();
    let f = |n: &str, t: &str| (n.to_string(), t.to_string());
    assert_eq!(
        structs,
        vec![
            (
                "Todo",
                s(&["copy", "drop", "store"]),
                vec![f("content", "0x1::string::String"), f("completed", "bool")]
            ),
            (
                "TodoList",
                s(&["key"]),
                vec![
                    f("owner", "address"),
                    f(
                        "todos",
                        "vector<0xcb3303e6b96a1a666347bd06e27d24cc0cb09e204fedb6223a7bc9091dc49022::todo_list::Todo>"
                    ),
                ]
            ),
            (
                "UserTodoListCounter",
                s(&["key"]),
                vec![f("counter", "u64")]
            ),
        ]
    );
}

#[test]
fn metadata_of_real_modules() {
    use lumio_move_binary_format::metadata::{get_compilation_metadata, get_metadata_v1};
    let bytes = std::fs::read(fixture_dir().join("todo_list_v6.mv")).unwrap();
    let m = CompiledModule::deserialize(&bytes).unwrap();
    let md = get_metadata_v1(&m.metadata).unwrap().unwrap();
    assert_eq!(
        md.error_map.get(&1).unwrap().code_name,
        "E_TODO_LIST_DOSE_NOT_EXIST"
    );
    assert!(md.is_view("get_todo"));
    let bytes = std::fs::read(fixture_dir().join("mcms_user_v7.mv")).unwrap();
    let m = CompiledModule::deserialize(&bytes).unwrap();
    let cm = get_compilation_metadata(&m.metadata).unwrap().unwrap();
    assert_eq!(
        (cm.compiler_version.as_str(), cm.language_version.as_str()),
        ("2.0", "2.1")
    );
    let md = get_metadata_v1(&m.metadata).unwrap().unwrap();
    assert_eq!(md.error_map.get(&1).unwrap().code_name, "EUNKNOWN_FUNCTION");
}

/// `0x1::event` compiled to bytecode v8, and the ABI the op-move (UmiNetwork) node returns for
/// it in its tests (Aptos API shape, incl. `is_enum`), function order = definition order.
#[test]
fn event_v8_abi_matches_published_abi() {
    let bytes = std::fs::read(fixture_dir().join("event_v8.mv")).unwrap();
    let m = CompiledModule::deserialize(&bytes).unwrap();
    assert_eq!(m.version, 8);
    let abi = module_abi(&m);
    let mut json = serde_json::to_value(&abi).unwrap();
    assert_eq!(
        json.as_object_mut().unwrap().remove("version"),
        Some(serde_json::json!(8))
    );
    let ds = || serde_json::json!([{"constraints": ["drop", "store"]}]);
    let f = |name: &str, vis: &str, params: serde_json::Value, ret: serde_json::Value| {
        serde_json::json!({"name": name, "visibility": vis, "is_entry": false, "is_view": false,
            "generic_type_params": ds(), "params": params, "return": ret})
    };
    let expected = serde_json::json!({
        "address": "0x1",
        "name": "event",
        "friends": ["0x1::account", "0x1::object"],
        "exposed_functions": [
            f("guid", "public", serde_json::json!(["&0x1::event::EventHandle<T0>"]), serde_json::json!(["&0x1::guid::GUID"])),
            f("counter", "public", serde_json::json!(["&0x1::event::EventHandle<T0>"]), serde_json::json!(["u64"])),
            f("destroy_handle", "public", serde_json::json!(["0x1::event::EventHandle<T0>"]), serde_json::json!([])),
            f("emit", "public", serde_json::json!(["T0"]), serde_json::json!([])),
            f("emit_event", "public", serde_json::json!(["&mut 0x1::event::EventHandle<T0>", "T0"]), serde_json::json!([])),
            f("new_event_handle", "friend", serde_json::json!(["0x1::guid::GUID"]), serde_json::json!(["0x1::event::EventHandle<T0>"])),
        ],
        "structs": [{
            "name": "EventHandle",
            "is_native": false,
            "is_event": false,
            "is_enum": false,
            "abilities": ["store"],
            "generic_type_params": [{"constraints": ["drop", "store"], "is_phantom": true}],
            "fields": [{"name": "counter", "type": "u64"}, {"name": "guid", "type": "0x1::guid::GUID"}]
        }]
    });
    assert_eq!(json, expected);
}
