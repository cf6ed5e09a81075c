//! A JSON value read strictly: where a struct is expected, only an object will do.
//!
//! serde's derived structs also accept an array, field by field in order, so that
//! `[[35, null, 60]]` would pass for a list of figures. Request bodies are objects by
//! contract (the OpenAPI document says so), so this deserializer refuses the array form
//! at every depth and otherwise behaves as `serde_json::Value` does.

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, IntoDeserializer, Unexpected, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::{Error, Value};

pub struct Strict(pub Value);

impl<'de> IntoDeserializer<'de, Error> for Strict {
    type Deserializer = Strict;

    fn into_deserializer(self) -> Strict {
        self
    }
}

impl<'de> de::Deserializer<'de> for Strict {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter().map(Strict));
                let out = v.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(out)
            }
            Value::Object(map) => {
                let mut m = MapDeserializer::new(map.into_iter().map(|(k, x)| (k, Strict(x))));
                let out = v.visit_map(&mut m)?;
                m.end()?;
                Ok(out)
            }
            other => de::Deserializer::deserialize_any(other, v),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        match &self.0 {
            Value::Object(_) => self.deserialize_any(v),
            Value::Array(_) => Err(de::Error::invalid_type(Unexpected::Seq, &"a JSON object")),
            other => Err(de::Error::invalid_type(unexpected(other), &"a JSON object")),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_enum(self.0, name, variants, v)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(_) => Unexpected::Other("number"),
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Inner {
        a: i64,
        b: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Outer {
        xs: Vec<Inner>,
        q: Option<[i64; 2]>,
    }

    fn read(s: &str) -> Result<Outer, Error> {
        Outer::deserialize(Strict(serde_json::from_str(s).unwrap()))
    }

    #[test]
    fn objects_read_as_before_and_arrays_for_structs_are_refused() {
        let ok = read(r#"{"xs":[{"a":1,"b":"x"},{"a":2}],"q":[1,2]}"#).unwrap();
        assert_eq!(ok.xs[1], Inner { a: 2, b: None });
        assert_eq!(ok.q, Some([1, 2]));
        assert!(read(r#"{"xs":[[1,"x"]],"q":null}"#).is_err());
        assert!(read(r#"[[[1,"x"]],null]"#).is_err());
        assert!(read(r#"{"xs":[],"q":[1,2,3]}"#).is_err());
    }
}
