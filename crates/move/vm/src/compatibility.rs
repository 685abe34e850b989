//! Upgrade compatibility: what a new version of a published module must keep, as Aptos checks
//! it on publish (`move-binary-format/src/compatibility.rs`, facts only):
//!
//! - the module keeps its address and name;
//! - every struct stays, with no ability removed, the same number of type parameters (a phantom
//!   one stays phantom; constraints may only be relaxed) and — layout check on — the same
//!   fields (names and types) or, for an enum, the old variants as a prefix of the new ones;
//! - every public function stays public, every entry function stays entry, with the same
//!   parameter and return types and type parameters whose constraints may only be relaxed;
//!   friend functions are checked the same way unless friends are treated as private (Aptos
//!   mainnet's `TREAT_FRIEND_AS_PRIVATE`), except friend *entry* functions when entry functions
//!   count as public;
//! - with friend linking checked, no friend declaration is removed.
//!
//! Violations are `BACKWARD_INCOMPATIBLE_MODULE_UPDATE`, listing every problem found.

use std::collections::BTreeSet;

use lumio_move_binary_format::file_format::{
    CompiledModule, FieldDefinition, SignatureToken, StructFieldInformation, StructHandleIndex,
    StructTypeParameter, Visibility,
};
use lumio_move_core_types::{AbilitySet, StatusCode};

use crate::errors::{PartialVMError, PartialVMResult};

/// What to check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Compatibility {
    /// Struct fields and enum variants must keep their layout.
    pub check_struct_layout: bool,
    /// Friend functions and friend declarations are part of the checked interface.
    pub check_friend_linking: bool,
    /// Entry functions count as public (may not be removed or changed).
    pub treat_entry_as_public: bool,
}

impl Default for Compatibility {
    /// Aptos mainnet's rules in late 2024: layout checked, friends private, entry public.
    fn default() -> Self {
        Compatibility {
            check_struct_layout: true,
            check_friend_linking: false,
            treat_entry_as_public: true,
        }
    }
}

fn name(m: &CompiledModule, h: StructHandleIndex) -> Option<(String, &str)> {
    let sh = m.struct_handles.get(usize::from(h.0))?;
    let mh = m.module_handle_at(sh.module).ok()?;
    let id = m.module_id_for_handle(mh).ok()?;
    Some((id.to_string(), m.identifier_at(sh.name).ok()?))
}

fn token_compatible(
    om: &CompiledModule,
    o: &SignatureToken,
    nm: &CompiledModule,
    n: &SignatureToken,
) -> bool {
    use SignatureToken as S;
    match (o, n) {
        (S::Bool, S::Bool)
        | (S::U8, S::U8)
        | (S::U16, S::U16)
        | (S::U32, S::U32)
        | (S::U64, S::U64)
        | (S::U128, S::U128)
        | (S::U256, S::U256)
        | (S::Address, S::Address)
        | (S::Signer, S::Signer) => true,
        (S::TypeParameter(a), S::TypeParameter(b)) => a == b,
        (S::Reference(a), S::Reference(b))
        | (S::MutableReference(a), S::MutableReference(b))
        | (S::Vector(a), S::Vector(b)) => token_compatible(om, a, nm, b),
        (S::Struct(a), S::Struct(b)) => name(om, *a).is_some() && name(om, *a) == name(nm, *b),
        (S::StructInstantiation(a, xs), S::StructInstantiation(b, ys)) => {
            name(om, *a).is_some()
                && name(om, *a) == name(nm, *b)
                && xs.len() == ys.len()
                && xs
                    .iter()
                    .zip(ys)
                    .all(|(x, y)| token_compatible(om, x, nm, y))
        }
        _ => false,
    }
}

fn tokens_compatible(
    om: &CompiledModule,
    o: &[SignatureToken],
    nm: &CompiledModule,
    n: &[SignatureToken],
) -> bool {
    o.len() == n.len() && o.iter().zip(n).all(|(x, y)| token_compatible(om, x, nm, y))
}

/// New constraints may only drop abilities.
fn constraints_compatible(old: AbilitySet, new: AbilitySet) -> bool {
    new.is_subset(old)
}

fn fields_compatible(
    om: &CompiledModule,
    o: &[FieldDefinition],
    nm: &CompiledModule,
    n: &[FieldDefinition],
) -> bool {
    o.len() == n.len()
        && o.iter().zip(n).all(|(a, b)| {
            om.identifier_at(a.name).ok() == nm.identifier_at(b.name).ok()
                && token_compatible(om, &a.signature.0, nm, &b.signature.0)
        })
}

fn struct_tparams_compatible(o: &[StructTypeParameter], n: &[StructTypeParameter]) -> bool {
    o.len() == n.len()
        && o.iter().zip(n).all(|(a, b)| {
            (!a.is_phantom || b.is_phantom) && constraints_compatible(a.constraints, b.constraints)
        })
}

