//! The cursor page every paginated list returns.

use serde::{Deserialize, Serialize};

/// One page of a cursor-paginated list: `{"data": [...], "has_more": bool, "next_page": ...}`.
///
/// `has_more` is optional because some endpoints omit it (the SDK then pages until an empty
/// page); `next_page` is deprecated by the API and kept only for completeness — paging uses the
/// last item's id (`starting_after`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items.
    pub data: Vec<T>,
    /// Whether more items follow (absent on some endpoints).
    pub has_more: Option<bool>,
    /// A deprecated cursor for the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page: Option<String>,
}

impl<T> Page<T> {
    /// A page, e.g. for a test double.
    pub fn new(data: Vec<T>, has_more: Option<bool>) -> Self {
        Self {
            data,
            has_more,
            next_page: None,
        }
    }
}

/// Items that can be paged past by id (`starting_after=<id>`).
pub trait HasId {
    /// The item's id, the cursor for the next page.
    fn id(&self) -> &str;
}

/// [`HasId`] for models whose cursor is their `id` field.
macro_rules! has_id {
    ($($model:ty),+ $(,)?) => {$(
        impl $crate::HasId for $model {
            fn id(&self) -> &str {
                &self.id
            }
        }
    )+};
}

pub(crate) use has_id;
