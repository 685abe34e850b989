//! Parser for type tags, struct tags and module ids in their text form.
//!
//! Grammar: `type := prim | "vector" "<" type ">" | addr "::" ident "::" ident ["<" type {"," type} [","] ">"]`
//! with `prim` one of `bool u8 u16 u32 u64 u128 u256 i8 i16 i32 i64 i128 i256 address signer`.
//! Whitespace between tokens is ignored. Nesting is limited to [`MAX_PARSE_DEPTH`] so hostile
//! input cannot overflow the stack.

use crate::{AccountAddress, Identifier, ModuleId, StructTag, TypeTag};

/// Maximum nesting depth accepted by the parser.
pub const MAX_PARSE_DEPTH: usize = 128;

/// Error parsing a type, struct tag or module id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TypeTagParseError {
    /// Unexpected character or token, or trailing input.
    #[error("invalid type syntax at byte {pos} in {input:?}")]
    Syntax {
        /// The input.
        input: String,
        /// Byte position.
        pos: usize,
    },
    /// Nested deeper than [`MAX_PARSE_DEPTH`].
    #[error("type nested too deeply: {0:?}")]
    TooDeep(String),
    /// A struct tag was expected.
    #[error("not a struct type: {0:?}")]
    NotAStruct(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok<'a> {
    Word(&'a str),
    Lt,
    Gt,
    Comma,
    ColonColon,
}

fn tokenize(s: &str) -> Result<Vec<(usize, Tok<'_>)>, TypeTagParseError> {
    let err = |pos| TypeTagParseError::Syntax {
        input: s.to_string(),
        pos,
    };
    let b = s.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    while let Some(&c) = b.get(i) {
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'<' => {
                out.push((i, Tok::Lt));
                i += 1;
            }
            b'>' => {
                out.push((i, Tok::Gt));
                i += 1;
            }
            b',' => {
                out.push((i, Tok::Comma));
                i += 1;
            }
            b':' => {
                if b.get(i + 1) != Some(&b':') {
                    return Err(err(i));
                }
                out.push((i, Tok::ColonColon));
                i += 2;
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' => {
                let start = i;
                while b
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'$')
                {
                    i += 1;
                }
                out.push((start, Tok::Word(&s[start..i])));
            }
            _ => return Err(err(i)),
        }
    }
    Ok(out)
}

struct Parser<'a> {
    input: &'a str,
    toks: Vec<(usize, Tok<'a>)>,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn err(&self) -> TypeTagParseError {
        let pos = self.toks.get(self.pos).map_or(self.input.len(), |t| t.0);
        TypeTagParseError::Syntax {
            input: self.input.to_string(),
            pos,
        }
    }

    fn peek(&self) -> Option<&Tok<'a>> {
        self.toks.get(self.pos).map(|t| &t.1)
    }

    fn next(&mut self) -> Option<Tok<'a>> {
        let t = self.toks.get(self.pos).map(|t| t.1.clone());
        self.pos += 1;
        t
    }

    fn expect(&mut self, tok: &Tok<'_>) -> Result<(), TypeTagParseError> {
        if self.peek() == Some(tok) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err())
        }
    }

    fn word(&mut self) -> Result<&'a str, TypeTagParseError> {
        match self.peek() {
            Some(Tok::Word(w)) => {
                let w = *w;
                self.pos += 1;
                Ok(w)
            }
            _ => Err(self.err()),
        }
    }

    fn ident(&mut self) -> Result<Identifier, TypeTagParseError> {
        let w = self.word()?;
        Identifier::new(w).map_err(|_| {
            self.pos -= 1;
            self.err()
        })
    }

    fn address(&mut self) -> Result<AccountAddress, TypeTagParseError> {
        let w = self.word()?;
        w.parse().map_err(|_| {
            self.pos -= 1;
            self.err()
        })
    }

    fn type_tag(&mut self, depth: usize) -> Result<TypeTag, TypeTagParseError> {
        if depth > MAX_PARSE_DEPTH {
            return Err(TypeTagParseError::TooDeep(self.input.to_string()));
        }
        let w = match self.peek() {
            Some(Tok::Word(w)) => *w,
            _ => return Err(self.err()),
        };
        let prim = match w {
            "bool" => Some(TypeTag::Bool),
            "u8" => Some(TypeTag::U8),
            "u16" => Some(TypeTag::U16),
            "u32" => Some(TypeTag::U32),
            "u64" => Some(TypeTag::U64),
            "u128" => Some(TypeTag::U128),
            "u256" => Some(TypeTag::U256),
            "i8" => Some(TypeTag::I8),
            "i16" => Some(TypeTag::I16),
            "i32" => Some(TypeTag::I32),
            "i64" => Some(TypeTag::I64),
            "i128" => Some(TypeTag::I128),
            "i256" => Some(TypeTag::I256),
            "address" => Some(TypeTag::Address),
            "signer" => Some(TypeTag::Signer),
            _ => None,
        };
        if let Some(p) = prim {
            self.pos += 1;
            return Ok(p);
        }
        if w == "vector" {
            self.pos += 1;
            self.expect(&Tok::Lt)?;
            let inner = self.type_tag(depth + 1)?;
            self.expect(&Tok::Gt)?;
            return Ok(TypeTag::Vector(Box::new(inner)));
        }
        let address = self.address()?;
        self.expect(&Tok::ColonColon)?;
        let module = self.ident()?;
        self.expect(&Tok::ColonColon)?;
        let name = self.ident()?;
        let mut type_args = Vec::new();
        if self.peek() == Some(&Tok::Lt) {
            self.pos += 1;
            loop {
                type_args.push(self.type_tag(depth + 1)?);
                match self.next() {
                    Some(Tok::Comma) => {
                        if self.peek() == Some(&Tok::Gt) {
                            self.pos += 1;
                            break;
                        }
                    }
                    Some(Tok::Gt) => break,
                    _ => {
                        self.pos -= 1;
                        return Err(self.err());
                    }
                }
            }
        }
        Ok(TypeTag::Struct(Box::new(StructTag {
            address,
            module,
            name,
            type_args,
        })))
    }

    fn finish(&self) -> Result<(), TypeTagParseError> {
        if self.pos == self.toks.len() {
            Ok(())
        } else {
            Err(self.err())
        }
    }
}

