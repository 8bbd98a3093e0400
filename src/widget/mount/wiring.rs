//! The widget's listeners: one delegated listener per event type on its root (clicks, keys,
//! focus, pointer, input, `beforematch`) and the page-level ones (fragment changes, scrolling,
//! printing, leaving the page). A child of `mount`, so it works on the same widget state.

use super::*;

/// Attaches the widget's listeners: one delegated listener per event type on its root, plus
/// the page-level ones (fragment changes, scrolling, leaving the page). All are owned by the
/// widget and removed when it drops.
pub(super) fn wire(state: &Shared) {
    let weak = Rc::downgrade(state);
    let Some((root, window, document)) = state.borrow().as_ref().and_then(|w| {
        let window = web_sys::window()?;
        let document = window.document()?;
        Some((w.root.clone(), window, document))
    }) else {
        return;
    };
    let mut listeners = Vec::new();

    let wk = weak.clone();
    listeners.push(EventListener::new_with_options(
        &root,
        "click",
        EventListenerOptions::enable_prevent_default(),
        move |event| on_click(&wk, event),
    ));

    let wk = weak.clone();
    listeners.push(EventListener::new_with_options(
        &root,
        "keydown",
        EventListenerOptions::enable_prevent_default(),
        move |event| {
            let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) else { return };
            // Marked terms are inline `role="button"` elements: Enter and Space activate them.
            let on_term = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .filter(|el| el.class_list().contains("term"));
            if let (Some(term), "Enter" | " ") = (&on_term, key.as_str()) {
                event.prevent_default();
                if let Some(t) = term.dyn_ref::<HtmlElement>() {
                    t.click();
                }
                return;
            }
            if key == "Escape" {
                with(&wk, |w, _| {
                    let (shadow, root) = (w.shadow.clone(), w.root.clone());
                    let closed = w
                        .loaded
                        .as_mut()
                        .and_then(|l| l.terms.as_mut())
                        .and_then(|t| t.close(&shadow, &root));
                    if let Some(term) = closed {
                        // Escape on the term or inside the popover: focus stays on (or returns to) the term.
                        if let Some(t) = term.dyn_ref::<HtmlElement>() {
                            if shadow.active_element().is_none() {
                                let _ = t.focus();
                            }
                        }
                    } else if w.shadow.query_selector(".side[data-open]").ok().flatten().is_some() {
                        drawer(w, false);
                    }
                });
            }
        },
    ));

    // Find-in-page revealed folded text: the browser already removed `hidden`; follow it.
    let wk = weak.clone();
    listeners.push(EventListener::new(&root, "beforematch", move |event| {
        let Some(body) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        with(&wk, |w, state| {
            let prefix = w.prefix.clone();
            let Some((l, ctx)) = w.parts() else { return };
            let Some(i) = body.id().strip_suffix("-body").and_then(|id| l.find(&ctx, id)) else { return };
            if l.folded[i] {
                l.revealed(&ctx, i);
                let id = l.doc.sections[i].id.clone();
                schedule_save(w, state);
                announce_toggles(state, &prefix, vec![id], true);
            }
        });
    }));

    // Drafts: typing, another tab's changes, leaving with unsaved text.
    let wk = weak.clone();
    listeners.push(EventListener::new(&root, "input", move |event| {
        if let Some(area) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
            on_draft_input(&wk, &area);
        }
    }));
    let wk = weak.clone();
    listeners.push(EventListener::new(&window, "storage", move |event| {
        let Some(e) = event.dyn_ref::<web_sys::StorageEvent>() else { return };
        let Some(key) = e.key() else { return };
        let value = e.new_value();
        with(&wk, |w, _| {
            let (shadow, prefix, lang) = (w.shadow.clone(), w.prefix.clone(), w.lang);
            if let Some(l) = w.loaded.as_mut() {
                if let Some(d) = l.drafts.as_mut() {
                    if d.external(&l.doc, &shadow, &prefix, &key, value, lang).is_some() {
                        d.render_list(&l.doc, &shadow, lang);
                    }
                }
            }
        });
    }));
    let wk = weak.clone();
    listeners.push(EventListener::new_with_options(
        &window,
        "beforeunload",
        EventListenerOptions::enable_prevent_default(),
        move |event| {
            flush(&wk);
            let unsaved = with(&wk, |w, _| {
                w.loaded.as_ref().and_then(|l| l.drafts.as_ref()).is_some_and(|d| d.unsaved())
            })
            .unwrap_or(false);
            if unsaved {
                event.prevent_default();
                if let Some(e) = event.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                    e.set_return_value("unsaved");
                }
            }
        },
    ));

    // Glossary popover: hover intent, focus, and leaving.
    let wk = weak.clone();
    listeners.push(EventListener::new(&root, "pointerover", move |event| on_pointer(&wk, event, true)));
    let wk = weak.clone();
    listeners.push(EventListener::new(&root, "pointerout", move |event| on_pointer(&wk, event, false)));
    let wk = weak.clone();
    listeners.push(EventListener::new(&root, "focusin", move |event| {
        let Some(el) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        with(&wk, |w, _| {
            let is_term = el.class_list().contains("term");
            if is_term {
                // A screen reader reads the term's description now: it must be in the page.
                if let Some((l, ctx)) = w.parts() {
                    l.render_late(&ctx);
                }
            }
            let (shadow, root, lang) = (w.shadow.clone(), w.root.clone(), w.lang);
            let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) else { return };
            if is_term {
                t.open(&shadow, &root, &el, Opened::Focus, lang);
            } else if t.open.is_some() && !t.owns(&shadow, &el) {
                t.close(&shadow, &root);
            }
        });
    }));
    let wk = weak.clone();
    listeners.push(EventListener::new(&document, "pointerdown", move |event| {
        // A press outside the widget closes a popover opened by click or focus.
        let path = event.composed_path();
        with(&wk, |w, _| {
            let (shadow, root) = (w.shadow.clone(), w.root.clone());
            if path.includes(&root, 0) {
                return;
            }
            if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                t.close(&shadow, &root);
            }
        });
    }));

    let wk = weak.clone();
    listeners.push(EventListener::new(&window, "hashchange", move |_| {
        if let Some(hash) = current_hash() {
            let ours = with(&wk, |w, _| hash.starts_with(&w.prefix)).unwrap_or(false);
            if ours {
                navigate(&wk, &hash, true, false);
            }
        }
    }));

    // Printing a report still arriving in chunks prints all of it.
    let wk = weak.clone();
    listeners.push(EventListener::new(&window, "beforeprint", move |_| {
        with(&wk, |w, _| {
            if let Some((l, ctx)) = w.parts() {
                l.ensure_all(&ctx);
            }
        });
    }));

    // Scroll-spy: scroll events of the page or of any scrolling ancestor (captured at the
    // document), handled at most once per frame.
    let wk = weak.clone();
    let capture = EventListenerOptions { phase: EventListenerPhase::Capture, passive: true };
    listeners.push(EventListener::new_with_options(&document, "scroll", capture, move |_| {
        with(&wk, spy_soon);
    }));

    for (target, name) in [
        (window.clone().unchecked_into::<web_sys::EventTarget>(), "pagehide"),
        (document.clone().into(), "visibilitychange"),
    ] {
        let wk = weak.clone();
        let doc = document.clone();
        listeners.push(EventListener::new(&target, name, move |_| {
            if name == "pagehide" || doc.visibility_state() == web_sys::VisibilityState::Hidden {
                flush(&wk);
            }
        }));
    }

    if let Some(w) = state.borrow_mut().as_mut() {
        w.listeners = listeners;
    }
}

