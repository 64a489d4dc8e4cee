//! Cursor pagination, transport-agnostic: one state machine ([`CursorPager`]) drives the
//! blocking iterators and the async pages alike.
//!
//! Cartesia pages with `starting_after=<id of the last item>` and `limit`; a page says
//! `has_more`. The pager stops when `has_more` is `false` (no extra request), on an empty page
//! (when `has_more` is absent, or lies), or once an optional item limit is reached. It never
//! loops: a page whose next cursor was already used by this walk (the same page served again,
//! or a cycle) ends the walk with [`Error::Pagination`] instead of another request.

use std::collections::{HashSet, VecDeque};
use std::fmt;

use cartesia_types::{HasId, Page};

use crate::endpoint::Endpoint;
use crate::error::{Error, PaginationError};
use crate::{AsyncClient, BlockingClient};

/// A list endpoint that pages by cursor.
pub trait Paginated: Endpoint<Output = Page<<Self as Paginated>::Item>> + Clone {
    /// What the list holds.
    type Item: HasId;

    /// This request, starting after the item with id `cursor`.
    fn starting_after(&self, cursor: &str) -> Self;

    /// The cursor of the page after `page`, `None` at the end: by default the id of its last
    /// item (Cartesia's cursor-by-id lists). Lists with an opaque cursor (the organization's
    /// users and invites) answer the page's `next_page` instead.
    fn next_cursor(page: &Page<Self::Item>) -> Option<&str> {
        page.data.last().map(HasId::id)
    }
}

/// The paging state: which request comes next, if any. No I/O.
#[derive(Debug, Clone)]
pub struct CursorPager<E> {
    next: Option<E>,
    max_items: Option<usize>,
    seen: usize,
    pages: usize,
    cursors: HashSet<String>,
}

impl<E: Paginated> CursorPager<E> {
    /// Pages starting with `first` (its own `starting_after`, if any, is kept).
    pub fn new(first: E) -> Self {
        Self {
            next: Some(first),
            max_items: None,
            seen: 0,
            pages: 0,
            cursors: HashSet::new(),
        }
    }

    /// Stops after `n` items in all (the last page is cut to fit).
    pub fn max_items(mut self, n: usize) -> Self {
        self.max_items = Some(n);
        if n == 0 {
            self.next = None;
        }
        self
    }

    /// The next request to send; `None` when paging is over.
    pub fn next_request(&self) -> Option<&E> {
        self.next.as_ref()
    }

    /// Takes the page the last request returned (cutting it to the item limit) and works out
    /// the next request.
    ///
    /// Fails — and ends paging — when the page's next cursor is one this walk already used:
    /// the server would only answer the same pages again. The page is then not to be handed
    /// out (its items were).
    pub fn on_page(&mut self, page: &mut Page<E::Item>) -> Result<(), PaginationError> {
        let Some(current) = self.next.take() else {
            return Ok(());
        };
        self.pages += 1;
        if let Some(max) = self.max_items {
            let room = max.saturating_sub(self.seen);
            page.data.truncate(room);
            if self.seen + page.data.len() >= max {
                self.seen += page.data.len();
                return Ok(());
            }
        }
        if page.data.is_empty() {
            return Ok(()); // an empty page ends the list, whatever has_more says
        }
        if page.has_more == Some(false) {
            self.seen += page.data.len();
            return Ok(());
        }
        let Some(cursor) = E::next_cursor(page) else {
            self.seen += page.data.len();
            return Ok(()); // no cursor to go on with (an opaque `next_page` of null)
        };
        if self.cursors.contains(cursor) {
            return Err(PaginationError::repeated_cursor(cursor, self.pages));
        }
        self.seen += page.data.len();
        self.cursors.insert(cursor.to_owned());
        self.next = Some(current.starting_after(cursor));
        Ok(())
    }

    /// Ends paging (e.g. after an error).
    pub fn stop(&mut self) {
        self.next = None;
    }

    /// Takes the answer to [`next_request`](Self::next_request): the page (through
    /// [`on_page`](Self::on_page)), or the error, which ends paging.
    pub fn on_answer(
        &mut self,
        answer: Result<Page<E::Item>, Error>,
    ) -> Result<Page<E::Item>, Error> {
        match answer {
            Ok(mut page) => {
                self.on_page(&mut page)?;
                Ok(page)
            }
            Err(e) => {
                self.stop();
                Err(e)
            }
        }
    }
}