/// Parses a type tag.
pub fn parse_type_tag(s: &str) -> Result<TypeTag, TypeTagParseError> {
    let mut p = Parser {
        input: s,
        toks: tokenize(s)?,
        pos: 0,
    };
    let t = p.type_tag(0)?;
    p.finish()?;
    Ok(t)
}

/// Parses `address::name`.
pub fn parse_module_id(s: &str) -> Result<ModuleId, TypeTagParseError> {
    let mut p = Parser {
        input: s,
        toks: tokenize(s)?,
        pos: 0,
    };
    let address = p.address()?;
    p.expect(&Tok::ColonColon)?;
    let name = p.ident()?;
    p.finish()?;
    Ok(ModuleId::new(address, name))
}

/// Parses a function id `address::module::function`.
pub fn parse_function_id(s: &str) -> Result<(ModuleId, Identifier), TypeTagParseError> {
    let mut p = Parser {
        input: s,
        toks: tokenize(s)?,
        pos: 0,
    };
    let address = p.address()?;
    p.expect(&Tok::ColonColon)?;
    let module = p.ident()?;
    p.expect(&Tok::ColonColon)?;
    let name = p.ident()?;
    p.finish()?;
    Ok((ModuleId::new(address, module), name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in [
            "u8",
            "vector<u8>",
            "vector<vector<address>>",
            "0x1::string::String",
            "0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>",
            "0x1::table::Table<u64, vector<0xcafe::m::S<bool>>>",
            "i256",
        ] {
            let t = parse_type_tag(s).unwrap();
            assert_eq!(t.to_string(), s);
        }
        let long = format!("0x{}1::coin::Coin<u64>", "0".repeat(63));
        assert_eq!(
            parse_type_tag(&long).unwrap().to_string(),
            "0x1::coin::Coin<u64>"
        );
        assert_eq!(
            parse_type_tag(" vector < u8 > ").unwrap().to_string(),
            "vector<u8>"
        );
        assert_eq!(
            parse_type_tag("0x1::m::S<u8,>").unwrap().to_string(),
            "0x1::m::S<u8>"
        );
    }

    #[test]
    fn errors() {
        for s in [
            "",
            "u9",
            "vector<u8",
            "0x1::m",
            "0x1::m::S<>",
            "0x1:m::S",
            "u8 u8",
            "0xg::m::S",
        ] {
            assert!(parse_type_tag(s).is_err(), "{s}");
        }
        let deep = format!("{}u8{}", "vector<".repeat(200), ">".repeat(200));
        assert!(matches!(
            parse_type_tag(&deep),
            Err(TypeTagParseError::TooDeep(_))
        ));
        assert_eq!(
            parse_module_id("0x1::coin").unwrap().to_string(),
            "0x1::coin"
        );
        let (m, f) = parse_function_id("0x1::aptos_account::transfer").unwrap();
        assert_eq!(m.to_string(), "0x1::aptos_account");
        assert_eq!(f.as_str(), "transfer");
    }
}