/// The delegated click handler: outline links, fold buttons, copy-link buttons, toolbar.
pub(super) fn on_click(weak: &Weak<RefCell<Option<Widget>>>, event: &web_sys::Event) {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let closest = |sel: &str| target.closest(sel).ok().flatten();
    // A click anywhere else in the widget closes the popover.
    if closest(".term").is_none() {
        with(weak, |w, _| {
            let (shadow, root) = (w.shadow.clone(), w.root.clone());
            if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                if t.open.is_some() && !t.owns(&shadow, &target) {
                    t.close(&shadow, &root);
                }
            }
        });
    }
    if let Some(term) = closest(".term") {
        with(weak, |w, _| {
            let (shadow, root, lang) = (w.shadow.clone(), w.root.clone(), w.lang);
            if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                let same_click =
                    t.open.as_ref().is_some_and(|(el, _, how)| el == &term && *how == Opened::Click);
                if same_click {
                    t.close(&shadow, &root);
                } else {
                    t.open(&shadow, &root, &term, Opened::Click, lang);
                }
            }
        });
        return;
    }
    if let Some(b) = closest("button[data-term]") {
        let e = b.get_attribute("data-term").and_then(|v| v.parse::<usize>().ok());
        if let Some(e) = e {
            walk(weak, Some(e), 0);
        }
        return;
    }
    if let Some(link) = closest("a[data-section]") {
        event.prevent_default();
        let id = link.get_attribute("data-section").unwrap_or_default();
        navigate(weak, &id, true, true);
        with(weak, |w, _| drawer(w, false));
    } else if let Some(button) = closest("button.toggle") {
        let id = button.get_attribute("data-section").unwrap_or_default();
        if let Some(i) = with(weak, |w, _| w.parts().and_then(|(l, ctx)| l.find(&ctx, &id))).flatten() {
            toggle(weak, i, None);
        }
    } else if let Some(button) = closest("button.copy-link") {
        let id = button.get_attribute("data-copy").unwrap_or_default();
        with(weak, |w, _| copy_link(w, &id));
    } else if let Some(button) = closest("[data-action]") {
        let action = button.get_attribute("data-action").unwrap_or_default();
        if (action.starts_with("draft")
            || action.starts_with("export")
            || action.starts_with("copy-")
            || action.starts_with("conflict"))
            && on_draft_action(weak, &action, &button)
        {
            return;
        }
        match button.get_attribute("data-action").as_deref() {
            Some("expand-all") => fold_all(weak, false),
            Some("collapse-all") => fold_all(weak, true),
            Some("outline") => {
                with(weak, |w, _| {
                    let open = w.shadow.query_selector(".side[data-open]").ok().flatten().is_none();
                    drawer(w, open);
                });
            }
            Some("outline-close") => {
                with(weak, |w, _| drawer(w, false));
            }
            Some(step @ ("font-smaller" | "font-larger")) => {
                with(weak, |w, _| {
                    let scale = if step == "font-larger" { font_scale() + 1 } else { font_scale() - 1 };
                    let scale = scale.clamp(8, 16);
                    let _ = crate::widget::storage::set(FONT_KEY, &tenths_text(scale));
                    apply_font_scale(&w.root, scale);
                });
            }
            Some("terms") => {
                with(weak, |w, _| {
                    if let Some((l, ctx)) = w.parts() {
                        l.render_late(&ctx);
                    }
                    let Some(panel) = w.shadow.query_selector(".term-index").ok().flatten() else { return };
                    if toggle_panel(&panel, &button) {
                        // On narrow layouts the panel lives in the drawer area: open it there.
                        if let Some(first) = panel.query_selector("button[data-term]").ok().flatten() {
                            if let Some(f) = first.dyn_ref::<HtmlElement>() {
                                let _ = f.focus();
                            }
                        }
                    }
                });
            }
            Some("marks") => {
                with(weak, |w, _| {
                    let (shadow, root) = (w.shadow.clone(), w.root.clone());
                    if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                        let on = !t.marks_on;
                        t.set_marks(&shadow, &root, on);
                    }
                });
            }
            Some(sort @ ("sort-report" | "sort-frequency")) => {
                with(weak, |w, _| terms::sort_index(&w.shadow, sort == "sort-frequency"));
            }
            Some(step @ ("next-occ" | "prev-occ")) => {
                let current =
                    with(weak, |w, _| w.loaded.as_ref().and_then(|l| l.terms.as_ref()).and_then(|t| t.walk))
                        .flatten();
                if let Some((e, k)) = current {
                    let total = with(weak, |w, _| {
                        w.loaded.as_ref().and_then(|l| l.terms.as_ref()).map(|t| t.notes.counts[e])
                    })
                    .flatten()
                    .unwrap_or(1)
                    .max(1);
                    let k = if step == "next-occ" { (k + 1) % total } else { (k + total - 1) % total };
                    walk(weak, Some(e), k);
                }
            }
            Some("close-popover") => {
                with(weak, |w, _| {
                    let (shadow, root) = (w.shadow.clone(), w.root.clone());
                    let term = w
                        .loaded
                        .as_mut()
                        .and_then(|l| l.terms.as_mut())
                        .and_then(|t| t.close(&shadow, &root));
                    if let Some(t) = term.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                        let _ = t.focus();
                    }
                });
            }
            Some("pop-next") => {
                let next = with(weak, |w, _| {
                    let t = w.loaded.as_ref()?.terms.as_ref()?;
                    let (el, e, _) = t.open.as_ref()?;
                    let rank: usize = el.get_attribute("data-o")?.parse().ok()?;
                    Some((*e, (rank + 1) % t.notes.counts[*e].max(1)))
                })
                .flatten();
                if let Some((e, k)) = next {
                    with(weak, |w, _| {
                        let (shadow, root) = (w.shadow.clone(), w.root.clone());
                        if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                            t.close(&shadow, &root);
                        }
                    });
                    walk(weak, Some(e), k);
                }
            }
            _ => {}
        }
    }
}

/// Shows or hides a panel controlled by a disclosure `button`; returns whether it is now open.
pub(super) fn toggle_panel(panel: &Element, button: &Element) -> bool {
    let open = panel.has_attribute("hidden");
    let _ = if open { panel.remove_attribute("hidden") } else { panel.set_attribute("hidden", "") };
    let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
    open
}