/// Blocking pages of a list: an `Iterator` of `Result<Page<Item>, Error>`. Ends after the last
/// page, or after the first error.
pub struct BlockingPages<E: Paginated> {
    client: BlockingClient,
    pager: CursorPager<E>,
}

impl<E: Paginated> BlockingPages<E> {
    pub(crate) fn new(client: BlockingClient, first: E) -> Self {
        Self {
            client,
            pager: CursorPager::new(first),
        }
    }

    /// Stops after `n` items in all.
    pub fn max_items(mut self, n: usize) -> Self {
        self.pager = self.pager.max_items(n);
        self
    }

    /// The items one by one, across pages.
    pub fn items(self) -> BlockingItems<E> {
        BlockingItems {
            pages: self,
            buffer: VecDeque::new(),
        }
    }
}

impl<E: Paginated> Iterator for BlockingPages<E> {
    type Item = Result<Page<E::Item>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let request = self.pager.next_request()?;
        let answer = self.client.execute(request);
        Some(self.pager.on_answer(answer))
    }
}

impl<E: Paginated + fmt::Debug> fmt::Debug for BlockingPages<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingPages")
            .field("pager", &self.pager)
            .finish()
    }
}

/// Blocking items of a list, across pages: an `Iterator` of `Result<Item, Error>`.
pub struct BlockingItems<E: Paginated> {
    pages: BlockingPages<E>,
    buffer: VecDeque<E::Item>,
}

impl<E: Paginated> Iterator for BlockingItems<E> {
    type Item = Result<E::Item, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(page) => self.buffer.extend(page.data),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// Async pages of a list: call [`next_page`](Self::next_page) or
/// [`next_item`](Self::next_item) (alias [`next`](Self::next)) until `None`. With the `stream` feature,
/// `into_stream` gives a `futures_core::Stream` of items.
pub struct AsyncPages<E: Paginated> {
    client: AsyncClient,
    pager: CursorPager<E>,
    buffer: VecDeque<E::Item>,
}

impl<E> AsyncPages<E>
where
    E: Paginated + Send + Sync,
    E::Item: Send,
{
    pub(crate) fn new(client: AsyncClient, first: E) -> Self {
        Self {
            client,
            pager: CursorPager::new(first),
            buffer: VecDeque::new(),
        }
    }

    /// Stops after `n` items in all.
    pub fn max_items(mut self, n: usize) -> Self {
        self.pager = self.pager.max_items(n);
        self
    }

    /// The next page; `None` after the last one or after an error.
    pub async fn next_page(&mut self) -> Option<Result<Page<E::Item>, Error>> {
        let request = self.pager.next_request()?.clone();
        let answer = self.client.execute(&request).await;
        Some(self.pager.on_answer(answer))
    }

    /// The next item, fetching pages as needed; `None` at the end or after an error.
    pub async fn next_item(&mut self) -> Option<Result<E::Item, Error>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            match self.next_page().await? {
                Ok(page) => self.buffer.extend(page.data),
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// The next item: the same as [`next_item`](Self::next_item), so a loop reads
    /// `while let Some(item) = pages.next().await`.
    #[allow(clippy::should_implement_trait)] // async: not `Iterator::next`
    pub async fn next(&mut self) -> Option<Result<E::Item, Error>> {
        self.next_item().await
    }

    /// Collects every item (stopping at the first error).
    pub async fn collect_items(mut self) -> Result<Vec<E::Item>, Error> {
        let mut out = Vec::new();
        while let Some(item) = self.next_item().await {
            out.push(item?);
        }
        Ok(out)
    }
}

impl<E: Paginated + fmt::Debug> fmt::Debug for AsyncPages<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncPages")
            .field("pager", &self.pager)
            .finish()
    }
}

#[cfg(feature = "stream")]
mod stream {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use super::*;

    type Step<E> = (AsyncPages<E>, Option<Result<<E as Paginated>::Item, Error>>);

    /// The items of [`AsyncPages`] as a `futures_core::Stream` (feature `stream`).
    pub struct ItemStream<E: Paginated> {
        state: Option<AsyncPages<E>>,
        pending: Option<Pin<Box<dyn Future<Output = Step<E>> + Send>>>,
    }

