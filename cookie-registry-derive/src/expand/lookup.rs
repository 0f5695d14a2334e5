//! The name lookup: perfect-hash tables built at compile time.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Decl;
use crate::model::Registry;
use crate::phf;

/// The `Lookup` literal: a perfect hash of the exact names, and one of the families keyed by
/// the first `family_key` bytes of their prefix, with their chains (longest prefix first).
pub(super) fn lookup(registry: &Registry<'_>, cookies: &[Decl<'_>]) -> syn::Result<TokenStream> {
    let krate = &registry.krate;
    let names: Vec<(&str, bool)> = cookies
        .iter()
        .map(|decl| (decl.name, decl.cookie.family))
        .collect();
    let index = |i: usize| u16::try_from(i).ok();
    let exact: Vec<(&[u8], u16)> = names
        .iter()
        .enumerate()
        .filter(|(_, (_, family))| !family)
        .filter_map(|(i, (name, _))| Some((name.as_bytes(), index(i)?)))
        .collect();

    // Families sharing their first `family_key` bytes form one chain, longest prefix first, so
    // that the first prefix of the chain that a name starts with is its longest.
    let mut families: Vec<(&[u8], u16)> = names
        .iter()
        .enumerate()
        .filter(|(_, (_, family))| *family)
        .filter_map(|(i, (name, _))| Some((name.as_bytes(), index(i)?)))
        .collect();
    let family_key = families
        .iter()
        .map(|(name, _)| name.len())
        .min()
        .unwrap_or(0);
    families.sort_by(|(a, _), (b, _)| {
        a[..family_key]
            .cmp(&b[..family_key])
            .then(b.len().cmp(&a.len()))
    });
    let mut chains: Vec<u16> = Vec::new();
    let mut chain_keys: Vec<(&[u8], u16)> = Vec::new();
    for (name, cookie) in &families {
        let key = &name[..family_key];
        if chain_keys.last().is_none_or(|(last, _)| *last != key) {
            if !chains.is_empty() {
                chains.push(phf::EMPTY);
            }
            chain_keys.push((key, index(chains.len()).unwrap_or(phf::EMPTY)));
        }
        chains.push(*cookie);
    }
    if !chains.is_empty() {
        chains.push(phf::EMPTY);
    }

    let table = |keys: &[(&[u8], u16)]| -> syn::Result<TokenStream> {
        let table = phf::build(keys).ok_or_else(|| {
            syn::Error::new_spanned(
                registry.ident,
                "could not build the cookie name table: please report this as a bug",
            )
        })?;
        let phf::Table {
            seed,
            buckets,
            shift,
            pilots,
            slots,
        } = table;
        let (pilots, slots) = (le_bytes(&pilots), le_bytes(&slots));
        Ok(quote! {
            #krate::__private::NameTable {
                seed: #seed,
                buckets: #buckets,
                shift: #shift,
                pilots: #pilots,
                slots: #slots,
            }
        })
    };
    let exact = table(&exact)?;
    let families = table(&chain_keys)?;
    let chains = le_bytes(&chains);
    Ok(quote! {
        #krate::__private::Lookup {
            exact: #exact,
            families: #families,
            family_key: #family_key,
            family_chains: #chains,
        }
    })
}

/// `numbers` as one byte string literal of little-endian pairs: a single token, where a slice
/// literal would be two per number.
fn le_bytes(numbers: &[u16]) -> Literal {
    let bytes: Vec<u8> = numbers.iter().flat_map(|n| n.to_le_bytes()).collect();
    Literal::byte_string(&bytes)
}
