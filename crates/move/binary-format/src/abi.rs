//! JSON summary of a module or script in the Aptos REST ABI shape (`MoveModule`,
//! `MoveFunction`, `MoveStruct`), plus the bytecode version.
//!
//! Exposed functions are public, friend and entry functions (private entry included), in
//! definition order; structs in definition order — as the Aptos REST API converts a
//! `CompiledModule` (confirmed against API outputs captured for compiler-v1 and v2 modules). Types are written like the Aptos API: `&signer`,
//! `vector<u8>`, `0x1::string::String`, `T0`. `is_view` / `is_event` come from
//! `aptos::metadata_v1` (only for bytecode v6+, as Aptos does).

use serde::Serialize;

use crate::{
    access::BinaryIndexedView,
    display::{Qualify, type_string},
    file_format::*,
    metadata,
};

/// A module's ABI.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ModuleAbi {
    /// Address, short form (`0x1`).
    pub address: String,
    /// Module name.
    pub name: String,
    /// Bytecode version.
    pub version: u32,
    /// Friends as `0x1::m`.
    pub friends: Vec<String>,
    /// Public, friend and entry functions, in definition order.
    pub exposed_functions: Vec<FunctionAbi>,
    /// Structs and enums, in definition order.
    pub structs: Vec<StructAbi>,
}

/// A script's ABI: version plus its `main` in `MoveFunction` form.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ScriptAbi {
    /// Always `"script"`.
    pub kind: &'static str,
    /// Bytecode version.
    pub version: u32,
    /// The script function.
    pub function: FunctionAbi,
}

/// Aptos `MoveFunction`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FunctionAbi {
    /// Name.
    pub name: String,
    /// `public`, `friend` or `private`.
    pub visibility: String,
    /// `entry` flag.
    pub is_entry: bool,
    /// `#[view]`.
    pub is_view: bool,
    /// Type parameters.
    pub generic_type_params: Vec<FunctionTypeParam>,
    /// Parameter types.
    pub params: Vec<String>,
    /// Return types.
    #[serde(rename = "return")]
    pub return_: Vec<String>,
}

/// Type parameter of a function.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FunctionTypeParam {
    /// Abilities required.
    pub constraints: Vec<String>,
}

/// Aptos `MoveStruct`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StructAbi {
    /// Name.
    pub name: String,
    /// Native struct.
    pub is_native: bool,
    /// `#[event]`.
    pub is_event: bool,
    /// An enum (v7); newer Aptos API versions report this field.
    pub is_enum: bool,
    /// Abilities.
    pub abilities: Vec<String>,
    /// Type parameters.
    pub generic_type_params: Vec<StructTypeParam>,
    /// Fields (empty for native structs and enums).
    pub fields: Vec<FieldAbi>,
    /// Variants (enums only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variants: Option<Vec<VariantAbi>>,
}

/// Type parameter of a struct.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StructTypeParam {
    /// Abilities required.
    pub constraints: Vec<String>,
    /// Declared phantom.
    pub is_phantom: bool,
}

/// A field.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FieldAbi {
    /// Name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub type_: String,
}

/// An enum variant.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct VariantAbi {
    /// Name.
    pub name: String,
    /// Fields.
    pub fields: Vec<FieldAbi>,
}

fn ability_names(a: AbilitySet) -> Vec<String> {
    a.iter().map(|x| x.name().to_string()).collect()
}

fn sig_strings(view: BinaryIndexedView<'_>, idx: SignatureIndex) -> Vec<String> {
    view.signature_at(idx)
        .map(|s| {
            s.0.iter()
                .map(|t| type_string(view, t, Qualify::Full))
                .collect()
        })
        .unwrap_or_default()
}

fn fields_abi(view: BinaryIndexedView<'_>, fields: &[FieldDefinition]) -> Vec<FieldAbi> {
    fields
        .iter()
        .map(|f| FieldAbi {
            name: view.identifier_at(f.name).unwrap_or("<?>").to_string(),
            type_: type_string(view, &f.signature.0, Qualify::Full),
        })
        .collect()
}

/// ABI of a module.
pub fn module_abi(m: &CompiledModule) -> ModuleAbi {
    let view = BinaryIndexedView::Module(m);
    let md = if metadata::attributes_apply(m) {
        metadata::get_metadata_v1(&m.metadata).and_then(Result::ok)
    } else {
        None
    };
    let (address, name) = m.self_id().map_or_else(
        |_| ("<?>".into(), "<?>".into()),
        |id| (id.address.to_hex_literal(), id.name.to_string()),
    );
    let friends = m
        .friend_decls
        .iter()
        .filter_map(|h| m.module_id_for_handle(h).ok())
        .map(|id| id.to_string())
        .collect();
    let exposed_functions: Vec<FunctionAbi> = m
        .function_defs
        .iter()
        .filter(|d| d.visibility != Visibility::Private || d.is_entry)
        .filter_map(|d| {
            let h = m.function_handle_at(d.function).ok()?;
            let fname = m.identifier_at(h.name).ok()?.to_string();
            Some(FunctionAbi {
                is_view: md.as_ref().is_some_and(|md| md.is_view(&fname)),
                name: fname,
                visibility: d.visibility.to_string(),
                is_entry: d.is_entry,
                generic_type_params: h
                    .type_parameters
                    .iter()
                    .map(|c| FunctionTypeParam {
                        constraints: ability_names(*c),
                    })
                    .collect(),
                params: sig_strings(view, h.parameters),
                return_: sig_strings(view, h.return_),
            })
        })
        .collect();
    let structs: Vec<StructAbi> = m
        .struct_defs
        .iter()
        .filter_map(|d| {
            let h = m.struct_handle_at(d.struct_handle).ok()?;
            let sname = m.identifier_at(h.name).ok()?.to_string();
            let variants = match &d.field_information {
                StructFieldInformation::DeclaredVariants(vs) => Some(
                    vs.iter()
                        .map(|v| VariantAbi {
                            name: m.identifier_at(v.name).unwrap_or("<?>").to_string(),
                            fields: fields_abi(view, &v.fields),
                        })
                        .collect(),
                ),
                _ => None,
            };
            Some(StructAbi {
                is_event: md.as_ref().is_some_and(|md| md.is_event(&sname)),
                name: sname,
                is_native: d.is_native(),
                is_enum: d.is_enum(),
                abilities: ability_names(h.abilities),
                generic_type_params: h
                    .type_parameters
                    .iter()
                    .map(|p| StructTypeParam {
                        constraints: ability_names(p.constraints),
                        is_phantom: p.is_phantom,
                    })
                    .collect(),
                fields: d.fields().map(|f| fields_abi(view, f)).unwrap_or_default(),
                variants,
            })
        })
        .collect();
    ModuleAbi {
        address,
        name,
        version: m.version,
        friends,
        exposed_functions,
        structs,
    }
}

/// ABI of a script (`main`, public entry, as the Aptos API reports scripts).
pub fn script_abi(s: &CompiledScript) -> ScriptAbi {
    let view = BinaryIndexedView::Script(s);
    ScriptAbi {
        kind: "script",
        version: s.version,
        function: FunctionAbi {
            name: "main".into(),
            visibility: "public".into(),
            is_entry: true,
            is_view: false,
            generic_type_params: s
                .type_parameters
                .iter()
                .map(|c| FunctionTypeParam {
                    constraints: ability_names(*c),
                })
                .collect(),
            params: sig_strings(view, s.parameters),
            return_: vec![],
        },
    }
}
