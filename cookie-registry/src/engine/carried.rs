//! The `Cookie` header as a request carried it, over any framework's header value type (the
//! `http` crate's 1.x for tower, its 0.2 for actix-web): the adapters keep it for the response.

/// The request's `Cookie` fields before filtering: none, the one field (a cheap clone of the
/// framework's header value), or several joined with `"; "`.
#[derive(Debug, Clone)]
pub(crate) enum Carried<V> {
    None,
    One(V),
    Joined(Vec<u8>),
}

impl<V: AsRef<[u8]> + Clone> Carried<V> {
    /// The `Cookie` fields of one request, in order.
    pub(crate) fn of<'v>(fields: impl IntoIterator<Item = &'v V>) -> Self
    where
        V: 'v,
    {
        let mut fields = fields.into_iter();
        let Some(first) = fields.next() else {
            return Carried::None;
        };
        let Some(second) = fields.next() else {
            return Carried::One(first.clone());
        };
        // Sized for the two fields of the usual case exactly: a vector whose length is its
        // capacity becomes a header value's bytes without another allocation.
        let (first_len, second_len) = (first.as_ref().len(), second.as_ref().len());
        let mut joined = Vec::with_capacity(first_len + 2 + second_len);
        for field in [first, second].into_iter().chain(fields) {
            if !joined.is_empty() {
                joined.extend_from_slice(b"; ");
            }
            joined.extend_from_slice(field.as_ref());
        }
        Carried::Joined(joined)
    }

    /// The fields as one header value.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Carried::None => b"",
            Carried::One(value) => value.as_ref(),
            Carried::Joined(joined) => joined,
        }
    }

    /// The joined fields, moved out (the carried header is then empty until the caller puts
    /// back the one field it made of them): an adapter whose filter removed nothing makes its
    /// new field of these bytes without copying them.
    pub(crate) fn take_joined(&mut self) -> Option<Vec<u8>> {
        match core::mem::replace(self, Carried::None) {
            Carried::Joined(joined) => Some(joined),
            other => {
                *self = other;
                None
            }
        }
    }
}