impl Compatibility {
    /// Checks that `new` may replace `old`.
    pub fn check(&self, old: &CompiledModule, new: &CompiledModule) -> PartialVMResult<()> {
        let mut errors: Vec<String> = Vec::new();
        let (old_id, new_id) = (old.self_id()?, new.self_id()?);
        if old_id != new_id {
            errors.push(format!("module id changed to `{new_id}`"));
        }
        for od in &old.struct_defs {
            let oh = old.struct_handle_at(od.struct_handle)?;
            let sname = old.identifier_at(oh.name)?;
            let found = new.struct_defs.iter().find(|nd| {
                new.struct_handle_at(nd.struct_handle)
                    .and_then(|h| new.identifier_at(h.name))
                    .is_ok_and(|n| n == sname)
            });
            let Some(nd) = found else {
                errors.push(format!("removed struct `{sname}`"));
                continue;
            };
            let nh = new.struct_handle_at(nd.struct_handle)?;
            if !oh.abilities.is_subset(nh.abilities) {
                errors.push(format!("removed abilities from struct `{sname}`"));
            }
            if !struct_tparams_compatible(&oh.type_parameters, &nh.type_parameters) {
                errors.push(format!("changed type parameters of struct `{sname}`"));
            }
            if self.check_struct_layout {
                let ok = match (&od.field_information, &nd.field_information) {
                    (StructFieldInformation::Declared(a), StructFieldInformation::Declared(b)) => {
                        fields_compatible(old, a, new, b)
                    }
                    (
                        StructFieldInformation::DeclaredVariants(a),
                        StructFieldInformation::DeclaredVariants(b),
                    ) => {
                        a.len() <= b.len()
                            && a.iter().zip(b).all(|(x, y)| {
                                old.identifier_at(x.name).ok() == new.identifier_at(y.name).ok()
                                    && fields_compatible(old, &x.fields, new, &y.fields)
                            })
                    }
                    (StructFieldInformation::Native, StructFieldInformation::Native) => true,
                    _ => false,
                };
                if !ok {
                    errors.push(format!("changed layout of struct `{sname}`"));
                }
            }
        }
        for ofd in &old.function_defs {
            let ofh = old.function_handle_at(ofd.function)?;
            let fname = old.identifier_at(ofh.name)?;
            let exposed = match ofd.visibility {
                Visibility::Public => true,
                Visibility::Friend => {
                    self.check_friend_linking || (ofd.is_entry && self.treat_entry_as_public)
                }
                Visibility::Private => ofd.is_entry && self.treat_entry_as_public,
            };
            if !exposed {
                continue;
            }
            let found = new.function_defs.iter().find(|nd| {
                new.function_handle_at(nd.function)
                    .and_then(|h| new.identifier_at(h.name))
                    .is_ok_and(|n| n == fname)
            });
            let Some(nfd) = found else {
                errors.push(format!("removed function `{fname}`"));
                continue;
            };
            let nfh = new.function_handle_at(nfd.function)?;
            let vis_ok = match (ofd.visibility, nfd.visibility) {
                (Visibility::Public, Visibility::Public) => true,
                (Visibility::Public, _) => false,
                (Visibility::Friend, Visibility::Public | Visibility::Friend) => true,
                (Visibility::Friend, _) => false,
                (Visibility::Private, _) => true,
            };
            let msg = if !vis_ok {
                Some("changed visibility")
            } else if ofd.is_entry && !nfd.is_entry {
                Some("removed `entry` modifier")
            } else if !tokens_compatible(
                old,
                &old.signature_at(ofh.parameters)?.0,
                new,
                &new.signature_at(nfh.parameters)?.0,
            ) {
                Some("changed parameter types")
            } else if !tokens_compatible(
                old,
                &old.signature_at(ofh.return_)?.0,
                new,
                &new.signature_at(nfh.return_)?.0,
            ) {
                Some("changed return type")
            } else if ofh.type_parameters.len() != nfh.type_parameters.len()
                || !ofh
                    .type_parameters
                    .iter()
                    .zip(&nfh.type_parameters)
                    .all(|(a, b)| constraints_compatible(*a, *b))
            {
                Some("changed type parameters")
            } else {
                None
            };
            if let Some(m) = msg {
                errors.push(format!("{m} of function `{fname}`"));
            }
        }
        if self.check_friend_linking {
            let of: BTreeSet<_> = old.immediate_friends()?.into_iter().collect();
            let nf: BTreeSet<_> = new.immediate_friends()?.into_iter().collect();
            for removed in of.difference(&nf) {
                errors.push(format!("removed friend declaration `{removed}`"));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(
                PartialVMError::new(StatusCode::BACKWARD_INCOMPATIBLE_MODULE_UPDATE).with_message(
                    format!(
                        "new module not compatible with the published {old_id}: {}",
                        errors.join(", ")
                    ),
                ),
            )
        }
    }
}
