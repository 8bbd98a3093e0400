//! The glossary part of the widget's wiring: walking through a term's occurrences and hover
//! intent on marked terms. A child of `mount`, so it works on the same widget state.

use super::*;

/// Walks to occurrence `k` of entry `e` (the term index and the popover's "next").
pub(super) fn walk(weak: &Weak<RefCell<Option<Widget>>>, e: Option<usize>, k: usize) {
    with(weak, |w, state| {
        let (lang, shadow) = (w.lang, w.shadow.clone());
        let prefix = w.prefix.clone();
        let Some((l, ctx)) = w.parts() else { return };
        let Some(e) = e else { return };
        let before: Vec<bool> = l.folded.clone();
        terms::go_to_occurrence(l, &ctx, e, k);
        let opened: Vec<String> = l
            .doc
            .sections
            .iter()
            .zip(before.iter().zip(&l.folded))
            .filter(|(_, (b, a))| **b && !**a)
            .map(|(s, _)| s.id.clone())
            .collect();
        if let Some(t) = l.terms.as_mut() {
            t.walk = Some((e, k));
            terms::show_walk(&shadow, t, lang);
        }
        if !opened.is_empty() {
            schedule_save(w, state);
            announce_toggles(state, &prefix, opened, true);
        }
    });
}

/// Hover intent on marked terms: open after a pause, close after a grace period unless the
/// pointer went onto the popover. Touch and pen use click (tap) instead.
pub(super) fn on_pointer(weak: &Weak<RefCell<Option<Widget>>>, event: &web_sys::Event, over: bool) {
    let Some(pe) = event.dyn_ref::<web_sys::PointerEvent>() else { return };
    if pe.pointer_type() != "mouse" {
        return;
    }
    let Some(el) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let related = pe.related_target().and_then(|t| t.dyn_into::<Element>().ok());
    let wk = weak.clone();
    with(weak, |w, _| {
        let shadow = w.shadow.clone();
        let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) else { return };
        if !t.marks_on {
            return;
        }
        let term = el.closest(".term").ok().flatten();
        let on_popover = el.closest(".popover").ok().flatten().is_some();
        if over {
            if on_popover || term.as_ref().is_some_and(|x| t.open.as_ref().is_some_and(|(o, _, _)| o == x)) {
                t.timer = None; // stay open
            } else if let Some(term) = term {
                t.timer = Some(Timeout::new(terms::HOVER_OPEN_MS, move || {
                    with(&wk, |w, _| {
                        let (shadow, root, lang) = (w.shadow.clone(), w.root.clone(), w.lang);
                        if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                            t.open(&shadow, &root, &term, Opened::Hover, lang);
                        }
                    });
                }));
            }
        } else {
            // Leaving for something still inside the term or the popover is not leaving.
            if related.as_ref().is_some_and(|r| t.owns(&shadow, r)) {
                return;
            }
            match t.open.as_ref().map(|(_, _, how)| *how) {
                Some(Opened::Hover) => {
                    t.timer = Some(Timeout::new(terms::HOVER_CLOSE_MS, move || {
                        with(&wk, |w, _| {
                            let (shadow, root) = (w.shadow.clone(), w.root.clone());
                            if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                                t.close(&shadow, &root);
                            }
                        });
                    }));
                }
                // A pending hover open is cancelled when the pointer leaves before it fires.
                None if term.is_some() => t.timer = None,
                _ => {}
            }
        }
    });
}