    impl<E> AsyncPages<E>
    where
        E: Paginated + Send + Sync + 'static,
        E::Item: Send + 'static,
    {
        /// The items as a `futures_core::Stream` (feature `stream`).
        pub fn into_stream(self) -> ItemStream<E> {
            ItemStream {
                state: Some(self),
                pending: None,
            }
        }
    }

    impl<E> futures_core::Stream for ItemStream<E>
    where
        E: Paginated + Send + Sync + 'static,
        E::Item: Send + 'static,
    {
        type Item = Result<E::Item, Error>;

        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            if self.pending.is_none() {
                let Some(mut pages) = self.state.take() else {
                    return Poll::Ready(None);
                };
                self.pending = Some(Box::pin(async move {
                    let item = pages.next_item().await;
                    (pages, item)
                }));
            }
            let Some(fut) = self.pending.as_mut() else {
                return Poll::Ready(None);
            };
            match fut.as_mut().poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready((pages, item)) => {
                    self.pending = None;
                    if item.is_some() {
                        self.state = Some(pages);
                    }
                    Poll::Ready(item)
                }
            }
        }
    }

    impl<E: Paginated> Unpin for ItemStream<E> {}
}

#[cfg(feature = "stream")]
pub use stream::ItemStream;

impl BlockingClient {
    /// The pages of a paginated list, starting with `first` (blocking iterator).
    pub fn pages<E: Paginated>(&self, first: E) -> BlockingPages<E> {
        BlockingPages::new(self.clone(), first)
    }
}

