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
