//! The long lists of the portfolio, all journeys, personas, pain points and opportunities,
//! a page of [`PAGE_SIZE`] rows at a time: which rows a page holds, its path, and its
//! links.

use crate::analysis::portfolio::Entry;
use minijinja::{context, Value};

/// How many rows a page of all journeys, pain points or opportunities lists.
pub const PAGE_SIZE: usize = 100;

/// How many persona cards the home page shows, those with the most journeys; every
/// persona is on the pages of all personas.
pub const HOME_PERSONAS: usize = 24;

/// How many pages list `items` rows: at least one, which may say there are none.
pub fn page_count(items: usize) -> usize {
    items.div_ceil(PAGE_SIZE).max(1)
}

/// The pages (from 1) of a list that show something else after a change of some
/// journeys: every page when the list's length changed, else those whose rows are other
/// entries now or hold an entry of a journey that `changed` says changed.
pub fn changed_pages(
    before: &[Entry],
    after: &[Entry],
    changed: &dyn Fn(usize) -> bool,
) -> Vec<usize> {
    let pages = 1..=page_count(after.len());
    if before.len() != after.len() {
        return pages.collect();
    }
    pages
        .filter(|page| {
            let rows = (page - 1) * PAGE_SIZE..(page * PAGE_SIZE).min(after.len());
            before[rows.clone()] != after[rows.clone()]
                || after[rows].iter().any(|e| changed(e.journey))
        })
        .collect()
}

/// The path of page `page` of the list `stem`: `stem.html`, then `stem-2.html`, ….
pub fn page_path(stem: &str, page: usize) -> String {
    if page <= 1 {
        format!("{stem}.html")
    } else {
        format!("{stem}-{page}.html")
    }
}

/// The path of page `page` of the journeys table: the home page holds the first, with
/// the figures at a glance, so that it stays small at any portfolio size; the others are
/// `journeys-2.html`, ….
pub fn journeys_page_path(page: usize) -> String {
    if page <= 1 {
        "index.html".into()
    } else {
        page_path("journeys", page)
    }
}

/// The page (from 1) of the journeys table that shows the journey at `index`.
pub fn page_of(index: usize) -> usize {
    index / PAGE_SIZE + 1
}

/// The rows of page `page` of `total`, and what the template needs to link the pages:
/// the previous and next page, the first, the last and the two on either side.
pub fn pager(total: usize, page: usize, stem: &str) -> (std::ops::Range<usize>, Value) {
    pager_at(total, page, &|number| page_path(stem, number))
}

/// [`pager`] for pages whose paths `path_of` gives.
pub fn pager_at(
    total: usize,
    page: usize,
    path_of: &dyn Fn(usize) -> String,
) -> (std::ops::Range<usize>, Value) {
    let pages = page_count(total);
    let page = page.clamp(1, pages);
    let range = ((page - 1) * PAGE_SIZE).min(total)..(page * PAGE_SIZE).min(total);
    let mut links = Vec::new();
    let mut last_shown = 0;
    for number in 1..=pages {
        let near = number.abs_diff(page) <= 2;
        if number == 1 || number == pages || near {
            if number > last_shown + 1 {
                links.push(context! { gap => true });
            }
            links.push(context! {
                number => number,
                href => path_of(number),
                current => number == page,
            });
            last_shown = number;
        }
    }
    let pager = context! {
        page => page,
        pages => pages,
        total => total,
        first => range.start + 1,
        last => range.end,
        previous => (page > 1).then(|| path_of(page - 1)),
        next => (page < pages).then(|| path_of(page + 1)),
        links => links,
    };
    (range, pager)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_the_ends_and_the_neighbours_with_gaps_between() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(200), 2);
        assert_eq!(page_path("pain-points", 1), "pain-points.html");
        assert_eq!(page_path("pain-points", 3), "pain-points-3.html");
        let (range, middle) = pager(1000, 5, "x");
        assert_eq!(range, 400..500);
        let shown: Vec<String> = middle
            .get_attr("links")
            .unwrap()
            .try_iter()
            .unwrap()
            .map(
                |l| match l.get_attr("number").ok().filter(|n| !n.is_undefined()) {
                    Some(n) => n.to_string(),
                    None => "…".into(),
                },
            )
            .collect();
        assert_eq!(shown, ["1", "…", "3", "4", "5", "6", "7", "…", "10"]);
        assert_eq!(middle.get_attr("previous").unwrap().to_string(), "x-4.html");
        let (range, end) = pager(1000, 10, "x");
        assert_eq!(range, 900..1000);
        assert!(end.get_attr("next").unwrap().is_none());
    }

    #[test]
    fn the_first_page_of_the_journeys_is_the_home_page() {
        assert_eq!(journeys_page_path(1), "index.html");
        assert_eq!(journeys_page_path(2), "journeys-2.html");
        assert_eq!((page_of(0), page_of(99), page_of(100)), (1, 1, 2));
        let (range, second) = pager_at(250, 2, &journeys_page_path);
        assert_eq!(range, 100..200);
        assert_eq!(
            second.get_attr("previous").unwrap().to_string(),
            "index.html"
        );
        assert_eq!(
            second.get_attr("next").unwrap().to_string(),
            "journeys-3.html"
        );
    }

    #[test]
    fn a_change_renders_again_the_pages_whose_rows_differ_or_show_a_changed_journey() {
        // 250 rows: journey 0 on rows 0..249, journey 1 on the last row.
        let entry = |journey, item| Entry { journey, item };
        let before: Vec<Entry> = (0..249).map(|i| entry(0, i)).chain([entry(1, 0)]).collect();
        let unchanged = |_: usize| false;
        assert!(changed_pages(&before, &before, &unchanged).is_empty());
        assert_eq!(changed_pages(&before, &before, &|j| j == 1), [3]);
        assert_eq!(changed_pages(&before, &before, &|j| j == 0), [1, 2, 3]);
        // Journey 1's row moves up to row 150: pages 2 and 3 have other rows.
        let mut moved = before.clone();
        let last = moved.pop().unwrap();
        moved.insert(150, last);
        assert_eq!(changed_pages(&before, &moved, &unchanged), [2, 3]);
        // One row more or less: every page.
        assert_eq!(changed_pages(&before, &before[1..], &unchanged), [1, 2, 3]);
    }
}
