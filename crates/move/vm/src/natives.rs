//! Native functions: Rust implementations bound by `address::module::function`, as Aptos
//! binds them, so Aptos-compiled framework bytecode runs unchanged.
//!
//! A module that declares a native the table lacks fails to load (`MISSING_DEPENDENCY`,
//! naming the function) — e.g. the ZK natives Lumio removes.

pub mod aptos_framework;
pub mod aptos_stdlib;
mod move_stdlib;

use std::{
    any::{Any, TypeId},
    collections::HashMap,
};

use lumio_move_core_types::{AccountAddress, MoveTypeLayout, TypeTag};

use crate::{
    errors::{PartialVMResult, invariant},
    gas::GasMeter,
    loader::{Loader, ModuleStorage},
    types::Type,
    values::Value,
};

/// What a native returns.
#[derive(Debug)]
pub enum NativeResult {
    /// Normal return with these values.
    Return(Vec<Value>),
    /// `abort code` from inside the native (reported in the calling module).
    Abort(u64),
    /// Call `module::function<ty_args>(args)` in the native's place, its results becoming
    /// the native's (Aptos's `NativeResult::CallFunction`, the dynamic dispatch of
    /// `dispatchable_fungible_asset`). The interpreter checks, as Aptos does, that the target
    /// is public, in another module than the native, and has the native's signature minus its
    /// last parameter (`RUNTIME_DISPATCH_ERROR` otherwise).
    CallFunction {
        /// Module of the target.
        module: lumio_move_core_types::ModuleId,
        /// Name of the target.
        function: lumio_move_core_types::Identifier,
        /// Its type arguments (the native's).
        ty_args: Vec<Type>,
        /// Its arguments.
        args: Vec<Value>,
    },
}

/// A native function: type arguments (closed) and arguments in order.
pub type NativeFunction =
    fn(&mut NativeContext<'_>, &[Type], Vec<Value>) -> PartialVMResult<NativeResult>;

/// Natives by (address, module, function).
#[derive(Clone, Default)]
pub struct NativeTable {
    map: HashMap<(AccountAddress, String, String), NativeFunction>,
}

impl std::fmt::Debug for NativeTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeTable")
            .field("functions", &self.map.len())
            .finish()
    }
}

impl NativeTable {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every native this VM provides, at `0x1`.
    pub fn standard() -> Self {
        let mut t = Self::new();
        move_stdlib::register(&mut t);
        aptos_stdlib::register(&mut t);
        aptos_framework::register(&mut t);
        t
    }

    /// [`NativeTable::standard`] plus the natives Aptos binds only for unit tests (key
    /// generation and signing for `ed25519` / `multi_ed25519`): for `lumio move test`, never
    /// for the node.
    pub fn testing() -> Self {
        let mut t = Self::standard();
        aptos_stdlib::test_only::register(&mut t, AccountAddress::ONE);
        let one = AccountAddress::ONE;
        t.add(
            one,
            "event",
            "emitted_events",
            aptos_framework::event::emitted_events,
        );
        t.add(
            one,
            "event",
            "emitted_events_by_handle",
            aptos_framework::event::emitted_events_by_handle,
        );
        t
    }

    /// Binds `addr::module::name` to `f` (replacing an earlier binding).
    pub fn add(&mut self, addr: AccountAddress, module: &str, name: &str, f: NativeFunction) {
        self.map
            .insert((addr, module.to_string(), name.to_string()), f);
    }

    /// The native bound to `addr::module::name`.
    pub fn get(&self, addr: &AccountAddress, module: &str, name: &str) -> Option<NativeFunction> {
        self.map
            .get(&(*addr, module.to_string(), name.to_string()))
            .copied()
    }

    /// Number of bound natives.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no native is bound.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Session-scoped state of natives (tables, events, the cross-VM queue): created with the
/// session and dropped with it, so a failed session leaves nothing behind.
#[derive(Default)]
pub struct NativeExtensions {
    map: HashMap<TypeId, Box<dyn Any>>,
}

impl std::fmt::Debug for NativeExtensions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeExtensions")
            .field("entries", &self.map.len())
            .finish()
    }
}

impl NativeExtensions {
    /// Adds (or replaces) the extension of type `T`.
    pub fn insert<T: Any>(&mut self, ext: T) {
        self.map.insert(TypeId::of::<T>(), Box::new(ext));
    }

    /// The extension of type `T`.
    pub fn get_mut<T: Any>(&mut self) -> Option<&mut T> {
        self.map
            .get_mut(&TypeId::of::<T>())
            .and_then(|b| b.downcast_mut())
    }

    /// Removes and returns the extension of type `T`.
    pub fn remove<T: Any>(&mut self) -> Option<T> {
        self.map
            .remove(&TypeId::of::<T>())
            .and_then(|b| b.downcast().ok())
            .map(|b| *b)
    }
}

