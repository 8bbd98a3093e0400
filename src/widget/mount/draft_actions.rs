//! The drafts part of the widget's wiring: loading them with a report, the panel's actions,
//! typing, export and download. A child of `mount`, so it works on the same widget state.

use super::*;

/// Loads the drafts of the report just shown and adds the drafts panel.
pub(super) fn start_drafts(w: &mut Widget, state: &Shared) {
    let (shadow, prefix, lang, max) = (w.shadow.clone(), w.prefix.clone(), w.lang, w.draft_max);
    let Some(l) = w.loaded.as_mut() else { return };
    let (drafts, set_aside) = Drafts::load(&l.doc, &l.doc_key, max);
    let general = crate::drafts::record::citation(&l.doc, None);
    let panel = crate::render::drafts::drafts_panel(&prefix, &general, drafts.text(GENERAL), max, lang);
    if let Some(side) = shadow.query_selector(".side").ok().flatten() {
        crate::widget::html::insert(&side, "beforeend", &panel);
    }
    drafts.refresh(&shadow, &prefix, GENERAL, lang);
    drafts.render_list(&l.doc, &shadow, lang);
    for key in &set_aside {
        let text = lang.strings().corrupt.replace("{key}", key);
        if let Some(n) = shadow.query_selector(".drafts-notice").ok().flatten() {
            n.set_text_content(Some(&text));
        }
        let message = format!("report-reader: a stored draft could not be read; it was kept under {key}");
        announce(
            state.clone(),
            "draft-issue",
            events::to_js(&events::DraftIssue { code: "draft-corrupt", backup_key: key, message }),
        );
    }
    l.drafts = Some(drafts);
}

/// Saves unsaved drafts now (leaving the page, hiding it, destroy).
pub(super) fn flush_drafts(w: &mut Widget) {
    let (shadow, prefix, lang) = (w.shadow.clone(), w.prefix.clone(), w.lang);
    if let Some(l) = w.loaded.as_mut() {
        if let Some(d) = l.drafts.as_mut() {
            let conflicts = d.save_all(&shadow, &prefix, lang);
            for seg in conflicts {
                d.refresh(&shadow, &prefix, &seg, lang);
            }
        }
    }
}

/// An export as Markdown or pretty JSON.
pub(super) fn export_text(export: &crate::drafts::Export, json: bool, lang: Lang) -> String {
    let t = lang.strings();
    if json {
        let value = events::to_js(export);
        js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &JsValue::from(2))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    } else {
        export.markdown(t.general_draft, t.saved_label, crate::widget::drafts::datetime)
    }
}

/// Offers `text` as a file download.
pub(super) fn download(root: &Element, name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let Some(a) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("a").ok())
    else {
        return;
    };
    let _ = a.set_attribute("href", &url);
    let _ = a.set_attribute("download", name);
    let _ = a.set_attribute("hidden", "");
    let _ = root.append_child(&a);
    if let Some(a) = a.dyn_ref::<HtmlElement>() {
        a.click();
    }
    a.remove();
    // Revoke later: the download reads the blob after this task.
    let _ = Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// The draft actions of the delegated click handler; returns false if `action` is not one.
