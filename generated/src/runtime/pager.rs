//! [`Pager`]: the items of a cursor-paged list operation, fetched page by page as they are read.

use std::collections::VecDeque;
use std::fmt;

use super::auth::BoxFuture;
use super::error::Error;

/// One page as the pager needs it: its items and the cursor of the next page, if any.
pub type Page<T> = (Vec<T>, Option<String>);

/// What fetches one page: called with the cursor to send (`None` for the first page).
type Fetch<'a, T, E> =
    Box<dyn FnMut(Option<String>) -> BoxFuture<'a, Result<Page<T>, Error<E>>> + Send + 'a>;

/// The items of a cursor-paged list operation across its pages, fetched lazily: a page is
/// requested only when the items of the previous one have been read.
///
/// Generated clients make one with a `…_pages` method beside each list operation whose
/// pagination the generator recognised (or was told about). Paging stops
///
/// - when a page carries no next cursor, or an empty one;
/// - when a page's next cursor is the one that fetched it (the server would answer the same
///   page again);
/// - after [`Pager::max_pages`] pages, when set (by default there is no limit);
/// - after an error, which is returned once: each page request already goes through the
///   transport's retry policy, so the pager does not try again.
///
/// ```ignore
/// let mut events = client.get_audit_logs_pages(&params).max_pages(10);
/// while let Some(event) = events.next().await {
///     let event = event?;
/// }
/// ```
pub struct Pager<'a, T, E> {
    fetch: Fetch<'a, T, E>,
    buffer: VecDeque<T>,
    /// The cursor of the next page; `None` before the first page and once paging is over.
    cursor: Option<String>,
    pages: usize,
    max_pages: Option<usize>,
    done: bool,
}

impl<'a, T, E> Pager<'a, T, E> {
    /// A pager over the pages `fetch` returns. `fetch` gets `None` for the first page, then
    /// the cursor the previous page gave.
    pub fn new<F>(fetch: F) -> Self
    where
        F: FnMut(Option<String>) -> BoxFuture<'a, Result<Page<T>, Error<E>>> + Send + 'a,
    {
        Pager {
            fetch: Box::new(fetch),
            buffer: VecDeque::new(),
            cursor: None,
            pages: 0,
            max_pages: None,
            done: false,
        }
    }

    /// Requests at most `pages` pages (`0`: none).
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// How many pages have been requested so far (a failed request counts).
    pub fn pages_fetched(&self) -> usize {
        self.pages
    }

    /// The next item, fetching the next page when the current one is used up; `None` once
    /// paging has stopped and every item has been read.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            match self.fetch_page().await? {
                Ok(items) => self.buffer.extend(items),
                Err(error) => return Some(Err(error)),
            }
        }
    }

    /// The items of the next page, with those of the current page not yet read by
    /// [`Pager::next`] first; `None` once paging has stopped and every item has been read.
    /// A page may be empty.
    pub async fn next_page(&mut self) -> Option<Result<Vec<T>, Error<E>>> {
        let unread: Vec<T> = self.buffer.drain(..).collect();
        if !unread.is_empty() {
            return Some(Ok(unread));
        }
        self.fetch_page().await
    }

    async fn fetch_page(&mut self) -> Option<Result<Vec<T>, Error<E>>> {
        if self.done || self.max_pages.is_some_and(|max| self.pages >= max) {
            self.done = true;
            return None;
        }
        let sent = self.cursor.take();
        self.pages += 1;
        match (self.fetch)(sent.clone()).await {
            Ok((items, next)) => {
                match next.filter(|next| !next.is_empty() && Some(next) != sent.as_ref()) {
                    Some(next) => self.cursor = Some(next),
                    None => self.done = true,
                }
                Some(Ok(items))
            }
            Err(error) => {
                self.done = true;
                Some(Err(error))
            }
        }
    }
}

impl<T, E> fmt::Debug for Pager<'_, T, E> {
    /// The counts only: a cursor may be derived from the data it pages through.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pager")
            .field("pages_fetched", &self.pages)
            .field("max_pages", &self.max_pages)
            .field("buffered", &self.buffer.len())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
