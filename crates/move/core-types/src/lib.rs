//! Move core types: AccountAddress, Identifier, ModuleId, StructTag, TypeTag, StatusCode, MoveValue with BCS.