pub(super) fn on_draft_action(weak: &Weak<RefCell<Option<Widget>>>, action: &str, button: &Element) -> bool {
    let seg = button.get_attribute("data-seg").unwrap_or_default();
    let handled = with(weak, |w, state| {
        let (shadow, prefix, lang, root) = (w.shadow.clone(), w.prefix.clone(), w.lang, w.root.clone());
        let t = lang.strings();
        let Some(l) = w.loaded.as_mut() else { return true };
        let Some(d) = l.drafts.as_mut() else { return true };
        match action {
            "draft-open" => d.open(&l.doc, &shadow, &prefix, &seg, lang),
            "draft-close" => d.close(&shadow, &prefix, &seg),
            "drafts" => {
                if let Some(panel) = shadow.query_selector(".drafts-panel").ok().flatten() {
                    if toggle_panel(&panel, button) {
                        d.open(&l.doc, &shadow, &prefix, GENERAL, lang);
                    }
                }
            }
            "draft-submit" => {
                if button.get_attribute("aria-disabled").as_deref() == Some("true") {
                    return true;
                }
                let conflicts = d.save_all(&shadow, &prefix, lang);
                if conflicts.contains(&seg) {
                    d.refresh(&shadow, &prefix, &seg, lang);
                    return true;
                }
                let document = d.document.clone();
                let Some(item) = d.items.get_mut(&seg) else { return true };
                item.submitted = true;
                let detail = events::Submit {
                    document: &document,
                    section: item.draft.section.as_deref(),
                    title: crate::render::drafts::cite(&item.draft.citation),
                    text: &item.draft.text,
                    updated_at: item.draft.updated_at,
                };
                announce(state.clone(), "draft-submit", events::to_js(&detail));
                if let Some(s) = shadow.get_element_by_id(&format!("{prefix}draft-status-{seg}")) {
                    s.set_text_content(Some(t.submitted_wait));
                }
            }
            "draft-delete" => {
                if let Some(deleted) = d.delete(&shadow, &prefix, &seg) {
                    let weak2 = Rc::downgrade(state);
                    d.undo = Some((
                        deleted,
                        Timeout::new(crate::widget::drafts::UNDO_MS, move || {
                            with(&weak2, |w, _| {
                                if let Some(d) = w.loaded.as_mut().and_then(|l| l.drafts.as_mut()) {
                                    d.undo = None;
                                }
                                if let Some(n) = w.shadow.query_selector(".drafts-notice").ok().flatten() {
                                    crate::widget::html::clear(&n);
                                }
                            });
                        }),
                    ));
                    if let Some(n) = shadow.query_selector(".drafts-notice").ok().flatten() {
                        n.set_text_content(Some(&format!("{} ", t.deleted)));
                        if let Ok(b) = web_sys::window()
                            .and_then(|w| w.document())
                            .ok_or(JsValue::NULL)
                            .and_then(|doc| doc.create_element("button"))
                        {
                            let _ = b.set_attribute("type", "button");
                            let _ = b.set_attribute("data-action", "draft-undo");
                            b.set_text_content(Some(t.undo));
                            let _ = n.append_child(&b);
                        }
                    }
                    announce_text(&shadow, t.deleted);
                }
            }
            "draft-undo" => {
                if let Some((draft, _)) = d.undo.take() {
                    let seg = crate::render::drafts::segment(draft.section.as_deref()).to_owned();
                    d.restore(&l.doc, draft, &shadow, &prefix, lang);
                    if seg != GENERAL {
                        d.open(&l.doc, &shadow, &prefix, &seg, lang);
                    }
                    if let Some(n) = shadow.query_selector(".drafts-notice").ok().flatten() {
                        crate::widget::html::clear(&n);
                    }
                }
            }
            "draft-jump" => {
                if seg == GENERAL {
                    d.open(&l.doc, &shadow, &prefix, GENERAL, lang);
                } else if let Some(i) = l.doc.sections.iter().position(|s| s.id == seg) {
                    if let Some((l, ctx)) = w.parts() {
                        l.go_to(&ctx, i, false);
                        if let Some(d) = l.drafts.as_mut() {
                            d.open(&l.doc, &shadow, &prefix, &seg, lang);
                        }
                    }
                }
            }
            "conflict-mine" | "conflict-theirs" => {
                d.resolve(&shadow, &prefix, &seg, action == "conflict-mine", lang)
            }
            "export-md" | "export-json" | "copy-md" | "copy-json" => {
                let json = action.ends_with("json");
                let text = export_text(&d.export(&l.doc), json, lang);
                let base: String = l
                    .doc
                    .title
                    .clone()
                    .unwrap_or_else(|| d.document.clone())
                    .chars()
                    .filter(|c| !"/\\:*?\"<>|".contains(*c))
                    .collect();
                if action.starts_with("export") {
                    let (name, mime) = if json {
                        (format!("{base}-{}.json", t.drafts_file), "application/json")
                    } else {
                        (format!("{base}-{}.md", t.drafts_file), "text/markdown")
                    };
                    download(&root, &name, mime, &text);
                } else {
                    let clipboard = web_sys::window().map(|win| win.navigator().clipboard());
                    let shadow = shadow.clone();
                    spawn_local(async move {
                        let ok = match clipboard {
                            Some(c) => JsFuture::from(c.write_text(&text)).await.is_ok(),
                            None => false,
                        };
                        announce_text(&shadow, if ok { t.copied } else { t.copy_failed });
                        if let Some(n) = shadow.query_selector(".drafts-notice").ok().flatten() {
                            n.set_text_content(Some(if ok { t.copied } else { t.copy_failed }));
                        }
                    });
                }
            }
            _ => return false,
        }
        if let Some(l) = w.loaded.as_ref() {
            if let Some(d) = l.drafts.as_ref() {
                d.render_list(&l.doc, &shadow, lang);
            }
        }
        true
    });
    handled.unwrap_or(false)
}

/// Typing in a draft: counted at once, saved after a pause.
pub(super) fn on_draft_input(weak: &Weak<RefCell<Option<Widget>>>, area: &web_sys::HtmlTextAreaElement) {
    let Some(seg) = area.get_attribute("data-draft-text") else { return };
    let text = area.value();
    let wk = weak.clone();
    with(weak, |w, _| {
        let (shadow, prefix, lang) = (w.shadow.clone(), w.prefix.clone(), w.lang);
        let Some(l) = w.loaded.as_mut() else { return };
        let Some(d) = l.drafts.as_mut() else { return };
        d.edit(&l.doc, &seg, text);
        d.refresh(&shadow, &prefix, &seg, lang);
        if let Some(s) = shadow.get_element_by_id(&format!("{prefix}draft-status-{seg}")) {
            if d.failing.is_none() {
                s.set_text_content(Some(lang.strings().saving));
            }
        }
        d.timer = Some(Timeout::new(crate::widget::drafts::AUTOSAVE_MS, move || {
            with(&wk, |w, _| {
                let (shadow, prefix, lang) = (w.shadow.clone(), w.prefix.clone(), w.lang);
                if let Some(l) = w.loaded.as_mut() {
                    if let Some(d) = l.drafts.as_mut() {
                        for seg in d.save_all(&shadow, &prefix, lang) {
                            d.refresh(&shadow, &prefix, &seg, lang);
                        }
                        d.render_list(&l.doc, &shadow, lang);
                    }
                }
            });
        }));
    });
}