impl AsyncClient {
    /// The pages of a paginated list, starting with `first`.
    pub fn pages<E>(&self, first: E) -> AsyncPages<E>
    where
        E: Paginated + Send + Sync,
        E::Item: Send,
    {
        AsyncPages::new(self.clone(), first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{decode_json, UrlWriter};
    use crate::HttpResponse;
    use http::Method;

    #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
    struct Item(String);
    impl HasId for Item {
        fn id(&self) -> &str {
            &self.0
        }
    }

    #[derive(Debug, Clone, PartialEq)]
    struct List(Option<String>);
    impl Endpoint for List {
        type Output = Page<Item>;
        fn method(&self) -> Method {
            Method::GET
        }
        fn path_template(&self) -> &'static str {
            "/items"
        }
        fn write_path(&self, url: &mut UrlWriter) -> Result<(), Error> {
            url.push_literal("/items");
            Ok(())
        }
        fn parse(&self, r: HttpResponse) -> Result<Self::Output, Error> {
            decode_json(&r)
        }
    }
    impl Paginated for List {
        type Item = Item;
        fn starting_after(&self, cursor: &str) -> Self {
            List(Some(cursor.to_owned()))
        }
    }

    fn page(ids: &[&str], has_more: Option<bool>) -> Page<Item> {
        Page::new(ids.iter().map(|s| Item(s.to_string())).collect(), has_more)
    }

    #[test]
    fn follows_last_id_and_stops_on_has_more_false() {
        let mut p = CursorPager::new(List(None));
        assert_eq!(p.next_request(), Some(&List(None)));
        p.on_page(&mut page(&["a", "b"], Some(true))).unwrap();
        assert_eq!(p.next_request(), Some(&List(Some("b".into()))));
        p.on_page(&mut page(&["c"], Some(false))).unwrap();
        assert_eq!(p.next_request(), None);
    }

    #[test]
    fn without_has_more_stops_on_an_empty_page() {
        let mut p = CursorPager::new(List(None));
        p.on_page(&mut page(&["a"], None)).unwrap();
        assert_eq!(p.next_request(), Some(&List(Some("a".into()))));
        p.on_page(&mut page(&[], None)).unwrap();
        assert_eq!(p.next_request(), None);
        let mut p = CursorPager::new(List(None));
        p.on_page(&mut page(&[], Some(true))).unwrap();
        assert_eq!(
            p.next_request(),
            None,
            "an empty page ends even if has_more lies"
        );
    }

    /// A server that answers the same page (or cycles between pages) with `has_more: true`
    /// cannot make the walk loop: the first repeated cursor ends it with a typed error.
    #[test]
    fn a_cursor_that_does_not_advance_ends_the_walk() {
        let mut p = CursorPager::new(List(None));
        p.on_page(&mut page(&["a", "b"], Some(true))).unwrap();
        let e = p.on_page(&mut page(&["a", "b"], Some(true))).unwrap_err();
        assert_eq!(e.cursor(), "b");
        assert_eq!(e.pages(), 2);
        assert_eq!(p.next_request(), None);
        assert!(e.to_string().contains("did not advance"), "{e}");

        let mut p = CursorPager::new(List(None));
        for ids in [["a"], ["b"], ["c"]] {
            p.on_page(&mut page(&ids, Some(true))).unwrap();
        }
        // Back to a page already walked: a cycle, not progress.
        let e = p.on_page(&mut page(&["b"], Some(true))).unwrap_err();
        assert_eq!(e.cursor(), "b");
        assert_eq!(p.next_request(), None);
    }

    /// The blocking items iterator ends with the pagination error after the unique items.
    #[test]
    fn blocking_items_end_with_the_pagination_error() {
        let mock = crate::mock::MockTransport::new();
        for _ in 0..3 {
            mock.push_json(200, r#"{"data":["a","b"],"has_more":true}"#);
        }
        let client = crate::ClientBuilder::new()
            .api_key("k")
            .build_blocking(mock.clone())
            .unwrap();
        let got: Vec<Result<Item, Error>> = client.pages(List(None)).items().take(10).collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(matches!(&got[2], Err(Error::Pagination(e)) if e.cursor() == "b"));
        assert_eq!(mock.requests().len(), 2);
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        use std::sync::Arc;
        use std::task::{Context, Poll, Wake, Waker};
        struct Noop;
        impl Wake for Noop {
            fn wake(self: Arc<Self>) {}
        }
        let waker = Waker::from(Arc::new(Noop));
        let mut cx = Context::from_waker(&waker);
        let mut f = Box::pin(f);
        loop {
            // The mock transport and the recording sleeper never leave a future pending.
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    fn client_with_pages(pages: &[&str]) -> (crate::mock::MockTransport, AsyncClient) {
        let mock = crate::mock::MockTransport::new();
        for p in pages {
            mock.push_json(200, p);
        }
        let client = crate::ClientBuilder::new()
            .api_key("k")
            .build_async(mock.clone())
            .unwrap();
        (mock, client)
    }

    const PAGES: [&str; 2] = [
        r#"{"data":["a","b"],"has_more":true}"#,
        r#"{"data":["c"],"has_more":false}"#,
    ];

    #[test]
    fn async_pages_follow_the_cursor_and_stop_without_an_extra_request() {
        let (mock, client) = client_with_pages(&PAGES);
        let mut pages = client.pages(List(None));
        let mut got = Vec::new();
        while let Some(item) = block_on(pages.next()) {
            got.push(item.unwrap().0);
        }
        assert_eq!(got, ["a", "b", "c"]);
        assert_eq!(mock.requests().len(), 2);
    }

    #[cfg(feature = "stream")]
    #[test]
    fn the_stream_yields_every_item() {
        use futures_core::Stream;
        let (mock, client) = client_with_pages(&PAGES);
        let mut stream = client.pages(List(None)).into_stream();
        let mut got = Vec::new();
        while let Some(item) = block_on(std::future::poll_fn(|cx| {
            std::pin::Pin::new(&mut stream).poll_next(cx)
        })) {
            got.push(item.unwrap().0);
        }
        assert_eq!(got, ["a", "b", "c"]);
        assert_eq!(mock.requests().len(), 2);
    }

    #[test]
    fn max_items_cuts_the_last_page_and_stops() {
        let mut p = CursorPager::new(List(None)).max_items(3);
        let mut first = page(&["a", "b"], Some(true));
        p.on_page(&mut first).unwrap();
        assert_eq!(first.data.len(), 2);
        let mut second = page(&["c", "d"], Some(true));
        p.on_page(&mut second).unwrap();
        assert_eq!(second.data, vec![Item("c".into())]);
        assert_eq!(p.next_request(), None);
        assert_eq!(
            CursorPager::new(List(None)).max_items(0).next_request(),
            None
        );
    }
}