/// What a native can use.
pub struct NativeContext<'a> {
    pub(crate) loader: &'a Loader,
    pub(crate) storage: &'a dyn ModuleStorage,
    pub(crate) gas: &'a mut dyn GasMeter,
    pub(crate) extensions: &'a mut NativeExtensions,
    /// Global storage, for natives that read resources (`object::exists_at`).
    pub(crate) resources: &'a dyn crate::data_cache::ResourceResolver,
    pub(crate) data: &'a mut crate::data_cache::DataCache,
}

impl NativeContext<'_> {
    /// Charges `units` of gas.
    pub fn charge(&mut self, units: u64) -> PartialVMResult<()> {
        self.gas.charge(units)
    }

    /// The BCS layout of `ty`.
    pub fn layout(&self, ty: &Type) -> PartialVMResult<MoveTypeLayout> {
        self.loader.layout(ty, self.storage)
    }

    /// The type tag of `ty`.
    pub fn type_tag(&self, ty: &Type) -> PartialVMResult<TypeTag> {
        ty.to_type_tag()
    }

    /// Whether a resource of type `ty` is stored at `addr` (as `exists<T>(addr)`, through the
    /// session's data cache), and, when this call read the slot from storage (the session's
    /// first touch of it), the bytes it loaded (0 for an absent resource) — `None` when the slot
    /// was already in the session. Reading the slot costs no IO gas here: as in Aptos, the
    /// native charges for it itself (`object.exists_at.*`, execution gas).
    pub fn resource_exists(
        &mut self,
        addr: AccountAddress,
        ty: &Type,
    ) -> PartialVMResult<(bool, Option<u64>)> {
        let TypeTag::Struct(tag) = ty.to_type_tag()? else {
            return Err(invariant("exists of a non-struct type"));
        };
        let (loader, storage) = (self.loader, self.storage);
        let mut loaded = None;
        let exists = self.data.exists(
            self.resources,
            addr,
            &tag,
            || loader.layout(ty, storage),
            |bytes| {
                loaded = Some(bytes.unwrap_or(0));
                Ok(())
            },
        )?;
        Ok((exists, loaded))
    }

    /// Loads (verifying and linking on first use) the module `id` and returns its function
    /// `name`: `FUNCTION_RESOLUTION_FAILURE` if it has none.
    pub fn load_function(
        &self,
        id: &lumio_move_core_types::ModuleId,
        name: &str,
    ) -> PartialVMResult<std::sync::Arc<crate::loader::FunctionInfo>> {
        let m = self
            .loader
            .load_module(id, self.storage)
            .map_err(|e| e.to_partial())?;
        m.function_named(name).cloned().ok_or_else(|| {
            crate::errors::PartialVMError::new(
                lumio_move_core_types::StatusCode::FUNCTION_RESOLUTION_FAILURE,
            )
            .with_message(format!("{id}::{name} not found"))
        })
    }

    /// The session's native extensions.
    pub fn extensions(&mut self) -> &mut NativeExtensions {
        self.extensions
    }
}

/// A `0x1::option::Option` holding `v`, in the representation the loaded framework uses: the
/// struct `{ vec: vector<T> }`, or (newer frameworks) the enum `None | Some(T)`.
pub(crate) fn option_value(cx: &NativeContext<'_>, v: Option<Value>) -> PartialVMResult<Value> {
    let name = crate::types::StructName {
        module: lumio_move_core_types::ModuleId::new(
            AccountAddress::ONE,
            lumio_move_core_types::Identifier::new("option")
                .map_err(|e| invariant(e.to_string()))?,
        ),
        name: lumio_move_core_types::Identifier::new("Option")
            .map_err(|e| invariant(e.to_string()))?,
    };
    let info = cx.loader.struct_info(&name, cx.storage)?;
    Ok(match &info.layout {
        crate::loader::StructLayout::Fields(_) => {
            Value::struct_(vec![Value::vector(v.into_iter().collect())])
        }
        crate::loader::StructLayout::Variants(_) => match v {
            None => Value::Variant(0, crate::values::container(vec![])),
            Some(x) => Value::Variant(1, crate::values::container(vec![x])),
        },
    })
}

/// Pops the single type argument of a generic native.
pub(crate) fn one_type(tys: &[Type]) -> PartialVMResult<&Type> {
    match tys {
        [t] => Ok(t),
        _ => Err(invariant("native expects one type argument")),
    }
}

/// The arguments of a native, checked for count.
pub(crate) fn args<const N: usize>(args: Vec<Value>) -> PartialVMResult<[Value; N]> {
    args.try_into()
        .map_err(|_| invariant(format!("native expects {N} arguments")))
}
